/**
 * The Lambda bundles as CDK builds them (`npm run bench:bundles`; not a test): for each
 * function, the zipped size of its asset directory (what `cdk deploy` uploads) and, over
 * fresh plain-node processes, the time from the start of `import('index.mjs')` to the
 * module being loaded and to the handler's first response, against the emulators: an API
 * Gateway v2 event for each HTTP function, an EventBridge scheduled event for
 * take-snapshots. Each bundle is copied into an empty directory first, so nothing outside
 * it can be resolved. The processes run in rounds of one per function. A response that is
 * not a success (an HTTP status outside 2xx, a scheduled run with a failed programme) stops
 * the bench: its time would be that of a failure, not of the function's work.
 *
 * The emulators are warmed up first, each function's request served many times by its
 * handler in this process against a table and bucket of their own: a freshly started
 * DynamoDB Local answers a transaction in 10–15 ms until its JVM has compiled its paths,
 * 2–4 ms after. What is measured is the function's cold start, not the emulator's.
 *
 *   npm run bench:bundles -- [--processes 5] [--only create-bid,get-bid] [--warm-up 100]
 *                            [--cpu-prof DIR]
 *
 * `--warm-up 0` measures against the emulators as they start. `--cpu-prof DIR` writes a V8
 * CPU profile of each measured process into DIR.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDependencies } from '../functions/handlers/dependencies.js';
import type { HandlerName } from '../functions/http/routes.js';
import { loadTemplateFolder } from '../functions/narrative/load-template-folder.js';
import type { TemplateSource } from '../functions/narrative/template-schema.js';
import type { Programme } from '../functions/programmes/programme-schema.js';
import type { ScheduledSnapshotSummary } from '../functions/snapshots/take-scheduled-snapshots.js';
import { putTemplate } from '../functions/templates/put-template.js';
import {
  ensureBucket,
  ensureTable,
  LOCAL_CREDENTIALS,
  startEmulators,
} from '../local/emulators.js';
import { inProcessHandlers } from '../local/handler-invokers.js';
import { asReviewer, type EventOptions, httpEvent } from '../test/fixtures/events/http-event.js';
import {
  type Bundle,
  type BundledHandler,
  type BundleRun,
  httpBundles,
  invokeBundle,
  isolate,
  removeBundleDirectories,
  synthBundles,
} from '../test/infra/support/bundles.js';
import { machineLine } from './machine.js';
import { median } from './percentile.js';

const { values: args } = parseArgs({
  options: {
    processes: { type: 'string', default: '5' },
    only: { type: 'string' },
    'warm-up': { type: 'string', default: '100' },
    'cpu-prof': { type: 'string' },
  },
});
const processes = Number.parseInt(args.processes, 10);
const only = args.only ? new Set(args.only.split(',')) : undefined;
const warmUpRounds = Number.parseInt(args['warm-up'], 10);
const profileDir = args['cpu-prof'] ? resolve(args['cpu-prof']) : undefined;

// The warm-up serves requests in this process; the SDK would warn once that Node 20 is old.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = new URL('../', import.meta.url);
const programme = JSON.parse(
  readFileSync(new URL('local/example-programme.json', root), 'utf8'),
) as Programme;
const scheduledEvent = JSON.parse(
  readFileSync(new URL('test/fixtures/events/scheduled-event.json', root), 'utf8'),
) as Record<string, unknown>;

console.log(machineLine());
console.log('synthesising the app with bundling…');
const allBundles = synthBundles();
const bundles = httpBundles(allBundles);
const emulators = await startEmulators({ tableName: 'bidwright-bench', bucketName: 'bench-pdfs' });
Object.assign(process.env, emulators.env);
const deps = createDependencies({
  tableName: 'bidwright-bench',
  bucketName: 'bench-pdfs',
  region: LOCAL_CREDENTIALS.region,
});

try {
  // Seed each table alike: the example programme, a snapshot, the NIHR ICAT template and one
  // bid. The measured table's bid comes from the create-bid bundle, the warm-up's from the
  // same handler in this process.
  const source = await loadTemplateFolder(new URL('templates/nihr-icat', root).pathname);
  await seed(deps, source);
  const env = emulators.env;
  const seededBid = await invokeBundle(
    isolate(need(bundles, 'create-bid')),
    need(bundles, 'create-bid'),
    httpEvent({
      method: 'POST',
      route: '/bids',
      body: { programmeId: programme.id, templateId: 'nihr-icat' },
    }),
    env,
  );
  const seeded = outcome('create-bid', seededBid);
  if (seeded.problem) throw new Error(`seeding: ${seeded.problem}`);
  const events = requests(source, JSON.parse(seededBid.result.body ?? '{}') as SeededBid, 'bench');
  let scheduledRuns = 0;
  const eventFor = (handler: BundledHandler): unknown => {
    if (handler !== 'take-snapshots') return httpEvent(events[handler]());
    scheduledRuns += 1;
    return { ...scheduledEvent, id: `bench-${scheduledRuns}` };
  };
  const measured = [...allBundles].filter(([handler]) => !only || only.has(handler));

  if (warmUpRounds > 0) await warmUp([...bundles.keys()], source);

  // Round-robin: each round starts one fresh process per function, so a machine that slows
  // down for a while slows every function's figures alike, not just those measured then.
  const runs = new Map<BundledHandler, Runs>(
    measured.map(([handler]) => [
      handler,
      { loads: [], firsts: [], awaiting: [], statuses: new Set() },
    ]),
  );
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  for (let round = 1; round <= processes; round += 1) {
    console.log(`round ${round} of ${processes}: one fresh process per function…`);
    for (const [handler, bundle] of measured) {
      const dir = isolate(bundle);
      const result = await invokeBundle(dir, bundle, eventFor(handler), env, nodeArgs);
      rmSync(dir, { recursive: true, force: true });
      const answer = outcome(handler, result);
      if (answer.problem) throw new Error(`round ${round}: ${answer.problem}`);
      const run = runs.get(handler);
      run?.loads.push(result.loadMs);
      run?.firsts.push(result.firstResponseMs);
      run?.awaiting.push(result.awaitingHttpMs);
      run?.statuses.add(answer.status);
    }
  }
  const rows = measured.map(([handler, bundle]) => {
    const zipped = zippedBytes(bundle.assetDir, '.');
    const codeZipped = zippedBytes(bundle.assetDir, 'index.mjs');
    const code = statSync(join(bundle.assetDir, 'index.mjs')).size;
    const run = runs.get(handler);
    return `| ${handler} | ${kb(zipped)} | ${kb(codeZipped)} | ${kb(code)} | ${range(run?.loads ?? [])} | ${range(run?.firsts ?? [])} | ${range(run?.awaiting ?? [])} | ${[...(run?.statuses ?? [])].join(', ')} |`;
  });
  console.log(
    `\n| function | asset zipped | index.mjs zipped | index.mjs | load (min–max of ${processes}) | load to first response | of which HTTP calls in flight | status |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
} finally {
  await emulators.stop();
  removeBundleDirectories();
}

interface Runs {
  loads: number[];
  firsts: number[];
  awaiting: number[];
  statuses: Set<string>;
}

/**
 * What a bundle answered, for the status column (an HTTP status; for take-snapshots, how
 * many programmes failed, which differs from round to round no more than a status does),
 * and the problem when the answer is not a success.
 */
