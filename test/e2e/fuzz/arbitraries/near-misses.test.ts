import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_ID } from '../../../../functions/ids/ids.js';
import { NEAR_MISS_KINDS, nearMissOf, snapshotShapedFrom } from './path-ids.js';
import { otherLastDigit } from './query.js';

/**
 * The fuzz test's near misses of a seeded id must miss it whatever random digits the
 * seeded id was given, or the same seed would send a hit in one run and a miss in the next.
 */

// Few letters, so that all-digit random parts and a final 0 come up often.
const snapshotId = snapshotShapedFrom('0123456789ab');

const seededIds = fc.oneof(snapshotId, fc.uuid({ version: 4 }), fc.constant('nihr-icat'));

describe('Fuzz arbitraries: near misses of a seeded id', () => {
  it('a snapshot id with another last digit is well formed and never the id itself', () => {
    fc.assert(
      fc.property(snapshotId, (id) => {
        const other = otherLastDigit(id);
        expect(other).toMatch(SNAPSHOT_ID);
        expect(other).not.toBe(id);
      }),
      { examples: [['20260115T103000123Z-9f3a1c20']] },
    );
  });

  it('no near miss of a path id is the id itself', () => {
    fc.assert(
      fc.property(seededIds, fc.integer({ min: 0, max: NEAR_MISS_KINDS - 1 }), (id, how) => {
        expect(nearMissOf(id, how)).not.toBe(id);
      }),
      { examples: [['20260115T103000123Z-12345678', 0]] },
    );
  });
});
