import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nihrIcatTemplate } from '../../e2e/support/seed.js';
import { programmeWith } from '../support/fixtures.js';
import {
  type BidBody,
  downloadPdf,
  expectSnapshotsConsistent,
  expectUnavailable,
  itemKey,
  onStoreRequest,
  timed,
} from './support/fault-checks.js';
import { type FaultStack, type Item, startFaultStack } from './support/fault-stack.js';

/**
 * POST /bids while the PDF store is down, against real servers: DynamoDB Local and s3rver
 * of this file's own (on disk, on fixed ports), the dev server and the real handler
 * modules. s3rver is stopped before the request, or killed at the moment create-bid opens
 * its PDF upload (after the template, programme and snapshot reads and the render, before
 * any write to the table), then started again on the same port and directory.
 */
let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack();
  const template = await stack.api.writer.put('/templates/nihr-icat', await nihrIcatTemplate());
  expect(template.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

/** Live figures that differ from any snapshot, so POST /bids takes a snapshot of its own. */
async function programmeWithNewFigures(id: string, trainees: number): Promise<void> {
  const programme = programmeWith(id);
  programme.trainees = { ...programme.trainees, current: trainees };
  const reply = await stack.api.writer.put(`/programmes/${id}`, programme);
  expect([200, 201]).toContain(reply.status);
}

function postBid(programmeId: string, key: string) {
  return stack.api.writer.post<BidBody>(
    '/bids',
    { programmeId, templateId: 'nihr-icat' },
    { headers: { 'idempotency-key': key } },
  );
}

/** Items the table holds now that it did not hold at `before`. */
async function itemsAddedSince(before: Item[]): Promise<Item[]> {
  const known = new Set(before.map(itemKey));
  return (await stack.tableItems()).filter((item) => !known.has(itemKey(item)));
}

/**
 * After a refused POST /bids: no bid is listed, and the table gained nothing: no bid, bid
 * event, idempotency record, nor the snapshot the request froze, which is stored only with
 * its bid.
 */
async function expectNothingStored(programmeId: string, before: Item[]): Promise<void> {
  const listed = await stack.api.reviewer.get<{ items: unknown[] }>(
    `/bids?programmeId=${programmeId}`,
  );
  expect(listed.status).toBe(200);
  expect(listed.body.items).toEqual([]);
  expect(await itemsAddedSince(before)).toEqual([]);
}

/** The same request once s3rver is back: 201 with a downloadable PDF, then a replay of it. */
async function expectRetrySucceeds(programmeId: string, key: string): Promise<BidBody> {
  const retried = await postBid(programmeId, key);
  expect(retried.status, JSON.stringify(retried.body)).toBe(201);
  expect(retried.headers.get('idempotent-replayed')).toBeNull();
  const bid = retried.body;
  expect(bid).toMatchObject({ programmeId, status: 'draft' });
  await downloadPdf(stack.api.reviewer, bid);

  const replayed = await postBid(programmeId, key);
  expect(replayed.status).toBe(201);
  expect(replayed.headers.get('idempotent-replayed')).toBe('true');
  expect(replayed.body).toEqual(bid);

  const bids = await stack.api.reviewer.get<{ items: BidBody[] }>(
    `/bids?programmeId=${programmeId}`,
  );
  expect(bids.body.items.map((listed) => listed.id)).toEqual([bid.id]);
  return bid;
}

describe('Fault: the PDF store is down during POST /bids', () => {
  it('answers 503 naming the PDF store when s3rver is stopped, stores nothing, and the same Idempotency-Key succeeds once it is back', async () => {
    // Prepare
    await programmeWithNewFigures('pdf-store-stopped', 120);
    const before = await stack.tableItems();
    const key = randomUUID();
    await stack.s3.stop();

    // Act
    const refused = await timed(() => postBid('pdf-store-stopped', key));

    // Assess
    expectUnavailable(refused, 'pdf-store', /PDF store \(S3\) is not answering/);
    await expectNothingStored('pdf-store-stopped', before);

    await stack.s3.start();
    const bid = await expectRetrySucceeds('pdf-store-stopped', key);
    // The retry froze the figures again and stored that one snapshot with its bid.
    const added = await itemsAddedSince(before);
    const snapshots = added.filter((item) => String(item.SK).startsWith('SNAP#'));
    expect(snapshots.map((item) => item.id)).toEqual([bid.snapshotId]);
    expectSnapshotsConsistent(await stack.tableItems(), 'pdf-store-stopped');
  });

  it('answers 503 when s3rver is killed as create-bid starts its PDF upload, and the retry succeeds once it is back', async () => {
    // Prepare
    await programmeWithNewFigures('pdf-store-killed', 121);
    const before = await stack.tableItems();
    const key = randomUUID();
    const s3 = stack.s3;
    const hook = onStoreRequest(
      s3.port,
      (request) => request.method === 'PUT' && request.path.includes('/bids/'),
      () => void s3.stop('kill'),
    );

    // Act
    let refused: Awaited<ReturnType<typeof timed<BidBody>>>;
    try {
      refused = await timed(() => postBid('pdf-store-killed', key));
    } finally {
      hook.dispose();
    }

    // Assess
    expect(hook.fired()).toBe(true);
    expectUnavailable(refused, 'pdf-store', /PDF store \(S3\) is not answering/);
    await expectNothingStored('pdf-store-killed', before);

    await s3.start();
    const bid = await expectRetrySucceeds('pdf-store-killed', key);
    // A PDF the killed server may have kept belongs to no bid: only this bid's PDF is reachable.
    const bidKeys = (await stack.objectKeys()).filter((name) => name.startsWith('bids/'));
    expect(bidKeys).toContain(`bids/${bid.id}/${bid.pdf.sha256}.pdf`);
  });
});
