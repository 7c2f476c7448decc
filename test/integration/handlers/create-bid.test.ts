import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBid } from '../../../functions/bids/create-bid.js';
import { draftBid } from '../../../functions/bids/draft-bid.js';
import { IdempotencyKeyTakenError } from '../../../functions/bids/idempotency.js';
import { IdempotencyKeyReusedError } from '../../../functions/errors/errors.js';
import { createCreateBidHandler } from '../../../functions/handlers/create-bid.js';
import { createListBidsHandler } from '../../../functions/handlers/list-bids.js';
import { loadTemplateFolder } from '../../../functions/narrative/load-template-folder.js';
import { contentHash, sha256Hex } from '../../../functions/snapshots/canonical-json.js';
import type { BidStore, NewBid } from '../../../functions/stores/bid-store.js';
import type { SnapshotStore } from '../../../functions/stores/snapshot-store.js';
import { pdfObjectKey } from '../../../functions/stores/table-definition.js';
import { putTemplate } from '../../../functions/templates/put-template.js';
import { asAdmin, asReviewer, claimsFor, httpEvent } from '../../fixtures/events/http-event.js';
import { readPdf } from '../../unit/render/pdf-text.js';
import { programmeWith } from '../support/fixtures.js';
import { invoke } from '../support/invoke.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

/**
 * POST /bids with the real renderer (functions/render) and the real NIHR ICAT template
 * against the emulators.
 */
let stack: TestStack;
let create: ReturnType<typeof createCreateBidHandler>;

beforeAll(async () => {
  stack = await createTestStack();
  create = createCreateBidHandler({ ...stack.deps, renderBid: draftBid });
  const source = await loadTemplateFolder(
    fileURLToPath(new URL('../../../templates/nihr-icat', import.meta.url)),
  );
  await putTemplate(stack.deps, { id: 'nihr-icat', source, by: 'seed' });
  await putTemplate(stack.deps, { id: 'nihr-icat', source, by: 'seed' });
});

async function storeProgramme(id: string, change?: (doc: any) => void) {
  await stack.deps.programmes.save({
    programme: programmeWith(id, change),
    expected: { kind: 'any' },
    at: new Date().toISOString(),
    by: 'seed',
  });
}

function bidEvent(body: unknown, options: { key?: string; claims?: any } = {}) {
  return httpEvent({
    method: 'POST',
    route: '/bids',
    body,
    ...(options.key ? { headers: { 'Idempotency-Key': options.key } } : {}),
    ...(options.claims ? { claims: options.claims } : {}),
  });
}

async function bidsOf(programmeId: string) {
  const reply = await invoke(
    createListBidsHandler(stack.deps),
    httpEvent({ method: 'GET', route: '/bids', query: { programmeId, limit: '100' } }),
  );
  return reply.body.items as { id: string }[];
}

/** A barrier: each call waits until `n` calls have arrived. */
function gate(n: number): () => Promise<void> {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let arrived = 0;
  return async () => {
    if (++arrived === n) open();
    await opened;
  };
}

/** The snapshot store, its first `n` latestAndPrevious reads held until all `n` have come. */
function snapshotsReadTogether(n: number): SnapshotStore {
  const { snapshots } = stack.deps;
  const read = gate(n);
  let reads = 0;
  return Object.assign(Object.create(snapshots) as SnapshotStore, {
    latestAndPrevious: async (programmeId: string) => {
      if (reads++ < n) await read();
      return snapshots.latestAndPrevious(programmeId);
    },
  });
}

/** The bid engine, counting how often it renders. */
function countedRenders() {
  let renders = 0;
  return {
    renderBid: async (input: Parameters<typeof draftBid>[0]) => {
      renders++;
      return draftBid(input);
    },
    renders: () => renders,
  };
}

/** Sends a request that must be refused and shows that neither table nor bucket changed. */
async function refused(event: ReturnType<typeof bidEvent>) {
  const before = [await stack.tableItems(), await stack.objectKeys()];
  const reply = await invoke(create, event);
  expect([await stack.tableItems(), await stack.objectKeys()]).toEqual(before);
  return reply;
}

