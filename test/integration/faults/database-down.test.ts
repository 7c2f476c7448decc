import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONNECTION_TIMEOUT_MS,
  MAX_ATTEMPTS,
  MAX_BACKOFF_MS,
  REQUEST_TIMEOUT_MS,
  WORST_CASE_CALL_MS,
} from '../../../functions/clients/client-options.js';
import type { ApiReply } from '../../../local/api-client.js';
import { type Seeded, seedOverHttp } from '../../e2e/support/seed.js';
import { minimalTemplate, programmeWith } from '../support/fixtures.js';
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
 * The API while DynamoDB Local is down, against real servers: DynamoDB Local of this
 * file's own, keeping its database on disk, killed (SIGKILL) or frozen (SIGSTOP), then
 * started again (or resumed) on the same port and database file.
 */
let stack: FaultStack;
let seeded: Seeded;
let bid: BidBody;

/** What the handler and the dev server may add to the store's time, on a busy machine. */
const MARGIN_MS = 2_000;
/** A store that refuses connections: each attempt fails within the connection timeout. */
const REFUSED_BOUND_MS = MAX_ATTEMPTS * CONNECTION_TIMEOUT_MS + MAX_BACKOFF_MS + MARGIN_MS;
/** A store that accepts connections and never answers: every attempt times out. */
const FROZEN_BOUND_MS = WORST_CASE_CALL_MS + MARGIN_MS;

