import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bid } from '../../../functions/bids/bid.js';
import { IdempotencyKeyTakenError, idempotencyScope } from '../../../functions/bids/idempotency.js';
import { createDocumentClient } from '../../../functions/clients/dynamodb.js';
import { randomIds } from '../../../functions/ids/ids.js';
import { contentHash } from '../../../functions/snapshots/canonical-json.js';
import type { Snapshot } from '../../../functions/snapshots/snapshot.js';
import type { BidStore } from '../../../functions/stores/bid-store.js';
import { DynamoDbBidStore } from '../../../functions/stores/dynamodb/bid-store.js';
import { SnapshotFiguresStoredError } from '../../../functions/stores/snapshot-store.js';
import { LOCAL_CREDENTIALS } from '../../../local/emulators.js';
import { programmeWith } from '../support/fixtures.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let bids: BidStore;

beforeAll(async () => {
  stack = await createTestStack();
  bids = stack.deps.bids;
});

function bidFor(programmeId: string, createdAt: string): Bid {
  return {
    id: randomUUID(),
    programmeId,
    templateId: 'nihr-icat',
    templateVersion: 1,
    snapshotId: '20260101T000000000Z-0a1b2c3d',
    status: 'draft',
    createdAt,
    createdBy: 'writer',
    pdf: { sha256: 'a'.repeat(64), bytes: 1234, pages: 5 },
    warnings: [{ code: 'word-limit', section: 'posts', words: 420, limit: 400 }],
  };
}