function outcome(handler: BundledHandler, run: BundleRun): { status: string; problem?: string } {
  if (handler === 'take-snapshots') {
    const summary = run.result as unknown as Partial<ScheduledSnapshotSummary>;
    const status = `${summary.failed} failed`;
    const succeeded =
      typeof summary.scanned === 'number' && summary.scanned > 0 && summary.failed === 0;
    return succeeded
      ? { status }
      : { status, problem: `take-snapshots answered ${JSON.stringify(run.result).slice(0, 300)}` };
  }
  const status = String(run.result.statusCode);
  const code = run.result.statusCode;
  return typeof code === 'number' && code >= 200 && code <= 299
    ? { status }
    : {
        status,
        problem: `${handler} answered ${status}: ${(run.result.body ?? '').slice(0, 300)}`,
      };
}

interface SeededBid {
  id: string;
  snapshotId: string;
}

/** The example programme and the NIHR ICAT template, in the table `deps` writes to. */
async function seed(into: typeof deps, source: TemplateSource): Promise<void> {
  await into.programmes.save({
    programme,
    expected: { kind: 'any' },
    at: new Date().toISOString(),
    by: 'bench',
  });
  await putTemplate(into, { id: 'nihr-icat', source, by: 'bench' });
}

/** Each function's request against a seeded table; put-programme's names a new programme. */
function requests(
  source: TemplateSource,
  bid: SeededBid,
  prefix: string,
): Record<HandlerName, () => EventOptions> {
  const id = programme.id;
  let n = 0;
  return {
    'get-health': () => ({ method: 'GET', route: '/health', claims: null }),
    'put-programme': () => {
      n += 1;
      return {
        method: 'PUT',
        route: '/programmes/{id}',
        params: { id: `${prefix}-${n}` },
        body: { ...programme, id: `${prefix}-${n}` },
      };
    },
    'list-programmes': () => ({ method: 'GET', route: '/programmes' }),
    'get-programme': () => ({ method: 'GET', route: '/programmes/{id}', params: { id } }),
    'create-snapshot': () => ({
      method: 'POST',
      route: '/programmes/{id}/snapshots',
      params: { id },
    }),
    'list-snapshots': () => ({
      method: 'GET',
      route: '/programmes/{id}/snapshots',
      params: { id },
    }),
    'get-snapshot': () => ({
      method: 'GET',
      route: '/programmes/{id}/snapshots/{snapshotId}',
      params: { id, snapshotId: bid.snapshotId },
    }),
    'diff-snapshots': () => ({
      method: 'GET',
      route: '/programmes/{id}/snapshots/{snapshotId}/diff',
      params: { id, snapshotId: bid.snapshotId },
      query: { against: bid.snapshotId },
    }),
    'put-template': () => ({
      method: 'PUT',
      route: '/templates/{id}',
      params: { id: 'nihr-icat' },
      body: source,
    }),
    'list-templates': () => ({ method: 'GET', route: '/templates' }),
    'get-template': () => ({
      method: 'GET',
      route: '/templates/{id}',
      params: { id: 'nihr-icat' },
    }),
    'create-bid': () => ({
      method: 'POST',
      route: '/bids',
      body: { programmeId: id, templateId: 'nihr-icat' },
    }),
    'list-bids': () => ({ method: 'GET', route: '/bids', query: { programmeId: id } }),
    'get-bid': () => ({ method: 'GET', route: '/bids/{id}', params: { id: bid.id } }),
    'get-bid-pdf': () => ({ method: 'GET', route: '/bids/{id}/pdf', params: { id: bid.id } }),
    'create-review': () => ({
      method: 'POST',
      route: '/bids/{id}/reviews',
      params: { id: bid.id },
      body: { decision: 'request-changes', comment: 'bench' },
      claims: asReviewer,
    }),
  };
}

