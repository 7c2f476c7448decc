import { NotFoundError } from '../errors/errors.js';
import type { ProgrammeStore } from '../stores/programme-store.js';
import type { SnapshotStore } from '../stores/snapshot-store.js';
import { diffFigures, type FigureChange } from './diff-figures.js';
import { getSnapshot } from './read-snapshots.js';

type Stores = { programmes: ProgrammeStore; snapshots: SnapshotStore };

/** Another snapshot's id, or `previous`: the one taken just before. */
export type DiffAgainst = string | 'previous';

export interface SnapshotDiff {
  programmeId: string;
  snapshotId: string;
  /** The snapshot compared with, `previous` resolved to its id. */
  against: string;
  /** From `against` to `snapshotId`: `before` is the older side when `against` is earlier. */
  changes: FigureChange[];
}

/**
 * What changed in a programme's figures between two of its snapshots
 * (`GET /programmes/{id}/snapshots/{snapshotId}/diff`), so a reviewer can see why a bid's
 * numbers moved.
 *
 * 1. Load the snapshot and, at the same time, the other: `previous` is the one taken just
 *    before, an id is looked up in the same programme. Unknown programme or snapshot →
 *    NotFoundError naming which; no previous one → NotFoundError saying this is the first;
 *    unknown other → NotFoundError.
 * 2. Diff the other's figures (before) against this one's (after).
 */
export async function diffSnapshots(
  stores: Stores,
  {
    programmeId,
    snapshotId,
    against,
  }: { programmeId: string; snapshotId: string; against: DiffAgainst },
): Promise<SnapshotDiff> {
  const [snapshot, other] = await Promise.all([
    getSnapshot(stores, programmeId, snapshotId),
    against === 'previous'
      ? stores.snapshots.previous(programmeId, snapshotId)
      : stores.snapshots.get(programmeId, against),
  ]);
  if (!other) {
    throw against === 'previous'
      ? new NotFoundError(
          'previous snapshot',
          snapshotId,
          `snapshot "${snapshotId}" is the first of programme "${programmeId}": there is no earlier snapshot to compare it with`,
        )
      : new NotFoundError('snapshot', against);
  }
  return {
    programmeId,
    snapshotId,
    against: other.id,
    changes: diffFigures(other.programme, snapshot.programme),
  };
}
