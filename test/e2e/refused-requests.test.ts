import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.js';
import type { TemplateSource } from '../../functions/narrative/template-schema.js';
import { programmeWith } from '../integration/support/fixtures.js';
import type { Caller, E2eStack } from './support/e2e-stack.js';
import { startE2eStack } from './support/e2e-stack.js';
import { nihrIcatTemplate, type Seeded, seedOverHttp } from './support/seed.js';

/**
 * Bad requests over HTTP: each is refused with a 4xx that says why, and nothing stored
 * changes (a full table scan and the bucket listing are the same before and after).
 */

interface Fixture extends Seeded {
  bidId: string;
  template: TemplateSource;
}

interface RefusedCase {
  name: string;
  caller?: Caller;
  method: 'GET' | 'PUT' | 'POST';
  path: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  headers?: Record<string, string>;
  /** One status, or any 4xx. */
  status: number | '4xx';
  /** What the reply must say, e.g. the field it names. */
  check?: (body: any) => void;
}

const ID = 'guarded';
const json = { 'content-type': 'application/json' };
const detailPaths = (body: any) =>
  (body.error.details as { path?: string; section?: string }[]).map((d) => d.path);
const names = (field: string) => (body: any) => {
  expect(body.error.code).toBe('invalid-input');
  expect(detailPaths(body)).toContain(field);
};
const code = (expected: string) => (body: any) => expect(body.error.code).toBe(expected);

