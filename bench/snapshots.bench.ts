/**
 * The scheduled snapshot job at scale on DynamoDB Local (`npm run bench:snapshots`; not a
 * test). Starts the emulators once, in memory; for each size N, in its own fresh table:
 * seeds N programmes (the example programme under distinct ids, through the programme
 * store, a few at a time; not timed), then runs the real take-snapshots handler, built as
 * production builds it (`createTableDependencies`), three times:
 *
 *   a. first run: every programme new, so N snapshots taken;
 *   b. second run: nothing changed, so N unchanged;
 *   c. after changing 10% of the programmes: about N/10 taken.
 *
 * Each run is reported with its wall time, its DynamoDB requests (every
 * `DynamoDBDocumentClient.send`, by command, as the integration test counts them; SDK
 * retries inside one send are counted apart, from `$metadata.attempts`) and its throughput.
 * A small untimed warm-up table goes first, so the JVM's JIT does not bill the first size.
 *
 *   npm run bench:snapshots -- [--sizes 250,1000,4000] [--warmup 100]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import type { Programme } from '../functions/programmes/programme-schema.js';
import { SNAPSHOT_METRICS } from '../functions/snapshots/snapshot-metrics.js';
import type { ScheduledSnapshotSummary } from '../functions/snapshots/take-scheduled-snapshots.js';
import { ensureTable, LOCAL_CREDENTIALS, startEmulators } from '../local/emulators.js';
import { machineLine } from './machine.js';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '250,1000,4000' },
    warmup: { type: 'string', default: '100' },
  },
});
const sizes = args.sizes.split(',').map(Number);
const warmupSize = Number(args.warmup);

// The handler logs one summary line per run; per-programme failures are still logged.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const log = (line: string) => process.stderr.write(`${line}\n`);
const root = new URL('../', import.meta.url);
const example = JSON.parse(
  readFileSync(new URL('local/example-programme.json', root), 'utf8'),
) as Programme;
const scheduledEvent: ScheduledEvent = JSON.parse(
  readFileSync(new URL('test/fixtures/events/scheduled-event.json', root), 'utf8'),
);

/** The example programme under another id; `revision` > 0 changes its figures. */
function programme(id: string, revision = 0): Programme {
  const doc = structuredClone(example) as Programme & { trainees: { current: number } };
  doc.id = id;
  if (revision > 0) doc.trainees.current += revision;
  return doc;
}

const programmeId = (i: number) => `bench-${String(i).padStart(5, '0')}`;

