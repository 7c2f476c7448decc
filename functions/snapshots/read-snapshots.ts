import { NotFoundError } from '../errors/errors.js';
import type { Page, PageRequest } from '../stores/page.js';
import type { ProgrammeStore } from '../stores/programme-store.js';
import type { SnapshotStore } from '../stores/snapshot-store.js';
import type { Snapshot, SnapshotSummary } from './snapshot.js';

type Stores = { programmes: ProgrammeStore; snapshots: SnapshotStore };

/** A programme's snapshots, newest first; an unknown programme is a NotFoundError, not an empty list. */
export async function listSnapshots(
  { programmes, snapshots }: Stores,
  programmeId: string,
  page: PageRequest,
): Promise<Page<SnapshotSummary>> {
  const result = await snapshots.list(programmeId, page);
  if (result.items.length === 0 && !(await programmes.get(programmeId))) {
    throw new NotFoundError('programme', programmeId);
  }
  return result;
}

/** One snapshot with its frozen figures; NotFoundError names the programme or the snapshot. */
export async function getSnapshot(
  { programmes, snapshots }: Stores,
  programmeId: string,
  snapshotId: string,
): Promise<Snapshot> {
  const snapshot = await snapshots.get(programmeId, snapshotId);
  if (snapshot) return snapshot;
  if (!(await programmes.get(programmeId))) throw new NotFoundError('programme', programmeId);
  throw new NotFoundError('snapshot', snapshotId);
}
