import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileCases } from '../../fixtures/hostile-templates.js';
import type { CaseRequest, CaseResult } from './hostile-case-runner.js';

/**
 * Every hostile template of test/fixtures/hostile-templates, through the real upload check
 * (`parseTemplate`, as `PUT /templates/{id}` runs it) and the real bid engine (`draftBid`
 * with the example programme, as `POST /bids` runs it). Each must be refused where its
 * entry in cases.json says, with the error kind it names and a message that says what is
 * wrong — or, for `never`, rendered with the attack made harmless — within the bounds below.
 * The cases run in a child process: a case that never returns is stopped from outside and
 * fails, instead of stalling the run.
 */

/** Wall time of one case: upload check, narrative and PDF together. */
const MAX_CASE_MS = 1_500;
/** After this a case is taken to hang: the child process is killed. */
const HANG_MS = 10_000;
/** Heap a case may leave behind after a full collection (parsed-template and shaping memos). */
const MAX_RETAINED_BYTES = 16 * 1024 * 1024;
/** How far V8's heap may grow while a case runs. */
const MAX_HEAP_GROWTH_BYTES = 64 * 1024 * 1024;

const corpusUrl = new URL('../../fixtures/hostile-templates/', import.meta.url);
const corpusDir = fileURLToPath(corpusUrl);
const cases = hostileCases();

/** A child process running hostile-case-runner.ts, one case at a time. */
class CaseRunner {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;

  constructor(private readonly hangMs = HANG_MS) {}

  private start(): Promise<void> {
    const child = fork(fileURLToPath(new URL('./hostile-case-runner.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the case runner exited with ${code}`)));
    });
  }

  async run(dir: string, stallMs?: number): Promise<CaseResult> {
    this.ready ??= this.start();
    await this.ready;
    const child = this.child;
    if (!child) throw new Error('the case runner is not running');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stop();
        reject(new Error(`the case did not finish within ${this.hangMs} ms`));
      }, this.hangMs);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        this.ready = undefined;
        reject(new Error(`the case runner crashed (exit ${code})`));
      };
      child.once('exit', onExit);
      child.once('message', (result: CaseResult) => {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(result);
      });
      const request: CaseRequest = stallMs === undefined ? { dir } : { dir, stallMs };
      child.send(request);
    });
  }

  stop(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
    this.ready = undefined;
  }
}

const runner = new CaseRunner();
const measured: { id: string; ms: number; retained: number; growth: number }[] = [];

beforeAll(async () => {
  // Start the child (tsx, fonts, one warm-up bid) outside any case's time.
  await runner.run(fileURLToPath(new URL('../../fixtures/templates/minimal', import.meta.url)));
}, 60_000);

afterAll(() => {
  runner.stop();
  const slowest = [...measured].sort((a, b) => b.ms - a.ms).slice(0, 3);
  const heaviest = [...measured].sort((a, b) => b.growth - a.growth).slice(0, 3);
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.info(
    `hostile templates: slowest ${slowest.map((m) => `${m.id} ${m.ms.toFixed(0)} ms`).join(', ')}; ` +
      `most heap growth ${heaviest.map((m) => `${m.id} ${mb(m.growth)}`).join(', ')}; ` +
      `most retained ${mb(Math.max(...measured.map((m) => m.retained)))}`,
  );
});

