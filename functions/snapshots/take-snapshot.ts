import type { Clock } from '../clock.js';
import { NotFoundError } from '../errors/errors.js';
import type { IdGenerator } from '../ids/ids.js';
import type { Programme } from '../programmes/programme-schema.js';
import type { ProgrammeStore } from '../stores/programme-store.js';
import { ProgrammeChangedError, type SnapshotStore } from '../stores/snapshot-store.js';
import { contentHash } from './canonical-json.js';
import type { Snapshot } from './snapshot.js';

export interface SnapshotDependencies {
  programmes: ProgrammeStore;
  snapshots: SnapshotStore;
  clock: Clock;
  ids: IdGenerator;
}

/** A programme saved again while its figures are frozen is read again this many times. */
const ATTEMPTS = 3;

/**
 * Runs `freeze` (read the figures, store them while the programme is at the version read)
 * and again while it fails with ProgrammeChangedError, up to ATTEMPTS times in all; `retry`
 * tells it the figures it holds may be stale and must be read again.
 */
export async function freezeAtReadVersion<T>(freeze: (retry: boolean) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await freeze(attempt > 1);
    } catch (error) {
      if (!(error instanceof ProgrammeChangedError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * Freezes a programme's live figures (`POST /programmes/{id}/snapshots`).
 *
 * 1. Read the programme and its newest snapshot together; unknown programme → NotFoundError.
 * 2. If the newest snapshot has the hash of the figures' canonical JSON, return it: nothing
 *    changed, nothing is written.
 * 3. Otherwise store a new immutable snapshot while the programme is still at the version
 *    read (one saved meanwhile is read again, `freezeAtReadVersion`); if a concurrent request
 *    stored the same figures a moment earlier, the store hands back that one instead.
 */
export function takeSnapshot(
  deps: SnapshotDependencies,
  { programmeId, by }: { programmeId: string; by: string },
): Promise<{ snapshot: Snapshot; created: boolean }> {
  return freezeAtReadVersion(async () => {
    const [record, latest] = await Promise.all([
      deps.programmes.get(programmeId),
      deps.snapshots.latest(programmeId),
    ]);
    if (!record) throw new NotFoundError('programme', programmeId);
    const next = snapshotFor(deps, record.programme, latest, by);
    if (next.stored) return { snapshot: next.snapshot, created: false };
    return deps.snapshots.create(next.snapshot, { programmeVersion: record.version });
  });
}

/**
 * The snapshot these figures need: `latest` when it already holds them (`stored`), otherwise
 * a new one taken now, not yet stored.
 */
export function snapshotFor(
  deps: Pick<SnapshotDependencies, 'clock' | 'ids'>,
  programme: Programme,
  latest: Snapshot | null,
  by: string,
): { snapshot: Snapshot; stored: boolean } {
  const sha256 = contentHash(programme);
  if (latest?.sha256 === sha256) return { snapshot: latest, stored: true };
  return { snapshot: newSnapshot(deps, programme, sha256, by), stored: false };
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
