import { beforeAll, describe, expect, it } from 'vitest';
import { createGetHealthHandler } from '../../../functions/handlers/get-health.js';
import { createGetProgrammeHandler } from '../../../functions/handlers/get-programme.js';
import { createListProgrammesHandler } from '../../../functions/handlers/list-programmes.js';
import { createPutProgrammeHandler } from '../../../functions/handlers/put-programme.js';
import { MAX_BODY_BYTES } from '../../../functions/http/body.js';
import {
  asAdmin,
  asReviewer,
  asWriter,
  claimsFor,
  type EventOptions,
  httpEvent,
} from '../../fixtures/events/http-event.js';
import { programmeWith } from '../support/fixtures.js';
import { invoke } from '../support/invoke.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let put: ReturnType<typeof createPutProgrammeHandler>;
let get: ReturnType<typeof createGetProgrammeHandler>;

beforeAll(async () => {
  stack = await createTestStack();
  put = createPutProgrammeHandler(stack.deps);
  get = createGetProgrammeHandler(stack.deps);
});

function putEvent(id: string, body: unknown, options: Partial<EventOptions> = {}) {
  return httpEvent({ method: 'PUT', route: '/programmes/{id}', params: { id }, body, ...options });
}

/** Sends a request that must be refused and shows that nothing stored changed. */
async function refused(event: ReturnType<typeof putEvent>) {
  const before = await stack.tableItems();
  const reply = await invoke(put, event);
  expect(await stack.tableItems()).toEqual(before);
  return reply;
}