const malformed: RefusedCase[] = [
  {
    name: 'PUT /programmes/{id} with truncated JSON',
    method: 'PUT',
    path: () => `/programmes/${ID}`,
    body: () => '{"id": "guarded", "name": ',
    headers: json,
    status: 400,
    check: code('malformed-json'),
  },
  {
    name: 'POST /bids with a body that is not JSON',
    method: 'POST',
    path: () => '/bids',
    body: () => "{programmeId: 'guarded'}",
    headers: json,
    status: 400,
    check: code('malformed-json'),
  },
  {
    name: 'PUT /templates/{id} with an empty body',
    method: 'PUT',
    path: () => '/templates/nihr-icat',
    status: 400,
    check: names('body'),
  },
  {
    name: 'POST /bids/{id}/reviews with JSON sent as a form',
    caller: 'reviewer',
    method: 'POST',
    path: (f) => `/bids/${f.bidId}/reviews`,
    body: () => JSON.stringify({ decision: 'approve', comment: 'ok' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
  },
  {
    name: 'PUT /programmes/{id} with invalid UTF-8 in a name of an otherwise valid application/json body',
    method: 'PUT',
    path: () => `/programmes/${ID}`,
    body: () => {
      const [before = '', after = ''] = JSON.stringify(
        programmeWith(ID, (doc) => {
          doc.name = 'A|B';
        }),
      ).split('|');
      return Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);
    },
    headers: json,
    status: 400,
    check: code('malformed-json'),
  },
  {
    name: 'PUT /programmes/{id} with invalid UTF-8 in a base64-delivered body',
    method: 'PUT',
    path: () => `/programmes/${ID}`,
    body: () => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    headers: { 'content-type': 'application/vnd.api+json; charset=latin1' },
    status: 415,
  },
];

const invalid: RefusedCase[] = [
  {
    name: 'PUT /programmes/{id} with more progressed than total',
    method: 'PUT',
    path: () => `/programmes/${ID}`,
    body: () =>
      programmeWith(ID, (doc) => {
        doc.progression[0].progressed = 90;
      }),
    status: 400,
    check: names('progression[0].progressed'),
  },
  {
    name: 'PUT /programmes/{id} with an unknown top-level field',
    method: 'PUT',
    path: () => `/programmes/${ID}`,
    body: () =>
      programmeWith(ID, (doc) => {
        doc.traniees = 3;
      }),
    status: 400,
    check: names('traniees'),
  },
  {
    name: 'PUT /programmes/{id} with a negative count',
    method: 'PUT',
    path: () => `/programmes/${ID}`,
    body: () =>
      programmeWith(ID, (doc) => {
        doc.posts[1].awarded = -13;
      }),
    status: 400,
    check: names('posts[1].awarded'),
  },
  {
    name: 'PUT /programmes/{id} whose body names another id',
    method: 'PUT',
    path: () => `/programmes/${ID}`,
    body: () => programmeWith('someone-else'),
    status: 400,
    check: (body) => expect(JSON.stringify(body.error.details)).toContain('id'),
  },
  {
    name: 'POST /bids without a templateId',
    method: 'POST',
    path: () => '/bids',
    body: () => ({ programmeId: ID }),
    status: 400,
    check: names('templateId'),
  },
  {
    name: 'POST /bids with a programmeId that is not a slug',
    method: 'POST',
    path: () => '/bids',
    body: () => ({ programmeId: '../guarded', templateId: 'nihr-icat' }),
    status: 400,
    check: names('programmeId'),
  },
  {
    name: 'POST /bids with an Idempotency-Key holding spaces',
    method: 'POST',
    path: () => '/bids',
    body: () => ({ programmeId: ID, templateId: 'nihr-icat' }),
    headers: { 'idempotency-key': 'two words' },
    status: 400,
    check: names('Idempotency-Key'),
  },
  {
    name: 'POST /bids/{id}/reviews with an unknown decision',
    caller: 'reviewer',
    method: 'POST',
    path: (f) => `/bids/${f.bidId}/reviews`,
    body: () => ({ decision: 'maybe', comment: 'not sure' }),
    status: 400,
    check: names('decision'),
  },
  {
    name: 'PUT /templates/{id} using a filter that does not exist',
    method: 'PUT',
    path: () => '/templates/nihr-icat',
    body: (f) => ({
      ...f.template,
      sections: {
        ...f.template.sections,
        'posts.md': 'We hold {{ figures.posts.total | wordz }} posts.\n',
      },
    }),
    status: 400,
    check: (body) => {
      expect(body.error.code).toBe('invalid-template');
      expect(body.error.details[0]).toMatchObject({ section: 'posts', line: 1 });
    },
  },
  {
    name: 'GET /bids without a programmeId',
    method: 'GET',
    path: () => '/bids',
    status: 400,
    check: names('programmeId'),
  },
  {
    name: 'GET /programmes with a limit over the maximum',
    method: 'GET',
    path: () => '/programmes?limit=100000',
    status: 400,
    check: names('limit'),
  },
  {
    name: 'PUT /programmes/{id} with a malformed If-Match',
    method: 'PUT',
    path: () => `/programmes/${ID}`,
    body: () => programmeWith(ID),
    headers: { 'if-match': 'version 2' },
    status: 400,
    check: names('If-Match'),
  },
];

const unknown: RefusedCase[] = [
  ['GET', () => '/programmes/no-such-programme'],
  ['POST', () => '/programmes/no-such-programme/snapshots'],
  ['GET', () => '/programmes/no-such-programme/snapshots'],
  ['GET', () => `/programmes/${ID}/snapshots/20200101T000000000Z-00000000`],
  ['GET', () => '/templates/no-such-template'],
  ['GET', () => '/bids?programmeId=no-such-programme'],
  ['GET', () => `/bids/${randomUUID()}`],
  ['GET', () => `/bids/${randomUUID()}/pdf`],
].map(([method, path]) => ({
  name: `${method} ${(path as () => string)()} (unknown)`,
  method: method as 'GET' | 'POST',
  path: path as () => string,
  status: 404,
  check: code('not-found'),
}));

const unknownInBodies: RefusedCase[] = [
  {
    name: 'POST /bids/{id}/reviews for an unknown bid',
    caller: 'reviewer',
    method: 'POST',
    path: () => `/bids/${randomUUID()}/reviews`,
    body: () => ({ decision: 'approve', comment: 'Looks right.' }),
    status: 404,
    check: code('not-found'),
  },
  {
    name: 'POST /bids for an unknown programme',
    method: 'POST',
    path: () => '/bids',
    body: () => ({ programmeId: 'no-such-programme', templateId: 'nihr-icat' }),
    status: 404,
    check: code('not-found'),
  },
  {
    name: 'POST /bids with an unknown template',
    method: 'POST',
    path: () => '/bids',
    body: () => ({ programmeId: ID, templateId: 'no-such-template' }),
    status: 404,
    check: code('not-found'),
  },
  {
    name: 'POST /bids with an unknown template version',
    method: 'POST',
    path: () => '/bids',
    body: () => ({ programmeId: ID, templateId: 'nihr-icat', templateVersion: 99 }),
    status: 404,
    check: code('not-found'),
  },
  {
    name: 'POST /bids with an unknown snapshot',
    method: 'POST',
    path: () => '/bids',
    body: () => ({
      programmeId: ID,
      templateId: 'nihr-icat',
      snapshotId: '20200101T000000000Z-00000000',
    }),
    status: 404,
    check: code('not-found'),
  },
];

const stale: RefusedCase[] = [
  {
    name: 'PUT /programmes/{id} with the If-Match of an older version',
    method: 'PUT',
    path: () => `/programmes/${ID}`,
    body: () =>
      programmeWith(ID, (doc) => {
        doc.trainees.current = 200;
      }),
    headers: { 'if-match': '"1"' },
    status: 412,
    check: code('precondition-failed'),
  },
  {
    name: 'PUT /programmes/{id} with If-None-Match: * on an existing programme',
    method: 'PUT',
    path: () => `/programmes/${ID}`,
    body: () => programmeWith(ID),
    headers: { 'if-none-match': '*' },
    status: 412,
  },
];

const MiB = 1024 * 1024;
const oversized: RefusedCase[] = [
  {
    name: 'PUT /programmes/{id} with a 1.5 MiB body (the handler’s 1 MiB cap)',
    method: 'PUT',
    path: () => `/programmes/${ID}`,
    body: () =>
      JSON.stringify(
        programmeWith(ID, (doc) => {
          doc.highlights = Array.from({ length: 40 }, () => 'x'.repeat(40_000));
        }),
      ),
    headers: json,
    status: 413,
    check: code('payload-too-large'),
  },
  {
    name: 'PUT /templates/{id} with a 2 MiB section',
    method: 'PUT',
    path: () => '/templates/nihr-icat',
    body: (f) => ({
      ...f.template,
      sections: { ...f.template.sections, 'posts.md': 'word '.repeat((2 * MiB) / 5) },
    }),
    status: 413,
  },
  {
    name: 'POST /bids with an 11 MiB body (API Gateway’s 10 MB limit)',
    method: 'POST',
    path: () => '/bids',
    body: () => `{"programmeId":"${'a'.repeat(11 * MiB)}"}`,
    headers: json,
    status: 413,
    check: (body) => expect(body).toEqual({ message: 'Request Entity Too Large' }),
  },
];

const HOSTILE_IDS = [
  '..%2F..%2Fetc',
  '..%2F..%2Fetc%2Fpasswd',
  '..',
  '%2e%2e',
  '%00',
  `${ID}%00`,
  `${ID}%2F..`,
  '%252e%252e%252f',
  'a'.repeat(4_000),
  '%C3%A9t%C3%A9',
  '%F0%9F%92%A3',
  '%E2%80%AEevil',
  'GUARDED',
  "guarded'%20OR%20'1'='1",
  '%ZZ',
];

/** Every route with a path parameter, each parameter in turn replaced by each hostile id. */
function hostileCases(): RefusedCase[] {
  const out: RefusedCase[] = [];
  for (const route of routes) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
    for (const target of params) {
      for (const hostile of HOSTILE_IDS) {
        const caller: Caller =
          route.roles !== 'public' && !(route.roles as readonly string[]).includes('writers')
            ? 'reviewer'
            : 'writer';
        out.push({
          name: `${route.method} ${route.path} with ${target} = ${hostile.length > 40 ? `${hostile.slice(0, 12)}… (${hostile.length} chars)` : hostile}`,
          caller,
          method: route.method,
          path: (f) =>
            route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
              if (name === target) return hostile;
              if (name === 'snapshotId') return f.snapshotId;
              return route.path.startsWith('/bids') ? f.bidId : f.programmeId;
            }),
          ...(route.body ? { body: (f: Fixture) => hostileBody(route.path, f) } : {}),
          status: '4xx',
        });
      }
    }
  }
  return out;
}

