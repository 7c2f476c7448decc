import type { HandlerName, RouteDefinition } from '../../../functions/http/routes.js';
import type { FuzzFixture } from './arbitraries/fixture.js';
import type { FuzzRequest } from './arbitraries/requests.js';

/** The fixed seed of a route's generated requests: the same in `npm test` and `npm run fuzz`. */
export function routeSeed(route: RouteDefinition): number {
  let hash = 20_261_125;
  for (const char of `${route.method} ${route.path}`) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return hash;
}

/**
 * Requests fuzzing once failed on, replayed first on every run so that the bug stays fixed.
 * Each names what it found.
 */
export const REGRESSIONS: Partial<Record<HandlerName, (fixture: FuzzFixture) => FuzzRequest[]>> =
  {};