/**
 * Serves every function's request `warmUpRounds` times through its handler in this
 * process, against a table and bucket apart from the measured ones, whose lists stay as
 * seeded. Each answer must be a success, or the warm-up did not take the measured paths.
 */
async function warmUp(handlers: HandlerName[], source: TemplateSource): Promise<void> {
  const tableName = 'bidwright-bench-warm-up';
  const bucketName = 'bench-warm-up-pdfs';
  await ensureTable(emulators.dynamodbEndpoint, tableName);
  await ensureBucket(emulators.s3Endpoint, bucketName);
  await seed(
    createDependencies({ tableName, bucketName, region: LOCAL_CREDENTIALS.region }),
    source,
  );
  // The in-process handlers build their dependencies from this process's environment at
  // their first request; the bundles are given the measured table's in `env`.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    BUCKET_NAME: bucketName,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const invoker = inProcessHandlers();
  const serve = async (handler: HandlerName, options: EventOptions): Promise<string> => {
    const outcome = await invoker.invoke(handler, httpEvent(options), 30_000);
    const response =
      outcome.kind === 'done' ? (outcome.value as { statusCode?: number; body?: string }) : {};
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      throw new Error(
        `warm-up: ${handler} answered ${outcome.kind === 'done' ? status : 'nothing (timed out)'}`,
      );
    }
    return response.body ?? '';
  };
  const bidBody = await serve('create-bid', {
    method: 'POST',
    route: '/bids',
    body: { programmeId: programme.id, templateId: 'nihr-icat' },
  });
  const events = requests(source, JSON.parse(bidBody) as SeededBid, 'warm-up');
  const started = performance.now();
  for (let round = 1; round <= warmUpRounds; round += 1) {
    for (const handler of handlers) await serve(handler, events[handler]());
    if (round % 25 === 0 || round === warmUpRounds) {
      console.log(`warm-up: ${round} of ${warmUpRounds} rounds of every function's request`);
    }
  }
  console.log(`warm-up took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function need(all: Map<HandlerName, Bundle>, handler: HandlerName): Bundle {
  const found = all.get(handler);
  if (!found) throw new Error(`no bundle for ${handler}`);
  return found;
}

/** Files of an asset directory zipped as an upload is (deflate, maximum compression). */
function zippedBytes(dir: string, files: string): number {
  const zipDir = mkdtempSync(join(tmpdir(), 'bidwright-zip-'));
  const zip = join(zipDir, 'asset.zip');
  execFileSync('zip', ['-qrX9', zip, files], { cwd: dir });
  const size = statSync(zip).size;
  rmSync(zipDir, { recursive: true, force: true });
  return size;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

function range(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(sorted).toFixed(0)} ms (${(sorted[0] ?? 0).toFixed(0)}–${(sorted.at(-1) ?? 0).toFixed(0)})`;
}