describe('Handler: get-health', () => {
  it('answers 200 without a token', async () => {
    // Act
    const reply = await invoke(
      createGetHealthHandler(),
      httpEvent({ method: 'GET', route: '/health', claims: null }),
    );

    // Assess
    expect(reply).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});

describe('Handler: put-programme', () => {
  it('creates a programme with 201 and ETag "1", then updates it with 200 and ETag "2"', async () => {
    // Prepare
    const programme = programmeWith('created-then-updated');

    // Act
    const created = await invoke(put, putEvent(programme.id, programme));
    const updated = await invoke(
      put,
      putEvent(programme.id, { ...programme, name: 'Updated' }, { headers: { 'If-Match': '"1"' } }),
    );

    // Assess
    expect(created).toMatchObject({ status: 201, headers: { etag: '"1"' }, body: programme });
    expect(updated).toMatchObject({
      status: 200,
      headers: { etag: '"2"' },
      body: { name: 'Updated' },
    });
  });

  it('accepts an admin, a base64 body, and groups sent as a JSON array', async () => {
    // Prepare
    const programme = programmeWith('admin-base64');

    // Act
    const byAdmin = await invoke(
      put,
      putEvent(programme.id, programme, { claims: asAdmin, base64: true }),
    );
    const byArray = await invoke(
      put,
      putEvent(programme.id, programme, { claims: { ...asWriter, 'cognito:groups': ['writers'] } }),
    );
    const byJsonString = await invoke(
      put,
      putEvent(programme.id, programme, { claims: claimsFor('["admins"]') }),
    );

    // Assess
    expect([byAdmin.status, byArray.status, byJsonString.status]).toEqual([201, 200, 200]);
  });

  it('refuses a stale If-Match with 412 and keeps the newer figures', async () => {
    // Prepare
    const programme = programmeWith('stale-if-match');
    await invoke(put, putEvent(programme.id, programme));
    await invoke(put, putEvent(programme.id, { ...programme, name: 'Newer' }));

    // Act
    const reply = await refused(
      putEvent(programme.id, { ...programme, name: 'Older' }, { headers: { 'if-match': '"1"' } }),
    );

    // Assess
    expect(reply).toMatchObject({
      status: 412,
      body: {
        error: {
          code: 'precondition-failed',
          message: expect.stringContaining('"stale-if-match" is at version 2, not 1'),
        },
      },
    });
    expect(
      (
        await invoke(
          get,
          httpEvent({ method: 'GET', route: '/programmes/{id}', params: { id: programme.id } }),
        )
      ).body.name,
    ).toBe('Newer');
  });

  it('refuses If-Match on a programme that does not exist with 412 saying so, and creates nothing', async () => {
    // Prepare
    const programme = programmeWith('never-stored');

    // Act
    const reply = await refused(
      putEvent(programme.id, programme, { headers: { 'if-match': '"1"' } }),
    );

    // Assess
    expect(reply).toMatchObject({
      status: 412,
      body: {
        error: {
          code: 'precondition-failed',
          message: expect.stringContaining('"never-stored" does not exist'),
        },
      },
    });
  });

  it('creates with If-None-Match: * and updates with If-Match: *, and refuses each the other way round with 412', async () => {
    // Prepare
    const programme = programmeWith('wildcards');
    const absent = programmeWith('wildcards-absent');

    // Act
    const matchAbsent = await refused(
      putEvent(absent.id, absent, { headers: { 'if-match': '*' } }),
    );
    const created = await invoke(
      put,
      putEvent(programme.id, programme, { headers: { 'if-none-match': '*' } }),
    );
    const noneMatchExisting = await refused(
      putEvent(
        programme.id,
        { ...programme, name: 'Overwritten' },
        {
          headers: { 'if-none-match': '*' },
        },
      ),
    );
    const updated = await invoke(
      put,
      putEvent(programme.id, { ...programme, name: 'Updated' }, { headers: { 'if-match': '*' } }),
    );

    // Assess
    expect(matchAbsent).toMatchObject({
      status: 412,
      body: { error: { message: expect.stringContaining('"wildcards-absent" does not exist') } },
    });
    expect(created).toMatchObject({ status: 201, headers: { etag: '"1"' } });
    expect(noneMatchExisting).toMatchObject({
      status: 412,
      body: { error: { message: expect.stringContaining('"wildcards" already exists') } },
    });
    expect(updated).toMatchObject({
      status: 200,
      headers: { etag: '"2"' },
      body: { name: 'Updated' },
    });
  });

  it('refuses a body whose id is not the path id, naming id', async () => {
    // Act
    const reply = await refused(putEvent('path-id', programmeWith('body-id')));

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.error.details).toEqual([
      { path: 'id', message: expect.stringContaining('path-id') },
    ]);
  });

  it('refuses malformed JSON with 400 malformed-json', async () => {
    // Act
    const reply = await refused(putEvent('malformed', '{"id": "malformed",'));

    // Assess
    expect(reply).toMatchObject({ status: 400, body: { error: { code: 'malformed-json' } } });
  });

  it('refuses figures that break the rules, naming each field', async () => {
    // Prepare
    const programme = programmeWith('broken-rules', (doc) => {
      doc.posts[0].awarded = -1;
      doc.progression[0].progressed = 999;
      doc.typo = true;
    });

    // Act
    const reply = await refused(putEvent(programme.id, programme));

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid-input');
    expect(reply.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'posts[0].awarded',
      'progression[0].progressed',
      'typo',
    ]);
  });

  it('refuses a body over 1 MiB with 413 before reading it', async () => {
    // Prepare
    const body = `{"id":"too-big","padding":"${'x'.repeat(MAX_BODY_BYTES)}"}`;

    // Act
    const reply = await refused(putEvent('too-big', body));

    // Assess
    expect(reply).toMatchObject({ status: 413, body: { error: { code: 'payload-too-large' } } });
  });

  it('refuses with 413 a valid programme over the 300 KiB stored, though its body is under 1 MiB', async () => {
    // Prepare: 50 highlights of 2,000 three-byte characters and a long funder on each post.
    const programme = programmeWith('too-large-to-store', (doc) => {
      doc.highlights = Array.from({ length: 50 }, () => '€'.repeat(2_000));
      for (const post of doc.posts) post.funder = '€'.repeat(2_000);
    });
    const body = JSON.stringify(programme);
    expect(Buffer.byteLength(body)).toBeGreaterThan(300 * 1024);
    expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);

    // Act
    const reply = await refused(putEvent(programme.id, body));

    // Assess
    expect(reply).toMatchObject({
      status: 413,
      body: {
        error: {
          code: 'payload-too-large',
          message: expect.stringMatching(/^the programme document is larger than 307,200 bytes/),
        },
      },
    });
  });

  it('refuses a body that is not sent as JSON with 415', async () => {
    // Act
    const reply = await refused(
      putEvent('form', 'id=form', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );

    // Assess
    expect(reply.status).toBe(415);
  });

  it('refuses a request without a token with 401 and one from a reviewer with 403', async () => {
    // Prepare
    const programme = programmeWith('no-entry');

    // Act
    const anonymous = await refused(putEvent(programme.id, programme, { claims: null }));
    const reviewer = await refused(putEvent(programme.id, programme, { claims: asReviewer }));
    const noGroups = await refused(putEvent(programme.id, programme, { claims: claimsFor([]) }));

    // Assess
    expect(anonymous).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(reviewer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(noGroups.status).toBe(403);
  });

  it.each([
    ['a path traversal', '../x'],
    ['a NUL byte', '\u0000'],
    ['an encoded NUL', '%00'],
    ['500 characters', 'a'.repeat(500)],
    ['a key separator', 'prog#x'],
  ])('refuses %s as a programme id without touching the table', async (_, id) => {
    // Act
    const reply = await refused(putEvent(id, programmeWith('hostile')));

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0].path).toBe('id');
  });
});