/** A body the route would accept, so that only the path is wrong. */
function hostileBody(path: string, f: Fixture): unknown {
  if (path.startsWith('/programmes')) return programmeWith(ID);
  if (path.startsWith('/templates')) return f.template;
  return { decision: 'approve', comment: 'Fine.' };
}

let stack: E2eStack;
let fixture: Fixture;

beforeAll(async () => {
  stack = await startE2eStack();
  const seeded = await seedOverHttp(stack.api.writer, ID);
  // Version 2 of the figures, so that `If-Match: "1"` is stale.
  const updated = await stack.api.writer.put(`/programmes/${ID}`, programmeWith(ID), {
    headers: { 'if-match': '"1"' },
  });
  expect(updated.status).toBe(200);
  const bid = await stack.api.writer.post<any>('/bids', {
    programmeId: ID,
    templateId: 'nihr-icat',
  });
  expect(bid.status).toBe(201);
  fixture = { ...seeded, bidId: bid.body.id, template: await nihrIcatTemplate() };
});

afterAll(async () => {
  await stack?.close();
});

async function expectRefusedWithoutChange(refused: RefusedCase) {
  // Prepare
  const before = await stack.storedState();

  // Act
  const reply = await stack.api[refused.caller ?? 'writer'].request<any>(
    refused.method,
    refused.path(fixture),
    {
      ...(refused.body ? { body: refused.body(fixture) } : {}),
      ...(refused.headers ? { headers: refused.headers } : {}),
    },
  );

  // Assess
  if (refused.status === '4xx') {
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
  } else {
    expect(reply.status).toBe(refused.status);
  }
  refused.check?.(reply.body);
  expect(await stack.storedState()).toEqual(before);
}

describe('Local stack: refused requests change nothing', () => {
  describe('malformed bodies', () => {
    it.each(malformed)('$name → $status', expectRefusedWithoutChange);
  });

  describe('schema violations name the field', () => {
    it.each(invalid)('$name → $status', expectRefusedWithoutChange);
  });

  describe('unknown ids', () => {
    it.each([...unknown, ...unknownInBodies])('$name → $status', expectRefusedWithoutChange);
  });

  describe('stale preconditions', () => {
    it.each(stale)('$name → $status', expectRefusedWithoutChange);
  });

  describe('oversized bodies', () => {
    it.each(oversized)('$name → $status', expectRefusedWithoutChange);
  });

  describe('hostile path ids', () => {
    it.each(hostileCases())('$name → 4xx', expectRefusedWithoutChange);
  });

  it('answered no request with a 5xx', () => {
    expect(stack.serverErrors).toEqual([]);
  });
});
