import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { routes } from '../../../functions/http/routes.js';
import { formatFailure, formatRun, fuzzRoute, routeName } from './fuzz-route.js';
import { type FuzzStack, startFuzzStack } from './fuzz-stack.js';
import { REGRESSIONS, routeSeed } from './regressions.js';

/**
 * Generated requests against the local stack, route by route: bodies near and far from
 * valid, odd path ids, query strings and headers, forged and expired tokens. None may be
 * answered with a 5xx, and none that is refused may change the table or the bucket. The
 * seeds are fixed, so a failure here replays with `npm run fuzz -- --route '<route>'
 * --seed <seed> --path <path>`; `npm run fuzz` runs 2,000 requests per route.
 */

const RUNS_PER_ROUTE = 200;

let stack: FuzzStack;

beforeAll(async () => {
  stack = await startFuzzStack({
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    s3Endpoint: inject('s3Endpoint'),
  });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('Local stack: generated requests', () => {
  it.each(routes.map((route) => ({ route, name: routeName(route) })))(
    '$name: no 5xx, and refusals change nothing stored',
    async ({ route }) => {
      // Act
      const run = await fuzzRoute(stack, route, {
        numRuns: RUNS_PER_ROUTE,
        seed: routeSeed(route),
        examples: REGRESSIONS[route.handler],
        timeLimitMs: 50_000,
      });

      // Assess
      expect(run.failure, formatFailure(run)).toBeUndefined();
      const statuses = [...run.statuses.keys()];
      // The generators reach both sides: requests the route accepts and ones it refuses.
      expect(
        statuses.some((s) => s < 300),
        formatRun(run),
      ).toBe(true);
      expect(
        statuses.some((s) => s >= 400),
        formatRun(run),
      ).toBe(true);
    },
    60_000,
  );
});
