import { ConflictError } from '../errors/errors.js';
import type { Snapshot, SnapshotSummary } from '../snapshots/snapshot.js';
import type { Page, PageRequest } from './page.js';

/**
 * A new snapshot was not stored because the programme's newest stored snapshot already holds
 * the same figures: a concurrent request stored them first. Nothing was written.
 */
export class SnapshotFiguresStoredError extends ConflictError {
  constructor(
    readonly programmeId: string,
    options?: ErrorOptions,
  ) {
    super(`programme "${programmeId}" already has a snapshot of these figures`, options);
    this.name = 'SnapshotFiguresStoredError';
  }
}

/**
 * A new snapshot was not stored because the programme was saved again after the figures it
 * holds were read: they are no longer the programme's figures. Nothing was written.
 */
export class ProgrammeChangedError extends ConflictError {
  constructor(
    readonly programmeId: string,
    readonly version: number,
    options?: ErrorOptions,
  ) {
    super(`programme "${programmeId}" is no longer at version ${version}`, options);
    this.name = 'ProgrammeChangedError';
  }
}

export interface SnapshotStore {
  /**
   * Stores a new snapshot; never replaces one (ConflictError if the id is taken). When the
   * programme's last stored snapshot already has this content hash, which a concurrent request
   * may just have written, that snapshot is returned instead and nothing is written. With
   * `programmeVersion`, only while the stored programme is still at that version: the figures
   * were read at it (ProgrammeChangedError otherwise).
   */
  create(
    snapshot: Snapshot,
    options?: { programmeVersion?: number },
  ): Promise<{ snapshot: Snapshot; created: boolean }>;
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
