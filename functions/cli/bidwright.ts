import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { draftBid } from '../bids/draft-bid.js';
import { BidwrightError, ValidationError } from '../errors/errors.js';
import { loadTemplateFolder } from '../narrative/load-template-folder.js';
import {
  TemplateError,
  TemplateLoadError,
  TemplateSchemaError,
} from '../narrative/template-error.js';
import { parseProgramme } from '../programmes/parse-programme.js';
import { UncoveredCharacterError } from '../render/coverage.js';
import { snapshotOfDocument } from '../snapshots/snapshot-of.js';

export const USAGE = `Usage: bidwright render --programme FILE.json --template DIR --out FILE.pdf [--date YYYY-MM-DD]

Renders a draft bid PDF from a programme's figures and a competition template, offline.
The programme file is treated as a snapshot whose id is the sha256 of its canonical JSON.

Options:
  --programme FILE   the programme's figures as JSON (the body of PUT /programmes/{id})
  --template DIR     a template folder holding manifest.json, e.g. templates/nihr-icat
  --out FILE         where to write the PDF
  --date YYYY-MM-DD  the date the bid carries, also its PDF creation date (default: today, UTC)
  -h, --help         show this help

Exit status: 0 rendered (word-limit warnings are printed), 1 invalid programme or template,
or a file that cannot be read or written, 2 usage error (--out may not be the programme
file or inside the template folder).`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  today: () => Date;
}

const defaultIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  today: () => new Date(),
};

class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Input the user can fix: a file that is missing or not JSON. */
class InputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputError';
  }
}

interface RenderOptions {
  programme: string;
  template: string;
  out: string;
  date: string;
}

/** Runs the CLI and returns its exit status. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    const command = parseCommand(argv, io);
    if (command === 'help') {
      io.out(USAGE);
      return 0;
    }
    await render(command, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`bidwright: ${error.message}`);
      io.err('Try "bidwright --help".');
      return 2;
    }
    if (error instanceof ValidationError) {
      io.err(`bidwright: ${error.subject} is invalid:`);
      for (const problem of error.details) {
        io.err(`  ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
      }
      return 1;
    }
    if (error instanceof TemplateSchemaError) {
      io.err('bidwright: the template is not valid:');
      for (const issue of error.issues) io.err(`  ${issue.path}: ${issue.message}`);
      return 1;
    }
    if (
      error instanceof InputError ||
      error instanceof BidwrightError ||
      error instanceof TemplateError ||
      error instanceof TemplateLoadError ||
      error instanceof UncoveredCharacterError
    ) {
      const reason = error instanceof InputError ? reasonOf(error.cause) : '';
      io.err(`bidwright: ${error.message}${reason}`);
      return 1;
    }
    throw error;
  }
}

function parseCommand(argv: string[], io: Io): RenderOptions | 'help' {
  let parsed: ReturnType<typeof parseRenderArgs>;
  try {
    parsed = parseRenderArgs(argv);
  } catch (error) {
    throw new UsageError(argumentProblem(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError('no command given; the command is "render"');
  if (command !== 'render') throw new UsageError(`unknown command "${command}"`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const missing = (['programme', 'template', 'out'] as const).filter((name) => !values[name]);
  if (missing.length > 0) {
    throw new UsageError(`missing ${missing.map((name) => `--${name}`).join(', ')}`);
  }
  const date = values.date ?? io.today().toISOString().slice(0, 10);
  if (!isCalendarDate(date)) throw new UsageError(`--date "${date}" is not a YYYY-MM-DD date`);
  const out = resolve(values.out as string);
  if (out === resolve(values.programme as string)) {
    throw new UsageError('--out names the programme file; the PDF would replace the figures');
  }
  if (isInside(out, resolve(values.template as string))) {
    throw new UsageError('--out is inside the template folder; write the PDF elsewhere');
  }
  return {
    programme: values.programme as string,
    template: values.template as string,
    out: values.out as string,
    date,
  };
}

function parseRenderArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      programme: { type: 'string' },
      template: { type: 'string' },
      out: { type: 'string' },
      date: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/**
 * parseArgs's own wording, but for an unknown option: its advice to pass the option as an
 * argument after `--` leads to a second refusal, since render takes no further argument.
 */
function argumentProblem(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(error.message);
  if ((error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    return `unknown option "${unknown[1]}"; the options are --programme, --template, --out, --date and --help`;
  }
  return error.message;
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

async function render(options: RenderOptions, io: Io): Promise<void> {
  const document = await readJson(options.programme);
  const programme = parseProgramme(document);
  const template = await loadTemplateFolder(options.template);
  const snapshot = snapshotOfDocument(programme, `${options.date}T00:00:00.000Z`);

  const bid = await draftBid({ programme, snapshot, template, date: options.date });

  for (const warning of bid.warnings) {
    io.err(
      `warning: section "${warning.section}" has ${warning.words} words; its limit is ${warning.limit}`,
    );
  }
  const partial = `${options.out}.partial`;
  try {
    await writeFile(partial, bid.pdf.bytes);
    await rename(partial, options.out);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw new InputError(`cannot write "${options.out}"`, { cause: error });
  }
  io.out(
    `Wrote ${options.out}: ${bid.pdf.pages} pages, ${formatKb(bid.pdf.bytes.length)}, sha256 ${bid.pdf.sha256}`,
  );
  io.out(`Snapshot ${snapshot.id}`);
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read programme file "${path}"`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`programme file "${path}" is not valid JSON: ${reason}`, {
      cause: error,
    });
  }
}

/** `: <why>` for a file system error behind a message, e.g. `: it is a folder`; else nothing. */
function reasonOf(cause: unknown): string {
  const code = (cause as { code?: unknown } | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is not a folder',
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
  };
  if (typeof code !== 'string') return '';
  return `: ${reasons[code] ?? code}`;
}

/** Whether `path` is `folder` or inside it. */
function isInside(path: string, folder: string): boolean {
  const rest = relative(folder, path);
  return rest === '' || (!rest.startsWith('..') && !isAbsolute(rest));
}

function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
