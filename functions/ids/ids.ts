import { randomBytes, randomUUID } from 'node:crypto';
import * as z from '../zod.js';

/**
 * Identifiers Bidwright makes. Each has a strict pattern, checked before an id from a path
 * or a cursor can reach a key expression.
 *
 * - Snapshot: `20260115T103000123Z-9f3a1c2b`, the UTC time it was taken (sortable as text,
 *   so `SNAP#<id>` lists in time order) and 32 random bits, so two snapshots taken in the
 *   same millisecond never share an id. No `:` or `.`, so it sits in a URL path as is.
 * - Bid: a lower-case UUID v4; bids are listed by their GSI sort key, not by id.
 */
export const SNAPSHOT_ID = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;
export const BID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const snapshotIdSchema = z
  .string({ error: 'must be text' })
  .check(
    z.regex(SNAPSHOT_ID, { error: 'must be a snapshot id such as 20260115T103000123Z-9f3a1c2b' }),
  );

export const bidIdSchema = z.string({ error: 'must be text' }).check(
  z.regex(BID_ID, {
    error:
      'must be a bid id: a lower-case version 4 UUID, such as 0f8fad5b-d9cb-469f-a165-70867728950e',
  }),
);

export interface IdGenerator {
  snapshotId(takenAt: Date): string;
  bidId(): string;
}

/** `2026-01-15T10:30:00.123Z` → `20260115T103000123Z`. */
export function compactTimestamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

export const randomIds: IdGenerator = {
  snapshotId: (takenAt) => `${compactTimestamp(takenAt)}-${randomBytes(4).toString('hex')}`,
  bidId: () => randomUUID(),
};
