/**
 * POST /bids under load on the local stack (`npm run bench:api`; not a test).
 *
 * Starts the whole local stack in this process (DynamoDB Local in memory, s3rver in a
 * temporary folder on its own thread, the dev server with its JWT authorizer in front of
 * the real handlers), seeds the example programme and the NIHR ICAT template through the
 * API, takes a snapshot, then sends POST /bids naming that snapshot, each request with its
 * own Idempotency-Key, so every one takes the render-and-store path: idempotency lookup,
 * template, programme and snapshot reads, render, S3 put, one DynamoDB transaction. The
 * clients run on a worker thread (bench/api-load-worker.mjs). After a warm-up (both JITs,
 * V8's and the DynamoDB Local JVM's, keep cutting the CPU a request costs for the first
 * ~3,000 requests), each concurrency level runs for a bounded count and time, and is
 * reported with where its time went.
 *
 *   npm run bench:api -- [--requests 500] [--seconds 30] [--levels 1,8,32] [--warmup 3000]
 */

import { subscribe } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { draftBid } from '../functions/bids/draft-bid.js';
import { loadTemplateFolder } from '../functions/narrative/load-template-folder.js';
import type { Programme } from '../functions/programmes/programme-schema.js';
import { generateDevKeys, issueDevTokens } from '../local/dev-tokens.js';
import { startLocalStack } from '../local/local-stack.js';
import { EXAMPLE_PROGRAMME_FILE, EXAMPLE_TEMPLATE_DIR } from '../local/seed.js';
import { dynamoDbLocalPid, seedBidTarget } from './bid-load.js';
import { machineLine } from './machine.js';
import { median, percentile } from './percentile.js';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '30' },
    levels: { type: 'string', default: '1,8,32' },
    warmup: { type: 'string', default: '3000' },
  },
});
const maxRequests = Number(args.requests);
const maxSeconds = Number(args.seconds);
const levels = args.levels.split(',').map(Number);
const warmup = Number(args.warmup);

const log = (line: string) => process.stderr.write(`${line}\n`);

interface LevelResult {
  concurrency: number;
  requests: number;
  errors: number;
  errorSamples: string[];
  seconds: number;
  /** Client-side latencies of the successful requests, sorted. */
  latencies: number[];
}

