import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGetTemplateHandler } from '../../../functions/handlers/get-template.js';
import { createListTemplatesHandler } from '../../../functions/handlers/list-templates.js';
import { createPutTemplateHandler } from '../../../functions/handlers/put-template.js';
import { loadTemplateFolder } from '../../../functions/narrative/load-template-folder.js';
import type { TemplateSource } from '../../../functions/narrative/template-schema.js';
import { asReviewer, httpEvent } from '../../fixtures/events/http-event.js';
import { minimalTemplate } from '../support/fixtures.js';
import { invoke } from '../support/invoke.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let put: ReturnType<typeof createPutTemplateHandler>;
let get: ReturnType<typeof createGetTemplateHandler>;
let nihrIcat: TemplateSource;

beforeAll(async () => {
  stack = await createTestStack();
  put = createPutTemplateHandler(stack.deps);
  get = createGetTemplateHandler(stack.deps);
  nihrIcat = await loadTemplateFolder(
    fileURLToPath(new URL('../../../templates/nihr-icat', import.meta.url)),
  );
});

const putEvent = (id: string, body: unknown, claims = {}) =>
  httpEvent({ method: 'PUT', route: '/templates/{id}', params: { id }, body, ...claims });

async function refused(event: ReturnType<typeof putEvent>) {
  const before = await stack.tableItems();
  const reply = await invoke(put, event);
  expect(await stack.tableItems()).toEqual(before);
  return reply;
}

describe('Handler: put-template', () => {
  it('stores the NIHR ICAT template as version 1, then 2', async () => {
    // Act
    const first = await invoke(put, putEvent('nihr-icat', nihrIcat));
    const second = await invoke(put, putEvent('nihr-icat', nihrIcat));

    // Assess
    expect(first).toMatchObject({ status: 201, body: { id: 'nihr-icat', version: 1 } });
    expect(second).toMatchObject({ status: 201, body: { id: 'nihr-icat', version: 2 } });
    expect(first.headers.location).toBe('/templates/nihr-icat?version=1');
  });

  it('refuses an unknown variable with 400 naming its section, line and name', async () => {
    // Prepare
    const body = minimalTemplate(
      'typo',
      'Posts:\n\n{{ figures.posts.total }}\n\n{{ programmme.name }}\n',
    );

    // Act
    const reply = await refused(putEvent('typo', body));

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid-template');
    expect(reply.body.error.details).toEqual([
      expect.objectContaining({
        section: 'posts',
        line: 5,
        reference: 'programmme.name',
        kind: 'unknown-variable',
      }),
    ]);
  });

  it('refuses a template of the wrong shape, naming the path', async () => {
    // Prepare
    const body = minimalTemplate('shape');
    body.manifest.sections[0] = { ...body.manifest.sections[0], source: '../posts.md' } as never;

    // Act
    const reply = await refused(putEvent('shape', body));

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0].path).toBe('manifest.sections[0].source');
  });

  it.each([['../x'], ['%00'], ['t'.repeat(500)], ['TPL#x']])(
    'refuses the template id %s with 400 and stores nothing',
    async (id) => {
      // Act
      const reply = await refused(putEvent(id, minimalTemplate('hostile')));

      // Assess
      expect(reply).toMatchObject({ status: 400, body: { error: { details: [{ path: 'id' }] } } });
    },
  );

  it('refuses a template too large to store with 413, before reading its Liquid', async () => {
    // Prepare: four sections of 90 KB, the first of them with a tag that is never closed.
    const template = minimalTemplate('too-large');
    const sections = ['a', 'b', 'c', 'd'];
    const body = {
      manifest: {
        ...template.manifest,
        sections: sections.map((id) => ({ id, heading: id, source: `${id}.md` })),
      },
      sections: Object.fromEntries(
        sections.map((id) => [`${id}.md`, `${id === 'a' ? '{% if %}' : ''}${'x'.repeat(90_000)}`]),
      ),
    };

    // Act
    const reply = await refused(putEvent('too-large', body));

    // Assess
    expect(reply).toMatchObject({
      status: 413,
      body: {
        error: {
          code: 'payload-too-large',
          message: expect.stringMatching(/^the template is larger than 307,200 bytes/),
        },
      },
    });
  });

  it('refuses a manifest id that is not the path id, and a reviewer', async () => {
    // Act
    const mismatch = await refused(putEvent('path-template', minimalTemplate('other-template')));
    const reviewer = await refused(
      putEvent('minimal', minimalTemplate('minimal'), { claims: asReviewer }),
    );

    // Assess
    expect(mismatch).toMatchObject({
      status: 400,
      body: { error: { details: [{ path: 'manifest.id' }] } },
    });
    expect(reviewer.status).toBe(403);
  });
});

describe('Handler: get-template and list-templates', () => {
  it('returns the newest version, or the one asked for, and 404 naming what is missing', async () => {
    // Prepare
    await invoke(put, putEvent('versions', minimalTemplate('versions', 'One.\n')));
    await invoke(put, putEvent('versions', minimalTemplate('versions', 'Two.\n')));
    const getEvent = (id: string, query?: Record<string, string>) =>
      httpEvent({
        method: 'GET',
        route: '/templates/{id}',
        params: { id },
        claims: asReviewer,
        ...(query ? { query } : {}),
      });

    // Act
    const newest = await invoke(get, getEvent('versions'));
    const first = await invoke(get, getEvent('versions', { version: '1' }));
    const missingVersion = await invoke(get, getEvent('versions', { version: '9' }));
    const missingTemplate = await invoke(get, getEvent('never-uploaded'));
    const badVersion = await invoke(get, getEvent('versions', { version: 'latest' }));

    // Assess
    expect(newest).toMatchObject({
      status: 200,
      body: { version: 2, sections: { 'posts.md': 'Two.\n' } },
    });
    expect(first.body).toMatchObject({ version: 1, manifest: { id: 'versions' } });
    expect(missingVersion.body.error.details).toEqual([
      { resource: 'template version', id: 'versions@9' },
    ]);
    expect(missingTemplate.body.error.details).toEqual([
      { resource: 'template', id: 'never-uploaded' },
    ]);
    expect(badVersion).toMatchObject({
      status: 400,
      body: { error: { details: [{ path: 'version' }] } },
    });
  });

  it('lists templates with their newest version', async () => {
    // Prepare
    const own = await createTestStack();
    const ownPut = createPutTemplateHandler(own.deps);
    await invoke(ownPut, putEvent('alpha', minimalTemplate('alpha')));
    await invoke(ownPut, putEvent('beta', minimalTemplate('beta')));
    await invoke(ownPut, putEvent('beta', minimalTemplate('beta')));

    // Act
    const reply = await invoke(
      createListTemplatesHandler(own.deps),
      httpEvent({ method: 'GET', route: '/templates', claims: asReviewer }),
    );

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([
      expect.objectContaining({ id: 'alpha', latestVersion: 1, competition: 'Test competition' }),
      expect.objectContaining({ id: 'beta', latestVersion: 2 }),
    ]);
  });
});
