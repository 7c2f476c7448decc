import { beforeAll, describe, expect, it } from 'vitest';
import { PreconditionFailedError, ValidationError } from '../../../functions/errors/errors.js';
import { encodeCursor } from '../../../functions/stores/dynamodb/cursor.js';
import type { ProgrammeStore } from '../../../functions/stores/programme-store.js';
import { programmeWith } from '../support/fixtures.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let programmes: ProgrammeStore;
const at = '2026-11-24T10:00:00.000Z';

beforeAll(async () => {
  stack = await createTestStack();
  programmes = stack.deps.programmes;
});

describe('Class: DynamoDbProgrammeStore', () => {
  describe('Method: get', () => {
    it('returns null for a programme that was never stored', async () => {
      // Act
      const found = await programmes.get('never-stored');

      // Assess
      expect(found).toBeNull();
    });
  });

  describe('Method: save', () => {
    it('creates version 1, then bumps the version on each update', async () => {
      // Prepare
      const programme = programmeWith('versions');

      // Act
      const first = await programmes.save({ programme, expected: { kind: 'any' }, at, by: 'w' });
      const second = await programmes.save({
        programme: { ...programme, name: 'Renamed' },
        expected: { kind: 'version', version: 1 },
        at,
        by: 'w',
      });

      // Assess
      expect(first).toMatchObject({ created: true, record: { version: 1 } });
      expect(second).toMatchObject({ created: false, record: { version: 2 } });
      expect((await programmes.get('versions'))?.programme.name).toBe('Renamed');
    });

    it('refuses a stale version and leaves the stored figures as they were', async () => {
      // Prepare
      const programme = programmeWith('stale');
      await programmes.save({ programme, expected: { kind: 'any' }, at, by: 'w' });
      await programmes.save({ programme, expected: { kind: 'any' }, at, by: 'w' });

      // Act
      const save = programmes.save({
        programme: { ...programme, name: 'Lost update' },
        expected: { kind: 'version', version: 1 },
        at,
        by: 'w',
      });

      // Assess
      await expect(save).rejects.toBeInstanceOf(PreconditionFailedError);
      const stored = await programmes.get('stale');
      expect(stored?.version).toBe(2);
      expect(stored?.programme.name).toBe(programme.name);
    });

    it('refuses to create over an existing programme when asked for a new one', async () => {
      // Prepare
      const programme = programmeWith('exists-already');
      await programmes.save({ programme, expected: { kind: 'any' }, at, by: 'w' });

      // Act
      const save = programmes.save({ programme, expected: { kind: 'absent' }, at, by: 'w' });

      // Assess
      await expect(save).rejects.toBeInstanceOf(PreconditionFailedError);
    });

    it('lets exactly one of 50 concurrent updates from the same version win', async () => {
      // Prepare
      const programme = programmeWith('contended');
      const { record } = await programmes.save({
        programme,
        expected: { kind: 'any' },
        at,
        by: 'w',
      });

      // Act
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, n) =>
          programmes.save({
            programme: { ...programme, name: `Writer ${n}` },
            expected: { kind: 'version', version: record.version },
            at,
            by: `writer-${n}`,
          }),
        ),
      );

      // Assess
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      for (const r of lost) expect(r.reason).toBeInstanceOf(PreconditionFailedError);
      const stored = await programmes.get('contended');
      expect(stored?.version).toBe(record.version + 1);
      const winner = won[0]?.status === 'fulfilled' ? won[0].value.record : undefined;
      expect(stored?.programme.name).toBe(winner?.programme.name);
    });
  });

  describe('Method: list', () => {
    it('pages through every programme in id order', async () => {
      // Prepare
      const own = await createTestStack();
      const ids = Array.from({ length: 6 }, (_, n) => `paged-${n}`);
      await Promise.all(
        ids.map((id) =>
          own.deps.programmes.save({
            programme: programmeWith(id),
            expected: { kind: 'any' },
            at,
            by: 'w',
          }),
        ),
      );

      // Act
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await own.deps.programmes.list({ limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);

      // Assess
      expect(seen).toEqual(ids);
      expect(pages).toBe(2); // the second page is full and the last: no cursor to an empty third
    });

    it.each([
      ['not base64url', 'not a cursor!'],
      ['not JSON', Buffer.from('{{{').toString('base64url')],
      ['a key of another list', encodeCursor({ PK: 'BID#x', SK: 'META' })],
      [
        'a key with an extra attribute',
        encodeCursor({
          PK: 'PROG#ab',
          SK: 'PROFILE',
          GSI1PK: 'PROGRAMMES',
          GSI1SK: 'PROG#ab',
          x: '1',
        }),
      ],
    ])('refuses a cursor that is %s', async (_, cursor) => {
      // Act
      const list = programmes.list({ limit: 3, cursor: cursor ?? '' });

      // Assess
      await expect(list).rejects.toBeInstanceOf(ValidationError);
      await expect(list).rejects.toMatchObject({ details: [{ path: 'cursor' }] });
    });
  });
});
