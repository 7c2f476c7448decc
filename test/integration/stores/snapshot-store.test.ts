import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../functions/errors/errors.js';
import { randomIds } from '../../../functions/ids/ids.js';
import { contentHash } from '../../../functions/snapshots/canonical-json.js';
import type { Snapshot } from '../../../functions/snapshots/snapshot.js';
import {
  ProgrammeChangedError,
  type SnapshotStore,
} from '../../../functions/stores/snapshot-store.js';
import { programmeWith } from '../support/fixtures.js';
import { createTestStack } from '../support/test-stack.js';

let snapshots: SnapshotStore;

beforeAll(async () => {
  snapshots = (await createTestStack()).deps.snapshots;
});

function snapshotOf(programmeId: string, takenAt: Date, name = 'Programme'): Snapshot {
  const programme = programmeWith(programmeId, (doc) => (doc.name = name));
  return {
    id: randomIds.snapshotId(takenAt),
    programmeId,
    takenAt: takenAt.toISOString(),
    sha256: contentHash(programme),
    takenBy: 'schedule',
    programme,
  };
}

describe('Class: DynamoDbSnapshotStore', () => {
  describe('Method: create', () => {
    it('refuses to overwrite a snapshot and keeps the original', async () => {
      // Prepare
      const original = snapshotOf('immutable', new Date('2026-01-01T00:00:00Z'), 'Original');
      await snapshots.create(original);
      const forged = { ...snapshotOf('immutable', new Date(), 'Forged'), id: original.id };

      // Act
      const create = snapshots.create(forged);

      // Assess
      await expect(create).rejects.toBeInstanceOf(ConflictError);
      expect((await snapshots.get('immutable', original.id))?.programme.name).toBe('Original');
    });

    it('stores one snapshot when the same figures are frozen by concurrent requests', async () => {
      // Prepare
      const at = new Date('2026-02-01T00:00:00Z');
      const twins = Array.from({ length: 5 }, () => snapshotOf('twins', at, 'Same'));

      // Act
      const results = await Promise.all(twins.map((twin) => snapshots.create(twin)));

      // Assess
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.snapshot.id)).size).toBe(1);
      expect((await snapshots.list('twins', { limit: 10 })).items).toHaveLength(1);
    });
  });

  describe('Method: create, given the programme version its figures were read at', () => {
    it('stores the snapshot while the programme is at that version, and nothing once it moved on', async () => {
      // Prepare
      const stack = await createTestStack();
      const saved = await stack.deps.programmes.save({
        programme: programmeWith('versioned'),
        expected: { kind: 'any' },
        at: '2026-03-01T00:00:00.000Z',
        by: 'ada.writer',
      });
      const first = snapshotOf('versioned', new Date('2026-03-01T01:00:00Z'), 'First');
      const second = snapshotOf('versioned', new Date('2026-03-01T02:00:00Z'), 'Second');

      // Act
      const stored = await stack.deps.snapshots.create(first, {
        programmeVersion: saved.record.version,
      });
      await stack.deps.programmes.save({
        programme: programmeWith('versioned'),
        expected: { kind: 'any' },
        at: '2026-03-01T01:30:00.000Z',
        by: 'ada.writer',
      });
      const stale = stack.deps.snapshots.create(second, {
        programmeVersion: saved.record.version,
      });

      // Assess
      expect(stored.created).toBe(true);
      await expect(stale).rejects.toBeInstanceOf(ProgrammeChangedError);
      expect((await stack.deps.snapshots.latest('versioned'))?.id).toBe(first.id);
      expect(await stack.deps.snapshots.latestHash('versioned')).toBe(first.sha256);
    });
  });

  describe('Method: latest', () => {
    it('returns null for a programme with no snapshots', async () => {
      expect(await snapshots.latest('no-snapshots')).toBeNull();
    });
  });

  describe('Method: list', () => {
    it('pages through snapshots newest first', async () => {
      // Prepare
      const taken = Array.from({ length: 5 }, (_, n) =>
        snapshotOf('history', new Date(Date.UTC(2026, 0, n + 1)), `Version ${n}`),
      );
      for (const snapshot of taken) await snapshots.create(snapshot);

      // Act
      const first = await snapshots.list('history', { limit: 2 });
      const second = await snapshots.list('history', {
        limit: 2,
        cursor: first.nextCursor ?? '',
      });
      const third = await snapshots.list('history', { limit: 2, cursor: second.nextCursor ?? '' });

      // Assess
      const ids = [...first.items, ...second.items, ...third.items].map((s) => s.id);
      expect(ids).toEqual(taken.map((s) => s.id).reverse());
      expect(third.nextCursor).toBeUndefined();
      expect((await snapshots.list('history', { limit: 5 })).nextCursor).toBeUndefined();
      expect(first.items[0]).not.toHaveProperty('programme');
      expect((await snapshots.latest('history'))?.id).toBe(taken[4]?.id);
    });

    it('refuses a cursor from another programme', async () => {
      // Prepare
      for (const n of [1, 2, 3]) {
        await snapshots.create(snapshotOf('other', new Date(Date.UTC(2026, 5, n)), `O${n}`));
      }
      const { nextCursor } = await snapshots.list('other', { limit: 1 });

      // Act
      const list = snapshots.list('history', { limit: 1, cursor: nextCursor ?? '' });

      // Assess
      await expect(list).rejects.toBeInstanceOf(ValidationError);
    });
  });

  describe('Method: previous', () => {
    it('returns the snapshot taken just before, and null before the first', async () => {
      // Prepare
      const [first, second, third] = [1, 2, 3].map((day) =>
        snapshotOf('preceded', new Date(`2026-02-0${day}T00:00:00Z`), `Programme ${day}`),
      );
      for (const snapshot of [first, second, third]) if (snapshot) await snapshots.create(snapshot);

      // Act
      const beforeThird = await snapshots.previous('preceded', third?.id ?? '');
      const beforeFirst = await snapshots.previous('preceded', first?.id ?? '');

      // Assess
      expect(beforeThird?.id).toBe(second?.id);
      expect(beforeThird?.programme.name).toBe('Programme 2');
      expect(beforeFirst).toBeNull();
    });
  });

  describe('Method: latestAndPrevious', () => {
    it('returns the two newest snapshots in one query, with nulls where there are none', async () => {
      // Prepare
      const [first, second, third] = [1, 2, 3].map((day) =>
        snapshotOf('paired', new Date(`2026-03-0${day}T00:00:00Z`), `Programme ${day}`),
      );
      const none = await snapshots.latestAndPrevious('paired');
      if (first) await snapshots.create(first);
      const one = await snapshots.latestAndPrevious('paired');
      for (const snapshot of [second, third]) if (snapshot) await snapshots.create(snapshot);

      // Act
      const three = await snapshots.latestAndPrevious('paired');

      // Assess
      expect(none).toEqual({ latest: null, previous: null });
      expect(one).toEqual({ latest: first, previous: null });
      expect(three.latest?.id).toBe(third?.id);
      expect(three.previous?.id).toBe(second?.id);
      expect(three.previous?.programme.name).toBe('Programme 2');
    });
  });
});
