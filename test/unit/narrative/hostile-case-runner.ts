/**
 * Runs hostile templates (test/fixtures/hostile-templates) through the real engine in a
 * process of its own, so that a case which never returns can be stopped from outside, and
 * so that time and heap are measured without the test runner's own allocations. Started by
 * hostile-templates.test.ts with `--import tsx --expose-gc`; each message names a case
 * folder, each reply is a CaseResult.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { draftBid } from '../../../functions/bids/draft-bid.js';
import { InvalidTemplateError } from '../../../functions/errors/errors.js';
import { loadTemplateFolder } from '../../../functions/narrative/load-template-folder.js';
import { TemplateError } from '../../../functions/narrative/template-error.js';
import type { TemplateSource } from '../../../functions/narrative/template-schema.js';
import { parseProgramme } from '../../../functions/programmes/parse-programme.js';
import { snapshotOfDocument } from '../../../functions/snapshots/snapshot-of.js';
import { parseTemplate } from '../../../functions/templates/parse-template.js';
import { templateBody } from '../../fixtures/hostile-templates.js';

/** How a case ended, and what it cost. */
export interface CaseResult {
  /** Where it stopped: refused at upload, refused at bid time, or rendered. */
  stage: 'upload' | 'bid' | 'rendered';
  /** The error's class name, when something was thrown. */
  errorName?: string;
  /** The HTTP status the error carries (InvalidTemplateError: 400). */
  status?: number;
  /** The template error's kind, or `schema` for a template of the wrong shape. */
  kind?: string;
  section?: string;
  message?: string;
  /** Wall time of upload check and bid rendering together. */
  ms: number;
  /** Heap still used after a full collection, minus the same before the case. */
  retainedBytes: number;
  /** How far V8's heap grew while the case ran: its peak, as near as can be read. */
  heapGrowthBytes: number;
  /** For a rendered case: the words of its sections, and the PDF's bytes as Latin-1. */
  text?: string;
  pdf?: string;
  /** Whether Object.prototype and Array.prototype are as they were. */
  prototypesClean: boolean;
}

export interface CaseRequest {
  dir: string;
  /** Busy the process this long first, as an engine stuck in a loop would (tests the hang check). */
  stallMs?: number;
}

const root = new URL('../../../', import.meta.url);
const programme = parseProgramme(
  JSON.parse(readFileSync(new URL('local/example-programme.json', root), 'utf8')),
);
const DATE = '2026-11-24';
const snapshot = snapshotOfDocument(programme, `${DATE}T00:00:00.000Z`);

const collect: () => void = typeof globalThis.gc === 'function' ? globalThis.gc : () => undefined;

function prototypesClean(): boolean {
  const probe: Record<string, unknown> = {};
  return (
    Object.getOwnPropertyNames(Object.prototype).length === OBJECT_KEYS &&
    Object.getOwnPropertyNames(Array.prototype).length === ARRAY_KEYS &&
    probe.name === undefined &&
    Object.getPrototypeOf(probe) === Object.prototype
  );
}
const OBJECT_KEYS = Object.getOwnPropertyNames(Object.prototype).length;
const ARRAY_KEYS = Object.getOwnPropertyNames(Array.prototype).length;

function refusal(error: unknown): Partial<CaseResult> {
  if (error instanceof InvalidTemplateError) {
    const [problem] = error.details;
    return {
      errorName: error.name,
      status: error.status,
      kind: problem?.kind ?? (problem?.path === undefined ? undefined : 'schema'),
      message: error.message,
      ...(problem?.section === undefined ? {} : { section: problem.section }),
    };
  }
  if (error instanceof TemplateError) {
    return {
      errorName: error.name,
      kind: error.kind,
      message: error.message,
      section: error.section,
    };
  }
  return {
    errorName: error instanceof Error ? error.name : typeof error,
    message: error instanceof Error ? error.message : String(error),
  };
}

async function runStages(
  dir: string,
): Promise<Omit<CaseResult, 'ms' | 'retainedBytes' | 'heapGrowthBytes' | 'prototypesClean'>> {
  let uploaded: TemplateSource;
  try {
    uploaded = await parseTemplate(templateBody(dir));
  } catch (error) {
    return { stage: 'upload', ...refusal(error) };
  }
  // A folder is also read the way the CLI reads it; a body.json has no folder form.
  const template = existsSync(join(dir, 'body.json')) ? uploaded : await loadTemplateFolder(dir);
  try {
    const bid = await draftBid({ programme, snapshot, template, date: DATE });
    return {
      stage: 'rendered',
      text: JSON.stringify(bid.document.sections),
      pdf: bid.pdf.bytes.toString('latin1'),
    };
  } catch (error) {
    return { stage: 'bid', ...refusal(error) };
  }
}

export async function runCase(dir: string): Promise<CaseResult> {
  collect();
  const before = process.memoryUsage().heapUsed;
  const heapBefore = getHeapStatistics().total_heap_size;
  const started = performance.now();
  const outcome = await runStages(dir);
  const ms = performance.now() - started;
  const heapGrowthBytes = Math.max(0, getHeapStatistics().total_heap_size - heapBefore);
  collect();
  const retainedBytes = process.memoryUsage().heapUsed - before;
  return { ...outcome, ms, retainedBytes, heapGrowthBytes, prototypesClean: prototypesClean() };
}

/** Renders one ordinary bid first, so font loading is not charged to the first case. */
async function warmUp(): Promise<void> {
  const minimal = await loadTemplateFolder(
    fileURLToPath(new URL('test/fixtures/templates/minimal', root)),
  );
  await draftBid({ programme, snapshot, template: minimal, date: DATE });
}

// Only when started as the child process, never when a test file imports its types.
if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const send = process.send.bind(process);
  await warmUp();
  process.on('message', (request: CaseRequest) => {
    const until = performance.now() + (request.stallMs ?? 0);
    while (performance.now() < until) {
      // Synchronous, as a hang in the engine would be: nothing else runs in this process.
    }
    runCase(request.dir).then(
      (result) => send(result),
      (error: unknown) => send({ stage: 'upload', ...refusal(error), ms: 0 }),
    );
  });
  send({ ready: true });
}
