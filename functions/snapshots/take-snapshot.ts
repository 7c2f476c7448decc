import type { Clock } from '../clock.js';
import { NotFoundError } from '../errors/errors.js';
import type { IdGenerator } from '../ids/ids.js';
import type { Programme } from '../programmes/programme-schema.js';
import type { ProgrammeStore } from '../stores/programme-store.js';
import type { SnapshotStore } from '../stores/snapshot-store.js';
import { contentHash } from './canonical-json.js';
import type { Snapshot } from './snapshot.js';

export interface SnapshotDependencies {
  programmes: ProgrammeStore;
  snapshots: SnapshotStore;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * Freezes a programme's live figures (`POST /programmes/{id}/snapshots`, the schedule).
 *
 * 1. Load the programme; unknown → NotFoundError.
 * 2. Freeze its figures unless the newest snapshot already holds them (see `freezeFigures`).
 */
export async function takeSnapshot(
  deps: SnapshotDependencies,
  { programmeId, by }: { programmeId: string; by: string },
): Promise<{ snapshot: Snapshot; created: boolean }> {
  const record = await deps.programmes.get(programmeId);
  if (!record) throw new NotFoundError('programme', programmeId);
  return freezeFigures(deps, record.programme, by);
}

/**
 * The snapshot a bid or a freeze would use: the newest stored one when it already holds
 * these figures (`stored`), otherwise a new one, not yet stored.
 */
export async function snapshotToTake(
  { snapshots, clock, ids }: Omit<SnapshotDependencies, 'programmes'>,
  programme: Programme,
  by: string,
): Promise<{ snapshot: Snapshot; stored: boolean }> {
  const sha256 = contentHash(programme);
  const latest = await snapshots.latest(programme.id);
  if (latest?.sha256 === sha256) return { snapshot: latest, stored: true };
  return { snapshot: newSnapshot({ clock, ids }, programme, sha256, by), stored: false };
}

/** A new snapshot of these figures, taken now; `sha256` is their `contentHash`. Not stored. */
export function newSnapshot(
  { clock, ids }: Pick<SnapshotDependencies, 'clock' | 'ids'>,
  programme: Programme,
  sha256: string,
  by: string,
): Snapshot {
  const takenAt = clock.now();
  return {
    id: ids.snapshotId(takenAt),
    programmeId: programme.id,
    takenAt: takenAt.toISOString(),
    sha256,
    takenBy: by,
    programme,
  };
}

/**
 * 1. Hash the figures' canonical JSON.
 * 2. If the newest snapshot has that hash, return it: nothing changed, nothing is written.
 * 3. Otherwise store a new immutable snapshot; if a concurrent request stored the same
 *    figures a moment earlier, the store hands back that one instead.
 */
export async function freezeFigures(
  deps: Omit<SnapshotDependencies, 'programmes'>,
  programme: Programme,
  by: string,
): Promise<{ snapshot: Snapshot; created: boolean }> {
  const next = await snapshotToTake(deps, programme, by);
  if (next.stored) return { snapshot: next.snapshot, created: false };
  return deps.snapshots.create(next.snapshot);
}
