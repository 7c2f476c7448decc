import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { draftBid } from '../../../functions/bids/draft-bid.js';
import { createCreateBidHandler } from '../../../functions/handlers/create-bid.js';
import { createPutTemplateHandler } from '../../../functions/handlers/put-template.js';
import { pdfObjectKey } from '../../../functions/stores/table-definition.js';
import { httpEvent } from '../../fixtures/events/http-event.js';
import {
  type HostileCase,
  hostileCases,
  hostileTemplatesDir,
  templateBody,
} from '../../fixtures/hostile-templates.js';
import { readPdf } from '../../unit/render/pdf-text.js';
import { programmeWith } from '../support/fixtures.js';
import { invoke } from '../support/invoke.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

/**
 * A representative part of the hostile templates corpus (test/fixtures/hostile-templates)
 * through the HTTP handlers against the emulators: `PUT /templates/{id}` refuses with 400 and
 * stores nothing, or stores the template and `POST /bids` refuses with 422 and stores nothing
 * more; never a 500. Every case of the corpus runs through the engine in
 * test/unit/narrative/hostile-templates.test.ts.
 */
const REFUSED_AT_UPLOAD = [
  'function-constructor-call',
  'process-env',
  'this-access',
  'include-tag',
  'nested-if',
  'nested-brackets',
  'nested-quotes',
  'emphasis-flood',
  'giant-table',
  'script-html',
  'yaml-billion-laughs',
  'values-nan',
  'values-huge',
  'section-number',
  'section-object',
  'sections-proto-key',
  'manifest-proto-key',
];
const REFUSED_AT_BID = [
  'constructor-access',
  'proto-access',
  'huge-range',
  'nested-loops',
  'nested-loops-over-list',
  'capture-doubling',
  'output-loop',
  'title-amplification',
  'document-output',
  'emphasis-flood-loop',
  'too-many-blocks',
  'yaml-huge',
  'values-from-text-data',
  'gigantic-pdf',
];
const PROGRAMME = 'hostile-target';

const byId = new Map(hostileCases().map((entry) => [entry.id, entry]));
function hostileCase(id: string): HostileCase {
  const entry = byId.get(id);
  if (!entry) throw new Error(`no hostile template "${id}" in cases.json`);
  return entry;
}

let stack: TestStack;
let put: ReturnType<typeof createPutTemplateHandler>;
let create: ReturnType<typeof createCreateBidHandler>;

beforeAll(async () => {
  stack = await createTestStack();
  put = createPutTemplateHandler(stack.deps);
  create = createCreateBidHandler({ ...stack.deps, renderBid: draftBid });
  await stack.deps.programmes.save({
    programme: programmeWith(PROGRAMME),
    expected: { kind: 'any' },
    at: new Date().toISOString(),
    by: 'seed',
  });
});

const putEvent = (id: string, body: unknown) =>
  httpEvent({ method: 'PUT', route: '/templates/{id}', params: { id }, body });
const bidEvent = (templateId: string) =>
  httpEvent({ method: 'POST', route: '/bids', body: { programmeId: PROGRAMME, templateId } });

/** The table's items and the bucket's objects: what a refused request must leave unchanged. */
async function stored() {
  return [await stack.tableItems(), await stack.objectKeys()];
}

describe('Handlers: put-template and create-bid with hostile templates', () => {
  it('covers cases the corpus refuses at upload and at bid time', () => {
    // Assess
    for (const id of REFUSED_AT_UPLOAD) expect(hostileCase(id).refused).toBe('upload');
    for (const id of REFUSED_AT_BID) expect(hostileCase(id).refused).toBe('bid');
  });

  it.each(REFUSED_AT_UPLOAD)(
    'PUT /templates refuses %s with 400 naming the problem, and stores nothing',
    async (id) => {
      // Prepare
      const entry = hostileCase(id);
      const before = await stored();

      // Act
      const reply = await invoke(put, putEvent(id, templateBody(join(hostileTemplatesDir, id))));

      // Assess
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('invalid-template');
      expect(reply.body.error.message).toContain(entry.message);
      const [problem] = reply.body.error.details;
      if (entry.kind === 'schema') {
        expect(problem).toMatchObject({ path: expect.stringMatching(/^(sections|manifest)\b/) });
      } else {
        expect(problem).toMatchObject({
          kind: entry.kind,
          section: entry.section ?? 'body',
          line: expect.any(Number),
        });
      }
      expect(await stored()).toEqual(before);
    },
  );

  it.each(REFUSED_AT_BID)(
    'POST /bids refuses %s with 422 naming the problem, and stores no bid, snapshot or PDF',
    async (id) => {
      // Prepare
      const entry = hostileCase(id);
      const upload = await invoke(put, putEvent(id, templateBody(join(hostileTemplatesDir, id))));
      expect(upload.status).toBe(201);
      const before = await stored();

      // Act
      const reply = await invoke(create, bidEvent(id));

      // Assess
      expect(reply.status).toBe(422);
      expect(reply.body.error.code).toBe('unrenderable');
      expect(reply.body.error.message).toContain(entry.message);
      expect(reply.body.error.details).toEqual([
        expect.objectContaining({
          kind: entry.kind,
          section: entry.section ?? 'body',
          line: expect.any(Number),
        }),
      ]);
      expect(await stored()).toEqual(before);
    },
  );

  it('renders a bid from the javascript: link case with 201, the link reduced to its text', async () => {
    // Prepare
    const id = 'javascript-link';
    await invoke(put, putEvent(id, templateBody(join(hostileTemplatesDir, id))));

    // Act
    const reply = await invoke(create, bidEvent(id));

    // Assess
    expect(reply.status).toBe(201);
    const pdf = await stack.deps.pdfs.get(pdfObjectKey(reply.body.id, reply.body.pdf.sha256));
    if (!pdf) throw new Error('the bid has no PDF');
    const text = (await readPdf(pdf)).text.replace(/\s+/g, ' ');
    expect(text).toContain('Read more about the programme.');
    expect(text).not.toMatch(/javascript|cookie/i);
    expect(Buffer.from(pdf).toString('latin1')).not.toMatch(/\/URI|\/JS|\/Annots/);
  });
});