const created = (bid: Bid) => ({ type: 'created' as const, at: bid.createdAt, by: bid.createdBy });
const reviewed = (
  at: string,
  by = 'reviewer',
  decision: 'approve' | 'request-changes' = 'approve',
  comment = 'Good.',
) => ({ type: 'reviewed' as const, at, by, decision, comment });
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('Class: DynamoDbBidStore', () => {
  describe('Method: create', () => {
    it('stores the bid with its created event', async () => {
      // Prepare
      const bid = bidFor('stored', '2026-03-01T09:00:00.000Z');

      // Act
      await bids.create({ bid, created: created(bid) });

      // Assess
      expect(await bids.get(bid.id)).toEqual(bid);
      expect(await bids.getWithEvents(bid.id)).toEqual({ bid, events: [created(bid)] });
    });

    it('lets one of 10 concurrent duplicates claim an idempotency key and writes nothing for the rest', async () => {
      // Prepare
      const at = '2026-03-02T09:00:00.000Z';
      const scope = idempotencyScope('sub-1', 'key-1');
      const duplicates = Array.from({ length: 10 }, () => bidFor('duplicated', at));

      // Act
      const results = await Promise.allSettled(
        duplicates.map((bid) =>
          bids.create({
            bid,
            created: created(bid),
            idempotency: {
              scope,
              requestHash: 'b'.repeat(64),
              bidId: bid.id,
              expiresAt: epoch(at) + 60,
            },
          }),
        ),
      );

      // Assess
      const won = results.flatMap((r, n) => (r.status === 'fulfilled' ? [duplicates[n]] : []));
      expect(won).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(IdempotencyKeyTakenError);
      }
      expect((await bids.findIdempotency(scope, epoch(at)))?.bidId).toBe(won[0]?.id);
      expect((await bids.listByProgramme('duplicated', { limit: 20 })).items).toHaveLength(1);
    });

    it('stores a new snapshot with the bid, and nothing at all when its figures are already stored', async () => {
      // Prepare
      const programme = programmeWith('frozen-with-bid');
      const snapshotAt = (takenAt: string): Snapshot => ({
        id: randomIds.snapshotId(new Date(takenAt)),
        programmeId: programme.id,
        takenAt,
        sha256: contentHash(programme),
        takenBy: 'writer',
        programme,
      });
      const first = bidFor(programme.id, '2026-03-03T09:00:00.000Z');
      const second = bidFor(programme.id, '2026-03-03T09:00:01.000Z');
      const firstSnapshot = snapshotAt(first.createdAt);

      // Act
      await bids.create({ bid: first, created: created(first), snapshot: firstSnapshot });
      const before = await stack.tableItems();
      const again = bids.create({
        bid: second,
        created: created(second),
        snapshot: snapshotAt(second.createdAt),
      });

      // Assess
      await expect(again).rejects.toBeInstanceOf(SnapshotFiguresStoredError);
      expect(await stack.tableItems()).toEqual(before);
      expect(await stack.deps.snapshots.latest(programme.id)).toEqual(firstSnapshot);
      expect(await bids.get(first.id)).toEqual(first);
    });

    it('lets an expired idempotency key be claimed again', async () => {
      // Prepare
      const scope = idempotencyScope('sub-2', 'key-2');
      const old = bidFor('expiry', '2026-03-03T09:00:00.000Z');
      await bids.create({
        bid: old,
        created: created(old),
        idempotency: {
          scope,
          requestHash: 'c'.repeat(64),
          bidId: old.id,
          expiresAt: epoch(old.createdAt) + 60,
        },
      });
      const later = bidFor('expiry', '2026-03-04T09:00:00.000Z');

      // Act
      await bids.create({
        bid: later,
        created: created(later),
        idempotency: {
          scope,
          requestHash: 'd'.repeat(64),
          bidId: later.id,
          expiresAt: epoch(later.createdAt) + 60,
        },
      });

      // Assess
      expect(await bids.findIdempotency(scope, epoch(later.createdAt))).toMatchObject({
        bidId: later.id,
        requestHash: 'd'.repeat(64),
      });
      expect(await bids.findIdempotency(scope, epoch(later.createdAt) + 3600)).toBeNull();
    });
  });

  describe('Method: get', () => {
    it('returns null for an unknown bid', async () => {
      expect(await bids.get(randomUUID())).toBeNull();
      expect(await bids.getWithEvents(randomUUID())).toBeNull();
    });

    it('lists a trail longer than its budget by its newest events, oldest first, and still finds the bid', async () => {
      // Prepare: a created event and five downloads, and a store whose budget is the JSON of
      // the last three downloads
      const bid = bidFor('long-trail', '2026-07-01T09:00:00.000Z');
      await bids.create({ bid, created: created(bid) });
      const downloads = [2, 3, 4, 5, 6].map((day) => ({
        type: 'downloaded' as const,
        at: `2026-07-0${day}T09:00:00.000Z`,
        by: 'ria.reviewer',
      }));
      for (const download of downloads) await bids.addEvent(bid.id, download);
      const budget = downloads
        .slice(2)
        .reduce((sum, event) => sum + Buffer.byteLength(JSON.stringify(event)), 0);
      const store = new DynamoDbBidStore(
        createDocumentClient(LOCAL_CREDENTIALS.region),
        stack.tableName,
        budget,
      );

      // Act
      const listed = await store.getWithEvents(bid.id);

      // Assess
      expect(listed).toEqual({ bid, events: downloads.slice(2) });
      expect(await bids.getWithEvents(bid.id)).toEqual({
        bid,
        events: [created(bid), ...downloads],
      });
    });
  });

  describe('Method: listByProgramme', () => {
    it('pages through a programme’s bids newest first', async () => {
      // Prepare
      const made = Array.from({ length: 5 }, (_, n) =>
        bidFor('listed', `2026-04-0${n + 1}T09:00:00.000Z`),
      );
      await Promise.all(made.map((bid) => bids.create({ bid, created: created(bid) })));
      await bids.create({
        bid: bidFor('elsewhere', '2026-05-01T00:00:00.000Z'),
        created: created(made[0] as Bid),
      });

      // Act
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await bids.listByProgramme('listed', {
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.items.map((bid) => bid.id));
        cursor = page.nextCursor;
      } while (cursor);

      // Assess
      expect(seen).toEqual(made.map((bid) => bid.id).reverse());
      expect((await bids.listByProgramme('listed', { limit: 5 })).nextCursor).toBeUndefined();
    });
  });

  describe('Method: review', () => {
    it('sets the status and records the review together', async () => {
      // Prepare
      const bid = bidFor('reviewed', '2026-06-01T09:00:00.000Z');
      await bids.create({ bid, created: created(bid) });
      const review = reviewed('2026-06-02T09:00:00.000Z');

      // Act
      const status = await bids.review(bid.id, 'approved', review);

      // Assess
      expect(status).toBe('approved');
      expect(await bids.getWithEvents(bid.id)).toEqual({
        bid: { ...bid, status: 'approved' },
        events: [created(bid), review],
      });
    });

    it('writes nothing for an unknown bid', async () => {
      // Prepare
      const before = await stack.tableItems();
      const id = randomUUID();

      // Act
      const status = await bids.review(id, 'approved', reviewed('2026-06-02T09:00:00.000Z'));

      // Assess
      expect(status).toBeNull();
      expect(await stack.tableItems()).toEqual(before);
    });

    it('keeps the status of the latest review when one made earlier is recorded after it', async () => {
      // Prepare: two reviewers decide a moment apart; the earlier decision is stored last.
      const bid = bidFor('reviewed-out-of-order', '2026-06-01T09:00:00.000Z');
      await bids.create({ bid, created: created(bid) });
      const earlier = reviewed('2026-06-02T09:00:00.100Z', 'ria.reviewer');
      const later = reviewed(
        '2026-06-02T09:00:00.200Z',
        'rex.reviewer',
        'request-changes',
        'The table needs last year’s intake.',
      );

      // Act
      const afterLater = await bids.review(bid.id, 'changes-requested', later);
      const afterEarlier = await bids.review(bid.id, 'approved', earlier);

      // Assess
      expect([afterLater, afterEarlier]).toEqual(['changes-requested', 'changes-requested']);
      expect(await bids.getWithEvents(bid.id)).toEqual({
        bid: { ...bid, status: 'changes-requested' },
        events: [created(bid), earlier, later],
      });
    });
  });
});