// --- Request counting: every DocumentClient send, by command. ---------------------------
const counts = new Map<string, number>();
let retries = 0;
const originalSend = DynamoDBDocumentClient.prototype.send;
DynamoDBDocumentClient.prototype.send = function (this: DynamoDBDocumentClient, ...sendArgs) {
  const name = (sendArgs[0] as object).constructor.name.replace(/Command$/, '');
  counts.set(name, (counts.get(name) ?? 0) + 1);
  const result = (originalSend as (...a: unknown[]) => Promise<unknown>).apply(this, sendArgs);
  return result.then((output) => {
    const attempts = (output as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? 1;
    retries += attempts - 1;
    return output;
  });
} as typeof originalSend;
const resetCounts = () => {
  counts.clear();
  retries = 0;
};
const total = (of: Map<string, number>) => [...of.values()].reduce((a, b) => a + b, 0);

/** Runs `work` on 0..n-1, `limit` at a time. */
async function forEach(n: number, limit: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

interface Row {
  n: number;
  scenario: string;
  expected: string;
  summary: ScheduledSnapshotSummary;
  ms: number;
  requests: Map<string, number>;
  retries: number;
}

log(machineLine());
const emulators = await startEmulators({ tableName: null, bucketName: null });
Object.assign(process.env, emulators.env);
// Imported only now: the logger and the DocumentClient read their environment when built.
const { createTakeSnapshotsHandler } = await import('../functions/handlers/take-snapshots.js');
const { createTableDependencies } = await import('../functions/handlers/dependencies.js');
const metrics = new Metrics({
  namespace: SNAPSHOT_METRICS.namespace,
  serviceName: SNAPSHOT_METRICS.serviceName,
});

async function runSize(n: number, report: boolean): Promise<Row[]> {
  const tableName = `bidwright-snapshots-${n}-${Date.now()}`;
  await ensureTable(emulators.dynamodbEndpoint, tableName);
  const deps = createTableDependencies({ tableName, region: LOCAL_CREDENTIALS.region });
  const save = (id: string, revision = 0) =>
    deps.programmes.save({
      programme: programme(id, revision),
      expected: { kind: 'any' },
      at: new Date().toISOString(),
      by: 'bench',
    });

  const seedStart = performance.now();
  await forEach(n, 16, async (i) => {
    await save(programmeId(i));
  });
  log(`N=${n}: seeded ${n} programmes in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const handler = createTakeSnapshotsHandler(deps, { metrics });
  const rows: Row[] = [];
  const run = async (scenario: string, expected: string) => {
    resetCounts();
    const started = performance.now();
    const summary = await handler({ ...scheduledEvent, id: `bench-${n}-${scenario}` });
    const ms = performance.now() - started;
    const row = { n, scenario, expected, summary, ms, requests: new Map(counts), retries };
    rows.push(row);
    if (report) log(`N=${n}: ${formatRow(row)}`);
    else log(`warm-up N=${n} ${scenario}: ${JSON.stringify(summary)}`);
  };

  await run('a. first run', `${n} taken`);
  await run('b. nothing changed', `${n} unchanged`);
  const changed = Math.round(n / 10);
  // Every tenth programme, so the changed ones are spread over the pages.
  await forEach(changed, 16, async (i) => {
    await save(programmeId(i * 10), 1);
  });
  await run('c. 10% changed', `${changed} taken`);
  return rows;
}

function perCommand(row: Row): string {
  return [...row.requests.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `${name} ${count} (${(count / row.n).toFixed(2)})`)
    .join(', ');
}

function formatRow(row: Row): string {
  const { summary: s } = row;
  const requests = total(row.requests);
  return [
    row.scenario.padEnd(18),
    `taken ${s.taken} / unchanged ${s.unchanged} / failed ${s.failed} (expected ${row.expected})`,
    `${(row.ms / 1000).toFixed(2)} s`,
    `${(row.ms / row.n).toFixed(2)} ms/programme`,
    `${Math.round(row.n / (row.ms / 1000))} programmes/s`,
    `${requests} requests (${(requests / row.n).toFixed(2)}/programme: ${perCommand(row)})`,
    `${row.retries} SDK retries`,
  ].join(' | ');
}

const results: Row[] = [];
let failure: unknown;
try {
  if (warmupSize > 0) await runSize(warmupSize, false);
  for (const n of sizes) results.push(...(await runSize(n, true)));
} catch (error) {
  failure = error;
} finally {
  await emulators.stop();
  DynamoDBDocumentClient.prototype.send = originalSend;
}

// --- Report (stdout): the table, linearity and the goals. ---------------------------------
const lines: string[] = [];
lines.push(
  '| N | scenario | taken / unchanged / failed | wall time | ms per programme | programmes/s | requests | per programme | by command (per programme) | SDK retries |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
);
for (const row of results) {
  const s = row.summary;
  const requests = total(row.requests);
  lines.push(
    `| ${row.n.toLocaleString('en-GB')} | ${row.scenario} | ${s.taken} / ${s.unchanged} / ${s.failed} | ${(row.ms / 1000).toFixed(2)} s | ${(row.ms / row.n).toFixed(2)} | ${Math.round(row.n / (row.ms / 1000))} | ${requests} | ${(requests / row.n).toFixed(2)} | ${perCommand(row)} | ${row.retries} |`,
  );
}
lines.push('', 'Linearity (ms per programme, relative to the smallest N):');
for (const scenario of [...new Set(results.map((r) => r.scenario))]) {
  const of = results.filter((r) => r.scenario === scenario);
  const base = of[0] ? of[0].ms / of[0].n : Number.NaN;
  lines.push(
    `  ${scenario.padEnd(18)} ${of.map((r) => `N=${r.n}: ${(r.ms / r.n).toFixed(2)} ms (×${(r.ms / r.n / base).toFixed(2)})`).join(', ')}`,
  );
}
const firstAt1000 = results.find((r) => r.n === 1000 && r.scenario.startsWith('a'));
const maxPerProgramme = Math.max(...results.map((r) => total(r.requests) / r.n));
const wrong = results.filter((r) => {
  const s = r.summary;
  if (s.failed > 0 || s.scanned !== r.n) return true;
  if (r.scenario.startsWith('a')) return s.taken !== r.n;
  if (r.scenario.startsWith('b')) return s.unchanged !== r.n;
  return s.taken !== Math.round(r.n / 10);
});
lines.push(
  '',
  `Goal 1,000 programmes ≤ 60 s: ${firstAt1000 ? `${(firstAt1000.ms / 1000).toFixed(2)} s (slowest scenario, a) — ${firstAt1000.ms <= 60_000 ? 'met' : 'not met'}` : 'not measured'}`,
  `Goal ≤ 3 requests per programme: worst ${maxPerProgramme.toFixed(2)} — ${maxPerProgramme <= 3 ? 'met' : 'not met'}`,
  `Summaries as expected: ${wrong.length === 0 ? 'yes' : `no (${wrong.map((r) => `N=${r.n} ${r.scenario}`).join('; ')})`}`,
);
process.stdout.write(`\n${lines.join('\n')}\n`);

if (failure) {
  log(
    `The benchmark failed: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}`,
  );
  process.exitCode = 1;
}