describe('Handler: create-bid', () => {
  it('renders a draft bid from a snapshot taken now, with 201, its PDF in S3 and its warnings', async () => {
    // Prepare
    await storeProgramme('rendered');

    // Act
    const reply = await invoke(
      create,
      bidEvent({ programmeId: 'rendered', templateId: 'nihr-icat' }),
    );

    // Assess
    expect(reply.status).toBe(201);
    const bid = reply.body;
    expect(bid).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      programmeId: 'rendered',
      templateId: 'nihr-icat',
      templateVersion: 2,
      snapshotId: expect.any(String),
      status: 'draft',
      createdAt: expect.any(String),
      createdBy: 'ada.writer',
      pdf: {
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        bytes: expect.any(Number),
        pages: expect.any(Number),
      },
      warnings: expect.any(Array),
    });
    expect(bid.pdf.pages).toBeGreaterThan(1);
    const pdf = await stack.deps.pdfs.get(pdfObjectKey(bid.id, bid.pdf.sha256));
    expect(pdf && sha256Hex(pdf)).toBe(bid.pdf.sha256);
    expect(pdf?.byteLength).toBe(bid.pdf.bytes);
    const snapshot = await stack.deps.snapshots.get('rendered', bid.snapshotId);
    expect(snapshot?.sha256).toBe(contentHash(programmeWith('rendered')));
  });

  it('reuses the newest snapshot while the figures are unchanged, and takes a new one after a change', async () => {
    // Prepare
    await storeProgramme('resnapshot');
    const body = { programmeId: 'resnapshot', templateId: 'nihr-icat', templateVersion: 1 };
    const first = await invoke(create, bidEvent(body));

    // Act
    const unchanged = await invoke(create, bidEvent(body));
    await storeProgramme('resnapshot', (doc) => (doc.trainees.current = 120));
    const changed = await invoke(create, bidEvent(body));
    const pinned = await invoke(create, bidEvent({ ...body, snapshotId: first.body.snapshotId }));

    // Assess
    expect(unchanged.body.snapshotId).toBe(first.body.snapshotId);
    expect(changed.body.snapshotId).not.toBe(first.body.snapshotId);
    expect(pinned.body.snapshotId).toBe(first.body.snapshotId);
    expect(pinned.body.pdf.sha256).toBe(first.body.pdf.sha256);
    expect(unchanged.body.templateVersion).toBe(1);
  });

  it('refuses with 422 a template that reads a figure the programme lacks, naming it, and stores nothing', async () => {
    // Prepare
    await storeProgramme('leaderless', (doc) => delete doc.lead);

    // Act
    const reply = await refused(bidEvent({ programmeId: 'leaderless', templateId: 'nihr-icat' }));

    // Assess
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('unrenderable');
    expect(reply.body.error.message).toContain('programme.lead');
    expect(reply.body.error.details).toEqual([
      expect.objectContaining({
        reference: expect.stringContaining('programme.lead'),
        section: expect.any(String),
        line: expect.any(Number),
      }),
    ]);
  });

  it('refuses with 422 figures holding a character the bid typeface cannot print, naming it', async () => {
    // Prepare: a programme lead written in Cyrillic, which the typeface leaves out.
    await storeProgramme('cyrillic-lead', (doc) => {
      doc.lead.name = 'Лейла Смирнова';
    });

    // Act
    const reply = await refused(
      bidEvent({ programmeId: 'cyrillic-lead', templateId: 'nihr-icat' }),
    );

    // Assess
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('unrenderable');
    expect(reply.body.error.message).toContain('"Л" (U+041B)');
    expect(reply.body.error.details).toEqual([
      expect.objectContaining({ kind: 'typeface', section: expect.any(String) }),
    ]);
  });

  it.each([
    [
      'programme',
      { programmeId: 'no-such-programme', templateId: 'nihr-icat' },
      'no-such-programme',
    ],
    ['template', { programmeId: 'known', templateId: 'no-such-template' }, 'no-such-template'],
    [
      'template',
      { programmeId: 'no-such-programme', templateId: 'no-such-template' },
      'no-such-template',
    ],
    [
      'template version',
      { programmeId: 'known', templateId: 'nihr-icat', templateVersion: 7 },
      'nihr-icat@7',
    ],
    [
      'snapshot',
      { programmeId: 'known', templateId: 'nihr-icat', snapshotId: '20260101T000000000Z-00000000' },
      '20260101T000000000Z-00000000',
    ],
  ])(
    'answers 404 naming an unknown %s (the template first when both are)',
    async (resource, body, id) => {
      // Prepare
      await storeProgramme('known');

      // Act
      const reply = await refused(bidEvent(body));

      // Assess
      expect(reply.status).toBe(404);
      expect(reply.body.error.details).toEqual([{ resource, id }]);
    },
  );

  it('refuses a body that breaks the schema with 400 naming each field', async () => {
    // Act
    const reply = await refused(
      bidEvent({ programmeId: 'Bad Id', templateId: 'nihr-icat', templateVersion: '2', extra: 1 }),
    );

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'extra',
      'programmeId',
      'templateVersion',
    ]);
  });

  it('admits writers only', async () => {
    // Prepare
    const body = { programmeId: 'known', templateId: 'nihr-icat' };

    // Act
    const replies = await Promise.all(
      [asReviewer, asAdmin, claimsFor('[]'), null].map((claims) =>
        claims === null
          ? invoke(create, httpEvent({ method: 'POST', route: '/bids', body, claims: null }))
          : invoke(create, bidEvent(body, { claims })),
      ),
    );

    // Assess
    expect(replies.map((r) => r.status)).toEqual([403, 403, 403, 401]);
  });

  it('returns the same bid for the same Idempotency-Key, and 409 for the key with another body', async () => {
    // Prepare
    await storeProgramme('idempotent');
    const body = { programmeId: 'idempotent', templateId: 'nihr-icat' };

    // Act
    const first = await invoke(create, bidEvent(body, { key: 'retry-1' }));
    const retry = await invoke(create, bidEvent(body, { key: 'retry-1' }));
    const otherBody = await invoke(
      create,
      bidEvent({ ...body, templateVersion: 1 }, { key: 'retry-1' }),
    );
    const otherCaller = await invoke(
      create,
      bidEvent(body, { key: 'retry-1', claims: claimsFor(['writers'], 'bob.writer') }),
    );

    // Assess
    expect(first.status).toBe(201);
    expect(retry).toMatchObject({ status: 201, headers: { 'idempotent-replayed': 'true' } });
    expect(retry.body).toEqual(first.body);
    expect(otherBody).toMatchObject({
      status: 409,
      body: { error: { code: 'idempotency-key-reused' } },
    });
    expect(otherCaller.body.id).not.toBe(first.body.id);
    expect((await bidsOf('idempotent')).map((b) => b.id).sort()).toEqual(
      [first.body.id, otherCaller.body.id].sort(),
    );
  });

  it('refuses a malformed Idempotency-Key with 400 naming the header, storing no bid', async () => {
    // Prepare
    await storeProgramme('bad-key');
    const body = { programmeId: 'bad-key', templateId: 'nihr-icat' };

    // Act
    const reply = await invoke(create, bidEvent(body, { key: 'two words' }));

    // Assess
    expect(reply).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'invalid-input',
          message: 'headers is invalid: Idempotency-Key: must be 1–255 visible ASCII characters',
          details: [{ path: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }],
        },
      },
    });
    expect(await bidsOf('bad-key')).toEqual([]);
  });

  it('makes one bid and keeps one PDF when duplicates with one key arrive together', async () => {
    // Prepare
    await storeProgramme('concurrent');
    const body = { programmeId: 'concurrent', templateId: 'nihr-icat' };
    const objectsBefore = await stack.objectKeys();

    // Act
    const replies = await Promise.all(
      Array.from({ length: 4 }, () => invoke(create, bidEvent(body, { key: 'double-click' }))),
    );

    // Assess
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const ids = new Set(replies.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect((await bidsOf('concurrent')).map((b) => b.id)).toEqual([id]);
    const added = (await stack.objectKeys()).filter((key) => !objectsBefore.includes(key));
    expect(added).toEqual([`bids/${id}/${replies[0]?.body.pdf.sha256}.pdf`]);
    expect((await stack.deps.snapshots.list('concurrent', { limit: 10 })).items).toHaveLength(1);
  });

  it('returns the winner’s bid to requests that lost the race for their key, and stores one snapshot', async () => {
    // Prepare: hold four requests until all have passed the idempotency check and read the
    // newest snapshot, so that all four render and race to store.
    await storeProgramme('raced');
    const checked = gate(4);
    let checks = 0;
    const engine = countedRenders();
    const lost: unknown[] = [];
    const { bids } = stack.deps;
    const deps = {
      ...stack.deps,
      // The real stores, with two methods wrapped (their other methods come through the prototype).
      bids: Object.assign(Object.create(bids) as BidStore, {
        findIdempotency: async (scope: string, now: number) => {
          if (checks++ < 4) {
            await checked();
            return null;
          }
          return bids.findIdempotency(scope, now);
        },
        create: (input: NewBid) =>
          bids.create(input).catch((error: unknown) => {
            lost.push(error);
            throw error;
          }),
      }),
      snapshots: snapshotsReadTogether(4),
      renderBid: engine.renderBid,
    };
    const request = { programmeId: 'raced', templateId: 'nihr-icat' };
    const caller = { sub: 'sub-raced', name: 'ada.writer' };

    // Act
    const results = await Promise.all(
      Array.from({ length: 4 }, () => createBid(deps, { request, caller, idempotencyKey: 'race' })),
    );

    // Assess
    expect(new Set(results.map((r) => r.bid.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(lost).toHaveLength(3);
    for (const error of lost) expect(error).toBeInstanceOf(IdempotencyKeyTakenError);
    const kept = (await stack.deps.snapshots.list('raced', { limit: 10 })).items;
    expect(kept).toHaveLength(1);
    expect(results[0]?.bid.snapshotId).toBe(kept[0]?.id);
    expect(engine.renders()).toBe(4);
    const winner = results[0]?.bid;
    const pdf = winner && (await stack.deps.pdfs.get(pdfObjectKey(winner.id, winner.pdf.sha256)));
    expect(pdf && sha256Hex(pdf)).toBe(winner?.pdf.sha256);
  });

  it('renders again for the kept snapshot when requests without a key race to freeze the same figures', async () => {
    // Prepare: all four read the programme before any has stored a snapshot.
    await storeProgramme('frozen-twice');
    const engine = countedRenders();
    const deps = {
      ...stack.deps,
      snapshots: snapshotsReadTogether(4),
      renderBid: engine.renderBid,
    };
    const objectsBefore = await stack.objectKeys();

    // Act
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        createBid(deps, {
          request: { programmeId: 'frozen-twice', templateId: 'nihr-icat' },
          caller: { sub: 'sub-frozen', name: 'ada.writer' },
        }),
      ),
    );

    // Assess: four bids of one snapshot, each with its own PDF and no other PDF left.
    const kept = (await stack.deps.snapshots.list('frozen-twice', { limit: 10 })).items;
    expect(kept).toHaveLength(1);
    expect(results.map((r) => r.bid.snapshotId)).toEqual(Array(4).fill(kept[0]?.id));
    expect(engine.renders()).toBe(4 + 3);
    const added = (await stack.objectKeys()).filter((key) => !objectsBefore.includes(key));
    expect(added.sort()).toEqual(
      results.map(({ bid }) => pdfObjectKey(bid.id, bid.pdf.sha256)).sort(),
    );
  });

  it('stores no snapshot and keeps no PDF for a request whose Idempotency-Key another body took meanwhile', async () => {
    // Prepare: two new programmes, so each request freezes its figures; both pass the key
    // check before either stores.
    await storeProgramme('key-winner');
    await storeProgramme('key-loser');
    const checked = gate(2);
    let checks = 0;
    const { bids } = stack.deps;
    const deps = {
      ...stack.deps,
      bids: Object.assign(Object.create(bids) as BidStore, {
        findIdempotency: async (scope: string, now: number) => {
          if (checks++ < 2) {
            await checked();
            return null;
          }
          return bids.findIdempotency(scope, now);
        },
      }),
      renderBid: draftBid,
    };
    const caller = { sub: 'sub-one-key', name: 'ada.writer' };
    const objectsBefore = await stack.objectKeys();

    // Act
    const results = await Promise.allSettled(
      ['key-winner', 'key-loser'].map((programmeId) =>
        createBid(deps, {
          request: { programmeId, templateId: 'nihr-icat' },
          caller,
          idempotencyKey: 'one-key',
        }),
      ),
    );

    // Assess: whichever won, the other left nothing behind.
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.bid] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(won).toHaveLength(1);
    expect(refused).toEqual([expect.any(IdempotencyKeyReusedError)]);
    const winner = won[0];
    const loser = winner?.programmeId === 'key-winner' ? 'key-loser' : 'key-winner';
    expect((await stack.deps.snapshots.list(loser, { limit: 10 })).items).toEqual([]);
    expect(await bidsOf(loser)).toEqual([]);
    const added = (await stack.objectKeys()).filter((key) => !objectsBefore.includes(key));
    expect(added).toEqual([winner && pdfObjectKey(winner.id, winner.pdf.sha256)]);
  });

  it('keeps its PDF when its own committed transaction is reported as a lost race (store wrapper: DynamoDB Local cannot lose a response on demand)', async () => {
    // Prepare: the bid is written, then the store reports the key as taken, as a retried
    // TransactWriteItems whose first response was lost would.
    await storeProgramme('committed-unseen');
    const { bids } = stack.deps;
    const deps = {
      ...stack.deps,
      bids: Object.assign(Object.create(bids) as BidStore, {
        create: async (input: NewBid) => {
          await bids.create(input);
          throw new IdempotencyKeyTakenError(input.idempotency?.scope ?? '');
        },
      }),
      renderBid: draftBid,
    };

    // Act
    const result = await createBid(deps, {
      request: { programmeId: 'committed-unseen', templateId: 'nihr-icat' },
      caller: { sub: 'sub-unseen', name: 'ada.writer' },
      idempotencyKey: 'unseen',
    });

    // Assess
    expect(result.replayed).toBe(false);
    expect((await bidsOf('committed-unseen')).map((b) => b.id)).toEqual([result.bid.id]);
    const pdf = await stack.deps.pdfs.get(pdfObjectKey(result.bid.id, result.bid.pdf.sha256));
    expect(pdf && sha256Hex(pdf)).toBe(result.bid.pdf.sha256);
  });

  it('reproduces an old bid’s bytes from its snapshot on a later day, after the figures changed', async () => {
    // Prepare
    await storeProgramme('reissued');
    const body = { programmeId: 'reissued', templateId: 'nihr-icat', templateVersion: 1 };
    const first = await invoke(create, bidEvent(body));
    await storeProgramme('reissued', (doc) => {
      doc.trainees.current = 120;
    });
    const sixWeeksOn = createCreateBidHandler({
      ...stack.deps,
      clock: { now: () => new Date(Date.now() + 42 * 24 * 3600 * 1000) },
      renderBid: draftBid,
    });

    // Act
    const again = await invoke(
      sixWeeksOn,
      bidEvent({ ...body, snapshotId: first.body.snapshotId }),
    );
    const latest = await invoke(sixWeeksOn, bidEvent(body));

    // Assess
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
    expect(again.body.snapshotId).toBe(first.body.snapshotId);
    expect(again.body.pdf.sha256).toBe(first.body.pdf.sha256);
    expect(latest.body.snapshotId).not.toBe(first.body.snapshotId);
    expect(latest.body.pdf.sha256).not.toBe(first.body.pdf.sha256);
    const pdfText = async (bid: { id: string; pdf: { sha256: string } }) => {
      const bytes = await stack.deps.pdfs.get(pdfObjectKey(bid.id, bid.pdf.sha256));
      return bytes ? (await readPdf(bytes)).text.replace(/\s+/g, ' ') : '';
    };
    const [firstText, latestText] = [await pdfText(first.body), await pdfText(latest.body)];
    expect(firstText).not.toContain('Changes since the previous snapshot');
    expect(latestText).toContain(`previous snapshot ${first.body.snapshotId}`);
    expect(latestText).toContain('trainees.current 116 120');
  });
});
