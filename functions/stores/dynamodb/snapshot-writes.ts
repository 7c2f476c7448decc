import { ConflictError } from '../../errors/errors.js';
import type { Snapshot } from '../../snapshots/snapshot.js';
import { SnapshotFiguresStoredError } from '../snapshot-store.js';
import { keys } from './keys.js';
import type { TransactItems } from './transactions.js';

/**
 * The two writes that store a new snapshot, for one transaction: `SNAP#<id>` only if absent
 * (snapshots are immutable), and the `SNAPHEAD` moved only if its hash differs, so two
 * requests freezing the same figures at once store one snapshot, not two. The bid store
 * writes a bid's new snapshot with the bid, in the bid's own transaction.
 */
export function snapshotWrites(tableName: string, snapshot: Snapshot): TransactItems {
  return [
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.snapshot(snapshot.programmeId, snapshot.id),
          entity: 'snapshot',
          ...snapshot,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.snapshotHead(snapshot.programmeId),
          entity: 'snapshot-head',
          snapshotId: snapshot.id,
          sha256: snapshot.sha256,
          takenAt: snapshot.takenAt,
        },
        ConditionExpression: 'attribute_not_exists(PK) OR sha256 <> :sha256',
        ExpressionAttributeValues: { ':sha256': snapshot.sha256 },
      },
    },
  ];
}

/**
 * Why a transaction holding `snapshotWrites` at index `at` was cancelled by them: the id is
 * taken (ConflictError), or the newest stored snapshot already holds these figures
 * (SnapshotFiguresStoredError); null when neither write's condition failed.
 */
export function snapshotRefusal(
  snapshot: Snapshot,
  codes: readonly (string | undefined)[] | null,
  at: number,
  cause: unknown,
): ConflictError | null {
  if (codes?.[at] === 'ConditionalCheckFailed') {
    return new ConflictError(`snapshot "${snapshot.id}" already exists and cannot be replaced`, {
      cause,
    });
  }
  if (codes?.[at + 1] === 'ConditionalCheckFailed') {
    return new SnapshotFiguresStoredError(snapshot.programmeId, { cause });
  }
  return null;
}