describe('Corpus: hostile templates', () => {
  it('lists every case folder in cases.json and in its README, once each', () => {
    // Prepare
    const folders = readdirSync(corpusDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const readme = readFileSync(new URL('README.md', corpusUrl), 'utf8');

    // Assess
    expect(cases.map((entry) => entry.id).sort()).toEqual(folders);
    for (const id of folders) expect(readme).toContain(`| \`${id}\` |`);
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases)(
    '$id ($attempts) is refused at $refused, bounded in time and memory',
    async (entry) => {
      // Act
      const result = await runner.run(fileURLToPath(new URL(`${entry.id}/`, corpusUrl)));
      measured.push({
        id: entry.id,
        ms: result.ms,
        retained: result.retainedBytes,
        growth: result.heapGrowthBytes,
      });

      // Assess: where and how it ended
      if (entry.refused === 'upload') {
        expect(result).toMatchObject({
          stage: 'upload',
          errorName: 'InvalidTemplateError',
          status: 400,
          kind: entry.kind,
        });
      } else if (entry.refused === 'bid') {
        expect(result).toMatchObject({
          stage: 'bid',
          errorName: 'TemplateError',
          kind: entry.kind,
        });
      } else {
        expect(result.errorName).toBeUndefined();
        expect(result.stage).toBe('rendered');
      }
      if (entry.refused !== 'never') expect(result.message).toContain(entry.message);
      if (entry.section !== undefined) expect(result.section).toBe(entry.section);

      // Assess: bounds
      expect(result.ms).toBeLessThan(MAX_CASE_MS);
      expect(result.retainedBytes).toBeLessThan(MAX_RETAINED_BYTES);
      expect(result.heapGrowthBytes).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
      expect(result.prototypesClean).toBe(true);
    },
    HANG_MS + 20_000,
  );

  it('renders a javascript: link as its text alone, with no link or script in the PDF', async () => {
    // Act
    const result = await runner.run(fileURLToPath(new URL('javascript-link/', corpusUrl)));

    // Assess
    expect(result.stage).toBe('rendered');
    expect(result.text).toContain('"text":"Read more about the programme."');
    expect(result.text).not.toMatch(/javascript|alert|cookie/i);
    expect(result.pdf).not.toMatch(/javascript|\/URI|\/JS|\/Annots/i);
  });
});

/**
 * Pieces of template, valid and not, each cheap on its own. A flood repeats a few of them to
 * fill the largest source, which all 30 sections name: whatever the upload check or the bid
 * does once per value, tag, chart or mark, it does some 100,000 times.
 */
const FLOOD_PIECES = [
  '{{ programme.name }} ',
  '{{ figures.posts.total | plus: 1 }} ',
  '{{ figures.progression[0].rate }}',
  '{% if programme.name %}a{% endif %}',
  '{% for p in figures.progression %}{{ p.cohort }} {% endfor %}',
  '{% assign x = programme.name %}',
  '{% capture c %}a{% endcapture %}{{ c }}',
  '{{ unknown.name }}',
  '{% if %}',
  '```chart\ntype: bar\ntitle: T\nlabels: [a]\nvalues: [1]\n```\n',
  '```chart\n',
  '**a** ',
  '_a_ ',
  '*',
  '[a](https://example.org) ',
  '[',
  '| a | b |\n| - | - |\n| 1 | 2 |\n',
  '- item\n',
  '  - ',
  '> ',
  '## Part\n',
  '`code` ',
  '&amp; ',
  'word ',
  'é😀 ',
  '\n',
  '\n\n',
];

const FLOOD_RUNS = 12;

const floods = fc.record({
  pieces: fc.array(fc.constantFrom(...FLOOD_PIECES), { minLength: 1, maxLength: 3 }),
  liquidFirst: fc.boolean(),
});

/** A template folder whose 30 sections all name one 100 KB source of the repeated pieces. */
function floodFolder(pieces: string[], liquidFirst: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'bidwright-flood-'));
  const head = liquidFirst ? '{{ programme.name }}\n' : '';
  const unit = pieces.join('');
  const source = head + unit.repeat(Math.floor((100 * 1024 - head.length) / unit.length));
  writeFileSync(join(dir, 'part.md'), source);
  const sections = Array.from({ length: 30 }, (_, i) => ({
    id: `part-${i + 1}`,
    heading: `Part ${i + 1}`,
    source: 'part.md',
  }));
  const manifest = {
    id: 'flood',
    title: 'Flood',
    competition: 'Hostile template corpus',
    sections,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('Generated: floods of template pieces', () => {
  it(
    'ends every flood, refused or rendered, within the bounds of a hostile case',
    async () => {
      await fc.assert(
        fc.asyncProperty(floods, async ({ pieces, liquidFirst }) => {
          const dir = floodFolder(pieces, liquidFirst);
          try {
            // Act
            const result = await runner.run(dir);
            measured.push({
              id: `flood ${JSON.stringify(pieces)}`,
              ms: result.ms,
              retained: result.retainedBytes,
              growth: result.heapGrowthBytes,
            });

            // Assess: refused with a template error, or rendered; within the bounds
            if (result.stage !== 'rendered') {
              expect(['InvalidTemplateError', 'TemplateError']).toContain(result.errorName);
            }
            expect(result.ms).toBeLessThan(MAX_CASE_MS);
            expect(result.heapGrowthBytes).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
            expect(result.retainedBytes).toBeLessThan(MAX_RETAINED_BYTES);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }),
        // A fixed seed, and every flood that once broke the bounds: a list item's text running
        // on for 15,000 lines took the Markdown reader 3.2 s.
        {
          numRuns: FLOOD_RUNS,
          seed: 20_261_125,
          examples: [[{ pieces: ['- item\n', '&amp; '], liquidFirst: false }]],
        },
      );
    },
    (FLOOD_RUNS + 1) * (HANG_MS + 5_000),
  );
});

describe('Class: CaseRunner', () => {
  it('fails a case that never returns instead of waiting for it', async () => {
    // Prepare: a runner that gives up after 2 s, and a case that keeps its process busy for an hour.
    const impatient = new CaseRunner(2_000);
    await impatient.run(fileURLToPath(new URL('unclosed-if/', corpusUrl)));
    const started = performance.now();

    // Act
    const outcome = impatient.run(fileURLToPath(new URL('unclosed-if/', corpusUrl)), 3_600_000);

    // Assess
    await expect(outcome).rejects.toThrow('the case did not finish within 2000 ms');
    expect(performance.now() - started).toBeLessThan(5_000);
    impatient.stop();
  }, 60_000);
});
