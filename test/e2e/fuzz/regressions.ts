import type { HandlerName, RouteDefinition } from '../../../functions/http/routes.js';
import { plainJsonBody } from './arbitraries/bodies.js';
import type { FuzzFixture } from './arbitraries/fixture.js';
import type { Authorization } from './arbitraries/headers.js';
import type { FuzzRequest } from './arbitraries/requests.js';

/** The fixed seed of a route's generated requests: the same in `npm test` and `npm run fuzz`. */
export function routeSeed(route: RouteDefinition): number {
  let hash = 20_261_125;
  for (const char of `${route.method} ${route.path}`) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return hash;
}

const asWriter: Authorization = { kind: 'token', token: 'writer', form: 'Bearer' };

/**
 * Requests fuzzing once failed on, replayed first on every run so that the bug stays fixed.
 * Each names what it found.
 */
export const REGRESSIONS: Partial<Record<HandlerName, (fixture: FuzzFixture) => FuzzRequest[]>> = {
  // A request line over Node's 16 KiB header limit was refused by the HTTP parser with a
  // bare `431` and an empty body, not in API Gateway's `{"message"}` shape.
  'get-health': () => [
    {
      method: 'GET',
      target: `/health?LIMIT=${'%F0%9F%9A%80'.repeat(2_000)}`,
      authorization: asWriter,
      headers: {},
    },
  ],
  // Bytes that are not ASCII in the path were refused by the parser with an empty 400.
  'put-programme': (fixture) => [
    {
      method: 'PUT',
      target: `/programmes/${'é'.repeat(63)}`,
      authorization: asWriter,
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: plainJsonBody(fixture.programme),
    },
  ],
  // The parser's refusal of a HEAD request carried a body, which the client could not read.
  'get-programme': (fixture) => [
    {
      method: 'HEAD',
      target: `/programmes/${fixture.programmeId}?LIMIT=${'x'.repeat(40_000)}`,
      authorization: asWriter,
      headers: {},
    },
    {
      method: 'HEAD',
      target: `/programmes/${fixture.programmeId}?LIMIT=é`,
      authorization: asWriter,
      headers: {},
    },
  ],
};