/** One concurrency level, driven from a worker thread (bench/api-load-worker.mjs). */
function runLevel(
  target: { url: string; token: string; body: unknown },
  concurrency: number,
  limit: { requests: number; seconds: number },
  label: string,
): Promise<LevelResult> {
  const worker = new Worker(new URL('./api-load-worker.mjs', import.meta.url), {
    workerData: { ...target, concurrency, ...limit },
  });
  return new Promise((resolve, reject) => {
    worker.on('message', (message: { type: string; done?: number; result?: LevelResult }) => {
      if (message.type === 'progress') log(`  ${label}: ${message.done}/${limit.requests} done`);
      if (message.type === 'done' && message.result) resolve(message.result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the load worker stopped (exit ${code})`)));
  });
}

/**
 * Where a level's time went, seen from the server's process: time inside the dev server
 * per POST /bids, the time its SDK calls to DynamoDB Local and to s3rver took (request
 * sent to response read, through Node's `http.client.*` diagnostics channels), and the CPU
 * this process and the JVM used.
 */
class Breakdown {
  serverMs = 0;
  served = 0;
  readonly calls = { dynamodb: { count: 0, ms: 0 }, s3: { count: 0, ms: 0 } };
  private cpu = process.cpuUsage();
  private jvmCpu = jvmCpuSeconds();
  private readonly started = new WeakMap<ClientRequest, number>();

  constructor(private readonly ports: { dynamodb: string; s3: string }) {
    subscribe('http.client.request.start', (message) => {
      this.started.set((message as { request: ClientRequest }).request, performance.now());
    });
    subscribe('http.client.response.finish', (message) => {
      const { request } = message as { request: ClientRequest };
      const sent = this.started.get(request);
      if (sent === undefined) return;
      const host = String(request.getHeader('host') ?? '');
      const target = host.endsWith(`:${this.ports.dynamodb}`)
        ? this.calls.dynamodb
        : host.endsWith(`:${this.ports.s3}`)
          ? this.calls.s3
          : undefined;
      if (target) {
        target.count += 1;
        target.ms += performance.now() - sent;
      }
    });
  }

  reset(): void {
    this.serverMs = 0;
    this.served = 0;
    for (const call of Object.values(this.calls)) {
      call.count = 0;
      call.ms = 0;
    }
    this.cpu = process.cpuUsage();
    this.jvmCpu = jvmCpuSeconds();
  }

  /** Per request: milliseconds (and call counts) of each part. */
  perRequest(requests: number) {
    const cpu = process.cpuUsage(this.cpu);
    const jvm = jvmCpuSeconds();
    const n = Math.max(1, this.served);
    return {
      serverMs: this.serverMs / n,
      dynamodbCalls: this.calls.dynamodb.count / n,
      dynamodbMs: this.calls.dynamodb.ms / n,
      s3Calls: this.calls.s3.count / n,
      s3Ms: this.calls.s3.ms / n,
      nodeCpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, requests),
      jvmCpuMs:
        jvm === undefined || this.jvmCpu === undefined
          ? undefined
          : ((jvm - this.jvmCpu) * 1000) / Math.max(1, requests),
    };
  }
}

/** CPU seconds used so far by this process's DynamoDB Local JVM (Linux /proc), if found. */
function jvmCpuSeconds(): number | undefined {
  const pid = dynamoDbLocalPid();
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined; // The process went away.
  }
}

/** The renderer alone, in this (warm) process: what POST /bids cannot be faster than. */
async function renderAlone(runs: number): Promise<number> {
  const programme = JSON.parse(readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8')) as Programme;
  const template = await loadTemplateFolder(EXAMPLE_TEMPLATE_DIR);
  const snapshot = {
    id: '20260101T000000000Z-00000000',
    takenAt: '2026-01-01T00:00:00.000Z',
    sha256: '0'.repeat(64),
  };
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await draftBid({ programme, snapshot, template, date: '2026-01-01' });
    times.push(performance.now() - started);
  }
  return median(times.sort((a, b) => a - b));
}

async function main() {
  log(machineLine());
  log('starting the local stack (DynamoDB Local in memory, s3rver, dev server)…');
  const keys = await generateDevKeys();
  let breakdown: Breakdown | undefined;
  const stack = await startLocalStack({
    keys,
    port: 0,
    log: (entry) => {
      if (breakdown && entry.routeKey === 'POST /bids') {
        breakdown.serverMs += entry.durationMs;
        breakdown.served += 1;
      }
    },
  });
  try {
    breakdown = new Breakdown({
      dynamodb: new URL(stack.emulators.dynamodbEndpoint).port,
      s3: new URL(stack.emulators.s3Endpoint).port,
    });
    const tokens = await issueDevTokens(keys, '1h');
    const target = await seedBidTarget(stack.server.url, tokens.writer);
    log(`seeded; snapshot ${target.body.snapshotId}; warming up with ${warmup} requests…`);
    const warm = await runLevel(target, 8, { requests: warmup, seconds: 60 }, 'warm-up');
    if (warm.errors > 0) throw new Error(`warm-up failed: ${warm.errorSamples.join('; ')}`);

    const results: { result: LevelResult; parts: ReturnType<Breakdown['perRequest']> }[] = [];
    for (const concurrency of levels) {
      log(`concurrency ${concurrency}: up to ${maxRequests} requests or ${maxSeconds} s…`);
      breakdown.reset();
      const result = await runLevel(
        target,
        concurrency,
        { requests: maxRequests, seconds: maxSeconds },
        `c=${concurrency}`,
      );
      results.push({ result, parts: breakdown.perRequest(result.requests) });
      const p = (q: number) => percentile(result.latencies, q).toFixed(0);
      log(
        `  c=${concurrency}: ${(result.requests / result.seconds).toFixed(1)} req/s, p50 ${p(50)} ms, p99 ${p(99)} ms, errors ${result.errors}`,
      );
      for (const sample of result.errorSamples) log(`    error: ${sample}`);
    }
    log('rendering the same bid alone, 100 times…');
    const render = await renderAlone(100);

    const ms = (value: number | undefined) =>
      value === undefined || Number.isNaN(value)
        ? 'n/a'
        : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
    const lines = [
      '| concurrent clients | requests | duration | req/s | p50 | p90 | p99 | max | errors |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...results.map(({ result: r }) => {
        const q = (n: number) => ms(percentile(r.latencies, n));
        return `| ${r.concurrency} | ${r.requests} | ${r.seconds.toFixed(1)} s | ${(r.requests / r.seconds).toFixed(1)} | ${q(50)} | ${q(90)} | ${q(99)} | ${q(100)} | ${r.errors} |`;
      }),
      '',
      'Per request, mean. Call times are summed over calls, sent to response read: calls a',
      'request makes together overlap, and with several requests in flight each call also waits',
      "for the others' rendering, so only at one client does the rest mean render, SDK, JWT, routing.",
      '',
      '| concurrent clients | in the dev server | DynamoDB Local calls (summed time) | s3rver calls (time) | the rest | CPU: this process | CPU: JVM |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...results.map(({ result: r, parts: t }) => {
        const rest = r.concurrency === 1 ? ms(t.serverMs - t.dynamodbMs - t.s3Ms) : '—';
        return `| ${r.concurrency} | ${ms(t.serverMs)} | ${t.dynamodbCalls.toFixed(1)} (${ms(t.dynamodbMs)}) | ${t.s3Calls.toFixed(1)} (${ms(t.s3Ms)}) | ${rest} | ${ms(t.nodeCpuMs)} | ${ms(t.jvmCpuMs)} |`;
      }),
      '',
      `draftBid alone in the same process (warm, sequential): median ${ms(render)}.`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } finally {
    await stack.stop();
  }
}

await main();
