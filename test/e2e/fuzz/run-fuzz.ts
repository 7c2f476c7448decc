import { parseArgs } from 'node:util';
import { routes } from '../../../functions/http/routes.js';
import { startEmulators } from '../../../local/emulators.js';
import { formatFailure, formatRun, fuzzRoute, type RouteRun, routeName } from './fuzz-route.js';
import { startFuzzStack } from './fuzz-stack.js';
import { REGRESSIONS, routeSeed } from './regressions.js';

/**
 * The full-size request fuzz: `npm run fuzz -- [--runs 2000] [--seed n] [--route 'GET /bids']
 * [--path p]`. Starts DynamoDB Local and s3rver in memory, the dev server in front of the
 * handlers, and sends `--runs` generated requests to every route (or the one named),
 * printing per route the statuses seen and any failure with the seed and path to replay.
 */

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '2000' },
    seed: { type: 'string' },
    route: { type: 'string' },
    path: { type: 'string' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a whole number of 1 or more, not ${values.runs}`);
  process.exit(2);
}
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !Number.isInteger(seed)) {
  console.error(`--seed must be a whole number, not ${values.seed}`);
  process.exit(2);
}
const selected = routes.filter((route) => !values.route || routeName(route) === values.route);
if (selected.length === 0) {
  console.error(`no route "${values.route}"; routes are: ${routes.map(routeName).join(', ')}`);
  process.exit(2);
}

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const started = performance.now();
const emulators = await startEmulators({ tableName: null, bucketName: null });
Object.assign(process.env, emulators.env);
const stack = await startFuzzStack({
  dynamodbEndpoint: emulators.dynamodbEndpoint,
  s3Endpoint: emulators.s3Endpoint,
});
const results: RouteRun[] = [];
try {
  console.log(`${runs} generated requests per route, ${selected.length} routes`);
  for (const route of selected) {
    const run = await fuzzRoute(stack, route, {
      numRuns: runs,
      seed: seed ?? routeSeed(route),
      ...(values.path ? { path: values.path } : {}),
      examples: REGRESSIONS[route.handler],
    });
    results.push(run);
    console.log(formatRun(run));
    if (run.failure) console.log(formatFailure(run));
  }
} finally {
  await stack.close();
  await emulators.stop();
}
const total = results.reduce((sum, run) => sum + run.requests, 0);
const regressions = results.reduce((sum, run) => sum + run.regressions, 0);
const failed = results.filter((run) => run.failure);
console.log(
  `${total} requests (${regressions} of them regressions) in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
    `${failed.length === 0 ? 'no failures' : `${failed.length} routes failed`}`,
);
process.exit(failed.length === 0 ? 0 : 1);
