/**
 * Load and soak: POST /bids `--bids` times at `--concurrency` clients through the local
 * stack, watching the server's memory (`npm run bench:soak`; not a test).
 *
 * The local stack runs in this process as `npm start` runs it, but in memory: DynamoDB
 * Local (a JVM), s3rver on its own thread in a temporary folder, the dev server with its
 * JWT authorizer in front of the real handlers. The example programme and the NIHR ICAT
 * template are seeded through the API and a snapshot taken; every request then names that
 * snapshot and carries its own Idempotency-Key, so each one renders a PDF and stores it (S3
 * put, DynamoDB transaction). The clients run in a child process
 * (bench/soak-load-client.mjs), so their memory and CPU are not the server's.
 *
 * A warm-up (`--warmup` requests, same concurrency) comes first; its end is the baseline:
 * this process's RSS over the warm-up's last seconds, and its heap used after a full GC
 * (the npm script runs node with --expose-gc). Then the soak: throughput, latency (client side: p50, p90,
 * p99, max), errors by status, and the server's RSS and heap sampled every second (also
 * the DynamoDB Local JVM's RSS, a process of its own that keeps every item in memory).
 * Growth compares the RSS of the soak's last five seconds with the warm-up's last five (both
 * under load); the goal is under 10%.
 *
 *   npm run bench:soak -- [--bids 5000] [--concurrency 16] [--warmup 1000]
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDevKeys, issueDevTokens } from '../local/dev-tokens.js';
import { startLocalStack } from '../local/local-stack.js';
import { dynamoDbLocalPid, seedBidTarget } from './bid-load.js';
import { machineLine } from './machine.js';
import { percentile } from './percentile.js';

const { values: args } = parseArgs({
  options: {
    bids: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
    warmup: { type: 'string', default: '1000' },
  },
});
const bids = Math.max(1, Number.parseInt(args.bids, 10));
const concurrency = Math.max(1, Number.parseInt(args.concurrency, 10));
const warmup = Math.max(0, Number.parseInt(args.warmup, 10));

const log = (line: string) => process.stderr.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

interface PhaseResult {
  phase: string;
  concurrency: number;
  requests: number;
  errors: number;
  /** Responses by status ('201', '500', …, or 'network'). */
  statuses: Record<string, number>;
  errorSamples: string[];
  seconds: number;
  /** Client-side latencies of the 201s, sorted. */
  latencies: number[];
}

type ClientMessage =
  | { type: 'progress'; phase: string; done: number; errors: number }
  | { type: 'done'; phase: string; result: PhaseResult };

interface Sample {
  /** Seconds since the soak began. */
  at: number;
  done: number;
  rss: number;
  heapUsed: number;
  jvmRss: number | undefined;
}

function rssOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Heap in use after a full collection, when node runs with --expose-gc. */
function heapAfterGc(): number | undefined {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return undefined;
  collect();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  log(machineLine());
  log(
    `soak: ${bids} bids at ${concurrency} concurrent clients after a warm-up of ${warmup}; starting the local stack…`,
  );
  const keys = await generateDevKeys();
  const stack = await startLocalStack({ keys, port: 0 });
  const client = fork(new URL('./soak-load-client.mjs', import.meta.url), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  });
  try {
    const tokens = await issueDevTokens(keys, '2h');
    const jvm = dynamoDbLocalPid();
    const target = { ...(await seedBidTarget(stack.server.url, tokens.writer)), concurrency };

    let progress: ((message: Extract<ClientMessage, { type: 'progress' }>) => void) | undefined;
    const runPhase = (phase: string, requests: number) =>
      new Promise<PhaseResult>((resolve, reject) => {
        const onMessage = (message: ClientMessage) => {
          if (message.phase !== phase) return;
          if (message.type === 'progress') progress?.(message);
          if (message.type === 'done') {
            client.off('message', onMessage);
            client.off('exit', onExit);
            resolve(message.result);
          }
        };
        const onExit = (code: number | null) =>
          reject(new Error(`the load client stopped (exit ${code})`));
        client.on('message', onMessage);
        client.once('exit', onExit);
        client.send({ type: 'run', phase, requests, ...target });
      });

    const memoryNow = () => ({
      rss: process.memoryUsage.rss(),
      heapUsed: process.memoryUsage().heapUsed,
      jvmRss: rssOf(jvm),
    });
    /** One sample a second from the start of the warm-up to the end of the soak. */
    const samples: { warmup: Sample[]; soak: Sample[] } = { warmup: [], soak: [] };
    let phase: keyof typeof samples = 'warmup';
    let phaseStart = performance.now();
    let done = 0;
    const sample = () =>
      samples[phase].push({ at: (performance.now() - phaseStart) / 1000, done, ...memoryNow() });
    const sampler = setInterval(sample, 1_000);
    /** Mean RSS of a phase's last five samples: one sample swings with the young generation. */
    const settledRss = (list: readonly Sample[]) => {
      const tail = list.slice(-5);
      return tail.length === 0
        ? process.memoryUsage.rss()
        : tail.reduce((sum, s) => sum + s.rss, 0) / tail.length;
    };

    if (warmup > 0) {
      log(`warm-up: ${warmup} bids…`);
      progress = (m) => {
        done = m.done;
        log(
          `  warm-up: ${m.done}/${warmup}, errors ${m.errors}, server RSS ${mb(memoryNow().rss)}`,
        );
      };
      const warm = await runPhase('warm-up', warmup);
      log(
        `  warm-up done: ${(warm.requests / warm.seconds).toFixed(1)} req/s, errors ${warm.errors}`,
      );
    }
    sample();
    // RSS as the warm-up left it (under load, as the final figure is), then a full GC for
    // the heap that is really in use.
    const baseline = {
      rss: settledRss(samples.warmup),
      jvmRss: memoryNow().jvmRss,
      heapAfterGc: heapAfterGc(),
    };
    const growthPercent = (value: number) => (100 * (value - baseline.rss)) / baseline.rss;
    const growth = (value: number) =>
      `${value >= baseline.rss ? '+' : ''}${growthPercent(value).toFixed(1)}%`;
    log(
      `baseline after warm-up: server RSS ${mb(baseline.rss)} (mean of its last 5 s), heap after GC ${baseline.heapAfterGc === undefined ? 'n/a (run node with --expose-gc)' : mb(baseline.heapAfterGc)}${baseline.jvmRss === undefined ? '' : `, DynamoDB Local JVM RSS ${mb(baseline.jvmRss)}`}`,
    );

    phase = 'soak';
    phaseStart = performance.now();
    done = 0;
    sample();
    progress = (m) => {
      done = m.done;
      const seconds = (performance.now() - phaseStart) / 1000;
      const now = memoryNow();
      log(
        `  soak: ${m.done}/${bids} (${(m.done / seconds).toFixed(1)} req/s), errors ${m.errors}, server RSS ${mb(now.rss)} (${growth(now.rss)}), heap ${mb(now.heapUsed)}`,
      );
    };
    log(`soak: ${bids} bids at ${concurrency} concurrent clients…`);
    const result = await runPhase('soak', bids);
    done = result.requests;
    sample();
    clearInterval(sampler);
    const end = { heapAfterGc: heapAfterGc(), rssAfterGc: process.memoryUsage.rss() };

    const soak = samples.soak;
    const last = soak[soak.length - 1];
    const finalRss = settledRss(soak);
    const maxRss = Math.max(...soak.map((s) => s.rss));
    const ms = (value: number) =>
      Number.isNaN(value) ? 'n/a' : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
    const q = (p: number) => ms(percentile(result.latencies, p));
    const statuses = Object.entries(result.statuses)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
    const step = Math.max(1, Math.ceil(soak.length / 10));
    const timeline = soak.filter((_, index) => index % step === 0 || index === soak.length - 1);
    const optionalMb = (value: number | undefined) => (value === undefined ? 'n/a' : mb(value));
    const lines = [
      `${result.requests} bids at ${concurrency} concurrent clients after a warm-up of ${warmup}.`,
      '',
      '| bids | duration | req/s | p50 | p90 | p99 | max | errors | responses |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${result.requests} | ${result.seconds.toFixed(1)} s | ${(result.requests / result.seconds).toFixed(1)} | ${q(50)} | ${q(90)} | ${q(99)} | ${q(100)} | ${result.errors} | ${statuses} |`,
      '',
      'Server process (RSS after warm-up and final: the mean of the last 5 one-second samples of each phase):',
      '',
      '| | after warm-up | max during the soak | final | growth, final | growth, max | after GC at the end |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      `| RSS | ${mb(baseline.rss)} | ${mb(maxRss)} | ${mb(finalRss)} | ${growth(finalRss)} | ${growth(maxRss)} | ${mb(end.rssAfterGc)} |`,
      `| heap used after GC | ${optionalMb(baseline.heapAfterGc)} | | | | | ${optionalMb(end.heapAfterGc)} |`,
      `| DynamoDB Local JVM RSS | ${optionalMb(baseline.jvmRss)} | | ${optionalMb(last?.jvmRss)} | | | |`,
      '',
      `Over the soak (one sample a second${step === 1 ? '' : `, one in ${step} shown`}):`,
      '',
      '| s | bids done | server RSS | heap used | JVM RSS |',
      '| --- | --- | --- | --- | --- |',
      ...timeline.map(
        (s) =>
          `| ${s.at.toFixed(0)} | ${s.done} | ${mb(s.rss)} | ${mb(s.heapUsed)} | ${optionalMb(s.jvmRss)} |`,
      ),
      '',
      '| goal | measured | |',
      '| --- | --- | --- |',
      `| RSS growth under 10% after warm-up | ${growth(finalRss)} final, ${growth(maxRss)} at most | ${growthPercent(finalRss) < 10 ? 'met' : '**not met**'} |`,
      `| no errors | ${result.errors} of ${result.requests} | ${result.errors === 0 ? 'met' : '**not met**'} |`,
      '',
    ];
    for (const error of result.errorSamples) log(`  error: ${error}`);
    process.stdout.write(lines.join('\n'));
  } finally {
    if (client.connected) client.send({ type: 'stop' });
    await stack.stop();
  }
}

await main();
