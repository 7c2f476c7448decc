import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeLoaders } from '../../../functions/http/route-loaders.js';
import { routes } from '../../../functions/http/routes.js';

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
    expect(table).toEqual({
      'GET /health': 'public',
      'PUT /programmes/{id}': ['writers', 'admins'],
      'GET /programmes': ['writers', 'reviewers', 'admins'],
      'GET /programmes/{id}': ['writers', 'reviewers', 'admins'],
      'POST /programmes/{id}/snapshots': ['writers', 'admins'],
      'GET /programmes/{id}/snapshots': ['writers', 'reviewers', 'admins'],
      'GET /programmes/{id}/snapshots/{snapshotId}': ['writers', 'reviewers', 'admins'],
      'PUT /templates/{id}': ['writers', 'admins'],
      'GET /templates': ['writers', 'reviewers', 'admins'],
      'GET /templates/{id}': ['writers', 'reviewers', 'admins'],
      'POST /bids': ['writers'],
      'GET /bids': ['writers', 'reviewers'],
      'GET /bids/{id}': ['writers', 'reviewers'],
      'GET /bids/{id}/pdf': ['writers', 'reviewers'],
      'POST /bids/{id}/reviews': ['reviewers'],
    });
  });
});
