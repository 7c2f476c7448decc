import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeLoaders } from '../../../functions/http/route-loaders.js';
import { routes } from '../../../functions/http/routes.js';
import { API_CONTRACT } from '../../fixtures/api-contract.js';

describe('Route table', () => {
  it('has one handler file and one loader per route', () => {
    for (const route of routes) {
      const file = new URL(`../../../functions/handlers/${route.handler}.ts`, import.meta.url);
      expect(existsSync(file), route.handler).toBe(true);
    }
    expect(Object.keys(routeLoaders).sort()).toEqual(routes.map((r) => r.handler).sort());
    expect(new Set(routes.map((r) => `${r.method} ${r.path}`)).size).toBe(routes.length);
  });

  it('admits the groups of the API contract', () => {
    const table = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.roles]));
    expect(table).toEqual(API_CONTRACT);
  });
});
