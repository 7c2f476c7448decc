import type { Snapshot, SnapshotSummary } from '../snapshots/snapshot.js';
import type { Page, PageRequest } from './page.js';

export interface SnapshotStore {
  /**
   * Stores a new snapshot; never replaces one (ConflictError if the id is taken). When the
   * programme's last stored snapshot already has this content hash, which a concurrent request
   * may just have written, that snapshot is returned instead and nothing is written.
   */
  create(snapshot: Snapshot): Promise<{ snapshot: Snapshot; created: boolean }>;
  get(programmeId: string, snapshotId: string): Promise<Snapshot | null>;
  latest(programmeId: string): Promise<Snapshot | null>;
  /** The newest snapshot and the one taken before it, in one query; nulls where there are none. */
  latestAndPrevious(
    programmeId: string,
  ): Promise<{ latest: Snapshot | null; previous: Snapshot | null }>;
  /** The programme's snapshot taken just before `snapshotId` (one query); null if none. */
  previous(programmeId: string, snapshotId: string): Promise<Snapshot | null>;
  /** The content hash of the programme's last stored snapshot (one small read); null if none. */
  latestHash(programmeId: string): Promise<string | null>;
  /** Newest first. */
  list(programmeId: string, page: PageRequest): Promise<Page<SnapshotSummary>>;
}