describe('Handler: get-programme', () => {
  it('returns the figures with their ETag', async () => {
    // Prepare
    const programme = programmeWith('fetched');
    await invoke(put, putEvent(programme.id, programme));

    // Act
    const reply = await invoke(
      get,
      httpEvent({
        method: 'GET',
        route: '/programmes/{id}',
        params: { id: programme.id },
        claims: asReviewer,
      }),
    );

    // Assess
    expect(reply).toMatchObject({ status: 200, headers: { etag: '"1"' }, body: programme });
  });

  it('answers 404 naming an unknown programme', async () => {
    // Act
    const reply = await invoke(
      get,
      httpEvent({ method: 'GET', route: '/programmes/{id}', params: { id: 'nobody-knows' } }),
    );

    // Assess
    expect(reply.status).toBe(404);
    expect(reply.body.error.details).toEqual([{ resource: 'programme', id: 'nobody-knows' }]);
  });
});

describe('Handler: list-programmes', () => {
  it('pages through programmes and refuses a forged cursor with 400', async () => {
    // Prepare
    const own = await createTestStack();
    const ownPut = createPutProgrammeHandler(own.deps);
    for (const id of ['list-a', 'list-b', 'list-c']) {
      await invoke(ownPut, putEvent(id, programmeWith(id)));
    }
    const ownList = createListProgrammesHandler(own.deps);
    const page = (query: Record<string, string>) =>
      invoke(
        ownList,
        httpEvent({ method: 'GET', route: '/programmes', query, claims: asReviewer }),
      );

    // Act
    const first = await page({ limit: '2' });
    const second = await page({ limit: '2', cursor: first.body.nextCursor });
    const forged = await page({ cursor: 'eyJQSyI6IkJJRCN4In0' });
    const badLimit = await page({ limit: '1000' });

    // Assess
    expect(first.status).toBe(200);
    expect([...first.body.items, ...second.body.items].map((p: { id: string }) => p.id)).toEqual([
      'list-a',
      'list-b',
      'list-c',
    ]);
    expect(second.body.nextCursor).toBeUndefined();
    expect(first.body.items[0]).toMatchObject({ version: 1, name: expect.any(String) });
    expect(forged).toMatchObject({
      status: 400,
      body: { error: { details: [{ path: 'cursor' }] } },
    });
    expect(badLimit).toMatchObject({
      status: 400,
      body: { error: { details: [{ path: 'limit' }] } },
    });
  });
});
