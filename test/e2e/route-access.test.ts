import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Group } from '../../functions/http/routes.js';
import { routes } from '../../functions/http/routes.js';
import type { TemplateSource } from '../../functions/narrative/template-schema.js';
import { DEV_ROLES, generateDevKeys, signDevToken } from '../../local/dev-tokens.js';
import { API_CONTRACT } from '../fixtures/api-contract.js';
import { programmeWith } from '../integration/support/fixtures.js';
import { CALLERS, type Caller, type E2eStack, startE2eStack } from './support/e2e-stack.js';
import { nihrIcatTemplate, type Seeded, seedOverHttp } from './support/seed.js';

/**
 * Who may call what, over HTTP through the dev server's JWT authorizer and the handlers'
 * own role checks: every route of README's route table, as no one, a writer, a
 * reviewer and an admin.
 */

const GROUP_OF: Record<Exclude<Caller, 'anonymous'>, Group> = {
  writer: 'writers',
  reviewer: 'reviewers',
  admin: 'admins',
};

interface Fixture extends Seeded {
  bidId: string;
  template: TemplateSource;
}

/** A request each route answers with success when the caller is admitted. */
const REQUESTS: Record<string, (f: Fixture) => { path: string; body?: unknown; success: number }> =
  {
    'GET /health': () => ({ path: '/health', success: 200 }),
    'PUT /programmes/{id}': (f) => ({
      path: `/programmes/${f.programmeId}`,
      body: programmeWith(f.programmeId),
      success: 200,
    }),
    'GET /programmes': () => ({ path: '/programmes', success: 200 }),
    'GET /programmes/{id}': (f) => ({ path: `/programmes/${f.programmeId}`, success: 200 }),
    // The figures are unchanged, so the newest snapshot is returned rather than a new one.
    'POST /programmes/{id}/snapshots': (f) => ({
      path: `/programmes/${f.programmeId}/snapshots`,
      success: 200,
    }),
    'GET /programmes/{id}/snapshots': (f) => ({
      path: `/programmes/${f.programmeId}/snapshots`,
      success: 200,
    }),
    'GET /programmes/{id}/snapshots/{snapshotId}': (f) => ({
      path: `/programmes/${f.programmeId}/snapshots/${f.snapshotId}`,
      success: 200,
    }),
    // Against itself: the seeded programme may have only one snapshot, so no `previous`.
    'GET /programmes/{id}/snapshots/{snapshotId}/diff': (f) => ({
      path: `/programmes/${f.programmeId}/snapshots/${f.snapshotId}/diff?against=${f.snapshotId}`,
      success: 200,
    }),
    'PUT /templates/{id}': (f) => ({
      path: '/templates/nihr-icat',
      body: f.template,
      success: 201,
    }),
    'GET /templates': () => ({ path: '/templates', success: 200 }),
    'GET /templates/{id}': () => ({ path: '/templates/nihr-icat', success: 200 }),
    'POST /bids': (f) => ({
      path: '/bids',
      body: { programmeId: f.programmeId, templateId: f.templateId, snapshotId: f.snapshotId },
      success: 201,
    }),
    'GET /bids': (f) => ({ path: `/bids?programmeId=${f.programmeId}`, success: 200 }),
    'GET /bids/{id}': (f) => ({ path: `/bids/${f.bidId}`, success: 200 }),
    'GET /bids/{id}/pdf': (f) => ({ path: `/bids/${f.bidId}/pdf`, success: 200 }),
    'POST /bids/{id}/reviews': (f) => ({
      path: `/bids/${f.bidId}/reviews`,
      body: { decision: 'request-changes', comment: 'Please add the 2025 intake.' },
      success: 201,
    }),
  };

function expectedStatus(routeKey: string, caller: Caller, success: number): number {
  const admitted = API_CONTRACT[routeKey];
  if (admitted === 'public') return success;
  if (caller === 'anonymous') return 401;
  return admitted?.includes(GROUP_OF[caller]) ? success : 403;
}

let stack: E2eStack;
let fixture: Fixture;

beforeAll(async () => {
  stack = await startE2eStack();
  const seeded = await seedOverHttp(stack.api.writer, 'access');
  const bid = await stack.api.writer.post<any>('/bids', {
    programmeId: seeded.programmeId,
    templateId: seeded.templateId,
  });
  expect(bid.status).toBe(201);
  fixture = { ...seeded, bidId: bid.body.id, template: await nihrIcatTemplate() };
});

afterAll(async () => {
  await stack?.close();
});

describe('Local stack: who may call each route', () => {
  it('has the same routes and groups in functions/http/routes.ts as the contract table', () => {
    const table = Object.fromEntries(
      routes.map((route) => [
        `${route.method} ${route.path}`,
        route.roles === 'public' ? 'public' : [...route.roles].sort(),
      ]),
    );
    const contract = Object.fromEntries(
      Object.entries(API_CONTRACT).map(([key, roles]) => [
        key,
        roles === 'public' ? 'public' : [...roles].sort(),
      ]),
    );
    expect(table).toEqual(contract);
  });

  const cases = Object.keys(API_CONTRACT).flatMap((routeKey) =>
    CALLERS.map((caller) => ({ routeKey, caller })),
  );

  it.each(cases)('$routeKey as $caller', async ({ routeKey, caller }) => {
    // Prepare
    const [method = 'GET'] = routeKey.split(' ');
    const build = REQUESTS[routeKey];
    if (!build) throw new Error(`no request for ${routeKey}`);
    const { path, body, success } = build(fixture);
    const expected = expectedStatus(routeKey, caller, success);
    const before = expected >= 400 ? await stack.storedState() : undefined;

    // Act
    const reply = await stack.api[caller].request<any>(
      method,
      path,
      body === undefined ? {} : { body },
    );

    // Assess
    expect(reply.status).toBe(expected);
    if (expected === 401) {
      expect(reply.body).toEqual({ message: 'Unauthorized' });
    } else if (expected === 403) {
      expect(reply.body.error.code).toBe('forbidden');
    }
    if (before) expect(await stack.storedState()).toEqual(before);
  });

  it.each([
    [
      'expired',
      () =>
        signDevToken(stack.keys, {
          ...DEV_ROLES.writer,
          expiresIn: Math.floor(Date.now() / 1000) - 1,
        }),
    ],
    [
      'signed with another key',
      async () => signDevToken(await generateDevKeys(), DEV_ROLES.writer),
    ],
  ])('refuses a writer token that is %s with 401, storing nothing', async (_, token) => {
    // Prepare
    const before = await stack.storedState();
    const changed = programmeWith(fixture.programmeId, (doc) => {
      doc.trainees.current = 1;
    });

    // Act
    const put = await stack.api.writer.put(`/programmes/${fixture.programmeId}`, changed, {
      token: await token(),
    });
    const bid = await stack.api.writer.post(
      '/bids',
      { programmeId: fixture.programmeId, templateId: 'nihr-icat' },
      {
        token: await token(),
      },
    );

    // Assess
    expect([put.status, bid.status]).toEqual([401, 401]);
    expect(put.body).toEqual({ message: 'Unauthorized' });
    expect(await stack.storedState()).toEqual(before);
  });

  it('answered no request with a 5xx', () => {
    expect(stack.serverErrors).toEqual([]);
  });
});
