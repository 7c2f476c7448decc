import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/bidwright.js';
import { sha256Hex } from '../../../functions/snapshots/canonical-json.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const exampleProgramme = join(root, 'local/example-programme.json');
const nihrIcat = join(root, 'templates/nihr-icat');

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bidwright-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    today: () => new Date('2026-11-24T10:00:00Z'),
  });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

function renderArgs(overrides: Record<string, string> = {}): string[] {
  const options = {
    programme: exampleProgramme,
    template: nihrIcat,
    out: join(dir, 'bid.pdf'),
    date: '2026-11-24',
    ...overrides,
  };
  return ['render', ...Object.entries(options).flatMap(([k, v]) => [`--${k}`, v])];
}

async function programmeFile(name: string, change: (doc: any) => void): Promise<string> {
  const doc = JSON.parse(await readFile(exampleProgramme, 'utf8'));
  change(doc);
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(doc));
  return path;
}

async function templateCopy(name: string, change: (manifest: any) => void): Promise<string> {
  const copy = join(dir, name);
  await cp(nihrIcat, copy, { recursive: true });
  const manifestPath = join(copy, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  change(manifest);
  await writeFile(manifestPath, JSON.stringify(manifest));
  return copy;
}

describe('Command: bidwright render', () => {
  it('writes the bid PDF and says where it went', async () => {
    // Act
    const result = await run(renderArgs());

    // Assess
    expect(result.status).toBe(0);
    const bytes = await readFile(join(dir, 'bid.pdf'));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(result.out).toContain(`Wrote ${join(dir, 'bid.pdf')}`);
    expect(result.out).toContain(`sha256 ${sha256Hex(bytes)}`);
    expect(result.err).toBe('');
  });

  it('names the snapshot by the sha256 of the programme’s canonical JSON', async () => {
    const reordered = await programmeFile('reordered.json', (doc) => {
      const { id, ...rest } = doc;
      for (const key of Object.keys(doc)) delete doc[key];
      Object.assign(doc, rest, { id });
    });
    const first = await run(renderArgs());
    const second = await run(renderArgs({ programme: reordered, out: join(dir, 're.pdf') }));
    const snapshotLine = (text: string) => text.split('\n').find((l) => l.startsWith('Snapshot'));
    expect(snapshotLine(first.out)).toMatch(/^Snapshot [0-9a-f]{64}$/);
    expect(snapshotLine(second.out)).toBe(snapshotLine(first.out));
  });

  it('gives the same bytes for the same programme, template and date', async () => {
    await run(renderArgs({ out: join(dir, 'a.pdf') }));
    await run(renderArgs({ out: join(dir, 'b.pdf') }));
    const [a, b] = await Promise.all([readFile(join(dir, 'a.pdf')), readFile(join(dir, 'b.pdf'))]);
    expect(sha256Hex(a)).toBe(sha256Hex(b));
  });

  it('prints word-limit overruns as warnings and still writes the PDF', async () => {
    const template = await templateCopy('tight', (manifest) => {
      manifest.sections[1].wordLimit = 50;
    });
    const out = join(dir, 'tight.pdf');

    const result = await run(renderArgs({ template, out }));

    expect(result.status).toBe(0);
    expect(result.err).toMatch(/^warning: section "posts" has \d+ words; its limit is 50$/m);
    expect((await readFile(out)).length).toBeGreaterThan(0);
  });

  it('refuses an invalid programme with exit 1, naming the field', async () => {
    const programme = await programmeFile('bad.json', (doc) => {
      doc.progression[0].progressed = 90;
    });

    const result = await run(renderArgs({ programme, out: join(dir, 'bad.pdf') }));

    expect(result.status).toBe(1);
    expect(result.err).toContain('progression[0].progressed: must be ≤ total (86)');
  });

  it('refuses a programme file that is not JSON with exit 1', async () => {
    const programme = join(dir, 'broken.json');
    await writeFile(programme, '{"id": ');
    const result = await run(renderArgs({ programme }));
    expect(result.status).toBe(1);
    expect(result.err).toContain('is not valid JSON');
  });

  it('refuses a missing programme file with exit 1, saying why', async () => {
    const result = await run(renderArgs({ programme: join(dir, 'absent.json') }));
    expect(result.status).toBe(1);
    expect(result.err).toContain('cannot read programme file');
    expect(result.err).toContain('no such file or folder');
  });

  it('refuses a template folder it cannot read with exit 1 and one line, no stack', async () => {
    const empty = join(dir, 'empty-template');
    await mkdir(empty);
    const cases = [
      [join(dir, 'no-such-template'), 'does not exist'],
      [empty, 'manifest.json'],
      [exampleProgramme, 'not a folder'],
    ] as const;
    for (const [template, message] of cases) {
      const result = await run(renderArgs({ template, out: join(dir, 'unread.pdf') }));
      expect(result.status).toBe(1);
      expect(result.err).toMatch(/^bidwright: /);
      expect(result.err).toContain(message);
      expect(result.err).not.toContain('    at ');
    }
  });

  it('refuses a manifest that breaks the schema with exit 1, one line a problem', async () => {
    const template = await templateCopy('bad-manifest', (manifest) => {
      manifest.sections[0].source = '../escape.md';
    });
    const result = await run(renderArgs({ template, out: join(dir, 'bad-manifest.pdf') }));
    expect(result.status).toBe(1);
    expect(result.err).toContain('bidwright: the template is not valid:');
    expect(result.err).toContain('manifest.sections[0].source: ');
  });

  it('says why it cannot write the PDF, and leaves no partial file', async () => {
    const folder = join(dir, 'out-folder');
    await mkdir(folder);
    const result = await run(renderArgs({ out: folder }));
    expect(result.status).toBe(1);
    expect(result.err).toContain(`cannot write "${folder}": it is a folder`);
    await expect(stat(`${folder}.partial`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses an --out that would overwrite the programme or write into the template, with exit 2', async () => {
    const programme = await programmeFile('kept.json', () => undefined);
    const before = await readFile(programme, 'utf8');
    const template = await templateCopy('kept-template', () => undefined);

    const overProgramme = await run(renderArgs({ programme, out: programme }));
    const intoTemplate = await run(renderArgs({ template, out: join(template, 'bid.pdf') }));

    expect(overProgramme.status).toBe(2);
    expect(overProgramme.err).toContain('--out names the programme file');
    expect(await readFile(programme, 'utf8')).toBe(before);
    expect(intoTemplate.status).toBe(2);
    expect(intoTemplate.err).toContain('--out is inside the template folder');
  });

  it('refuses a template that uses a figure the programme lacks, naming section, line and figure', async () => {
    const programme = await programmeFile('no-lead.json', (doc) => {
      delete doc.lead;
    });

    const result = await run(renderArgs({ programme, out: join(dir, 'no-lead.pdf') }));

    expect(result.status).toBe(1);
    expect(result.err).toContain('summary');
    expect(result.err).toContain('programme.lead');
    expect(result.err).toMatch(/line \d+/);
  });

  it.each([
    [[], 'no command given'],
    [['draw'], 'unknown command "draw"'],
    [['render', '--programme', 'x.json'], 'missing --template, --out'],
    [
      ['render', '--colour', 'red'],
      'unknown option "--colour"; the options are --programme, --template, --out, --date and --help',
    ],
  ])('answers usage error %j with exit 2', async (argv, message) => {
    const result = await run(argv);
    expect(result.status).toBe(2);
    expect(result.err).toContain(message);
  });

  it('does not suggest passing an unknown option as an argument, which render refuses', async () => {
    const result = await run(['render', '-x']);
    expect(result.status).toBe(2);
    expect(result.err).toContain('unknown option "-x"');
    expect(result.err).not.toContain('positional');
  });

  it('refuses a date that is not on the calendar with exit 2', async () => {
    const result = await run(renderArgs({ date: '2026-02-30' }));
    expect(result.status).toBe(2);
    expect(result.err).toContain('--date "2026-02-30" is not a YYYY-MM-DD date');
  });

  it('documents itself with --help', async () => {
    const result = await run(['--help']);
    expect(result.status).toBe(0);
    expect(result.out).toContain('Usage: bidwright render --programme FILE.json');
    expect(result.out).toContain('Exit status');
  });

  it('runs as the installed bidwright command with its exit status', async () => {
    const bin = join(root, 'bin/bidwright.js');
    const exec = promisify(execFile);
    const failure = await exec(process.execPath, [bin, 'render'], { cwd: dir }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect('code' in failure && failure.code).toBe(2);
    expect(failure.stderr).toContain('missing --programme, --template, --out');
  });
});