beforeAll(async () => {
  stack = await startFaultStack();
  seeded = await seedOverHttp(stack.api.writer, 'db-down');
  const created = await stack.api.writer.post<BidBody>('/bids', {
    programmeId: 'db-down',
    templateId: 'nihr-icat',
  });
  expect(created.status).toBe(201);
  bid = created.body;
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

const programmeItem = (items: Item[]) =>
  items.find((item) => item.PK === 'PROG#db-down' && item.SK === 'PROFILE');

/** Every item but the programme's own record, which an interrupted PUT may have changed. */
const allButProgramme = (items: Item[]) => items.filter((item) => item !== programmeItem(items));

/**
 * The programme written by a PUT that was in flight when the store went down is either
 * the record from before, untouched, or the new figures whole, one version on.
 */
function expectWholeOrAbsent(before: Item[], after: Item[], sent: unknown): 'absent' | 'whole' {
  const old = programmeItem(before);
  const now = programmeItem(after);
  if (JSON.stringify(now) === JSON.stringify(old)) return 'absent';
  expect(now).toMatchObject({ programme: sent, version: Number(old?.version) + 1 });
  return 'whole';
}

/** A write the table holds is not seen by a scan until the store has taken it in. */
async function settledItems(): Promise<Item[]> {
  let previous = await stack.tableItems();
  for (let scan = 0; scan < 20; scan++) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const current = await stack.tableItems();
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
  throw new Error('the table was still changing 6 s after the store resumed');
}

describe('Fault: DynamoDB Local is killed', () => {
  it('answers 503 naming the database on every route that reads or writes it, within the bound, and the table is as it was after a restart', async () => {
    // Prepare
    const { writer, reviewer } = stack.api;
    const before = await stack.tableItems();
    const changed = programmeWith('db-down');
    changed.trainees = { ...changed.trainees, current: 140 };
    const dynamodb = stack.dynamodb;
    // The JVM dies as put-programme starts its UpdateItem, after it read and checked the body.
    const hook = onStoreRequest(
      dynamodb.port,
      (request) => String(request.getHeader('x-amz-target')).endsWith('.UpdateItem'),
      () => void dynamodb.stop('kill'),
    );

    // Act
    let inFlight: Awaited<ReturnType<typeof timed>>;
    try {
      inFlight = await timed(() => writer.put('/programmes/db-down', changed));
    } finally {
      hook.dispose();
    }
    const key = randomUUID();
    const replies = await Promise.all([
      timed(() => writer.get('/programmes')),
      timed(() => writer.get('/programmes/db-down')),
      timed(() => writer.post('/programmes/db-down/snapshots')),
      timed(() => writer.get('/programmes/db-down/snapshots')),
      timed(() => writer.get(`/programmes/db-down/snapshots/${seeded.snapshotId}`)),
      timed(() =>
        writer.get(`/programmes/db-down/snapshots/${seeded.snapshotId}/diff?against=previous`),
      ),
      timed(() => writer.put('/templates/db-down-minimal', minimalTemplate('db-down-minimal'))),
      timed(() => writer.get('/templates')),
      timed(() => writer.get('/templates/nihr-icat')),
      timed(() =>
        writer.post(
          '/bids',
          { programmeId: 'db-down', templateId: 'nihr-icat' },
          { headers: { 'idempotency-key': key } },
        ),
      ),
      timed(() => reviewer.get('/bids?programmeId=db-down')),
      timed(() => reviewer.get(`/bids/${bid.id}`)),
      timed(() => reviewer.get(`/bids/${bid.id}/pdf`)),
      timed(() =>
        reviewer.post(`/bids/${bid.id}/reviews`, { decision: 'approve', comment: 'Checked.' }),
      ),
    ]);
    const health = await writer.get('/health');

    // Assess
    expect(hook.fired()).toBe(true);
    for (const reply of [inFlight, ...replies]) {
      expectUnavailable(reply, 'database', /database \(DynamoDB\) is not answering/);
      expect(reply.ms).toBeLessThan(REFUSED_BOUND_MS);
    }
    expect(health.status).toBe(200);

    await dynamodb.start();
    const after = await stack.tableItems();
    expect(expectWholeOrAbsent(before, after, changed)).toBe('absent');
    expect(allButProgramme(after)).toEqual(allButProgramme(before));
    expectSnapshotsConsistent(after, 'db-down');

    // Once it is back, the refused requests succeed as sent.
    const put = await writer.put('/programmes/db-down', changed);
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe(`"${Number(programmeItem(before)?.version) + 1}"`);
    const created = await writer.post<BidBody>(
      '/bids',
      { programmeId: 'db-down', templateId: 'nihr-icat' },
      { headers: { 'idempotency-key': key } },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await downloadPdf(reviewer, created.body);
  });
});

describe('Fault: DynamoDB Local is frozen (accepts connections, never answers)', () => {
  it('gives up within WORST_CASE_CALL_MS with 503, and what it was sent is whole or absent once it resumes, never a bid without its PDF', async () => {
    // Prepare: the figures are frozen already, so the first transaction POST /bids sends is
    // the bid's own (bid, created event, idempotency record), after its PDF is in S3.
    const { writer, reviewer } = stack.api;
    expect((await writer.post('/programmes/db-down/snapshots')).status).toBeLessThan(300);
    const current = await writer.get('/programmes/db-down');
    const etag = current.headers.get('etag') ?? '';
    const before = await stack.tableItems();
    const objectsBefore = await stack.objectKeys();
    const changed = programmeWith('db-down');
    changed.trainees = { ...changed.trainees, current: 150 };
    const { pid } = stack.dynamodb.running();
    const key = randomUUID();
    let frozenAt = 0;
    let frozen: () => void = () => undefined;
    const isFrozen = new Promise<void>((resolve) => {
      frozen = resolve;
    });
    const hook = onStoreRequest(
      stack.dynamodb.port,
      (request) => String(request.getHeader('x-amz-target')).endsWith('.TransactWriteItems'),
      () => {
        process.kill(pid, 'SIGSTOP');
        frozenAt = performance.now();
        frozen();
      },
    );

    // Act
    let replies: (ApiReply<unknown> & { ms: number })[];
    let bidReply: ApiReply<unknown>;
    try {
      const bidRequest = writer.post(
        '/bids',
        { programmeId: 'db-down', templateId: 'nihr-icat' },
        { headers: { 'idempotency-key': key } },
      );
      await isFrozen;
      replies = await Promise.all([
        timed(() => writer.get('/programmes')),
        timed(() => writer.put('/programmes/db-down', changed, { headers: { 'if-match': etag } })),
        timed(() => reviewer.get(`/bids/${bid.id}`)),
      ]);
      bidReply = await bidRequest;
      replies.push({ ...bidReply, ms: performance.now() - frozenAt });
    } finally {
      hook.dispose();
      process.kill(pid, 'SIGCONT');
    }

    // Assess
    for (const reply of replies) {
      expectUnavailable(reply, 'database', /database \(DynamoDB\) is not answering/);
      // The client's request timeout, not a hang, ended it: at least one attempt waited it out
      // (all MAX_ATTEMPTS do while the SDK's retry quota lasts; ~6 s measured).
      expect(reply.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      expect(reply.ms).toBeLessThan(FROZEN_BOUND_MS);
    }
    const after = await settledItems();
    expectWholeOrAbsent(before, after, changed);
    expectSnapshotsConsistent(after, 'db-down');
    // The bid transaction it was sent, if it applied on resuming, applied whole, and only
    // after the PDF it names was stored.
    const known = new Set(before.map(itemKey));
    const added = after.filter((item) => !known.has(itemKey(item)));
    const addedBids = added.filter((item) => item.SK === 'META');
    expect(added.map((item) => String(item.SK).replace(/#.*/, '')).sort()).toEqual(
      addedBids.length === 0 ? [] : ['EVENT', 'IDEM', 'META'],
    );
    const objects = await stack.objectKeys();
    for (const item of addedBids) {
      expect(objects).toContain(
        `bids/${String(item.id)}/${String((item.pdf as BidBody['pdf']).sha256)}.pdf`,
      );
    }
    const kept = allButProgramme(after).filter((item) => known.has(itemKey(item)));
    expect(kept).toEqual(allButProgramme(before));
    // One PDF more: the frozen request's, stored before it sent the bid's transaction.
    expect(objects).toHaveLength(objectsBefore.length + 1);

    // The same request again: the bid it made, or a new one, with its PDF.
    const retried = await writer.post<BidBody>(
      '/bids',
      { programmeId: 'db-down', templateId: 'nihr-icat' },
      { headers: { 'idempotency-key': key } },
    );
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    if (addedBids.length > 0) expect(retried.body.id).toBe(addedBids[0]?.id);
    await downloadPdf(reviewer, retried.body);
  }, 30_000);
});
