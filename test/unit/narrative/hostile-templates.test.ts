import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
