import { NotFoundError } from '../errors/errors.js';
import type { ProgrammeRecord } from '../programmes/programme-record.js';
import type { ProgrammeStore } from '../stores/programme-store.js';
import { contentHash } from './canonical-json.js';
import { freezeAtReadVersion, newSnapshot, type SnapshotDependencies } from './take-snapshot.js';

/** Who a scheduled snapshot records as `takenBy`. */
export const SCHEDULE_ACTOR = 'schedule';

export interface ScheduledSnapshotSummary {
  /** Programmes visited, including those that failed. */
  scanned: number;
  /** New snapshots stored. */
  taken: number;
  /** Programmes whose latest snapshot already held their figures. */
  unchanged: number;
  /** Programmes skipped: a stored item that does not parse, or a read or write that failed. */
  failed: number;
}

export interface ScheduledSnapshotOptions {
  /** Programmes per list request (1–100). */
  pageSize?: number;
  /** Programmes worked on at once. */
  concurrency?: number;
  /** Told of each programme that failed, so the caller can log it; the job carries on. */
  onFailure?: (programmeId: string, error: unknown) => void;
}

type Outcome = 'taken' | 'unchanged' | 'failed';

/**
 * The schedule's freeze of every programme (EventBridge → take-snapshots).
 *
 * 1. Page through all programmes with their figures (one query per page).
 * 2. For each, a few at a time: hash the figures and read the `SNAPHEAD` hash (one GetItem);
 *    equal → unchanged. Otherwise store a new snapshot (one conditional transaction), only
 *    while the programme is at the version listed: one saved since (the list reads GSI1,
 *    which may lag the table, and a page takes time) is read again and compared anew, so a
 *    snapshot never holds figures already replaced when it was taken.
 * 3. A programme whose item does not parse, or whose read or write fails, is reported to
 *    `onFailure` and counted as failed; the others carry on.
 *
 * Safe to run twice, or twice at once: the snapshot store's conditional write moves the head
 * only when its hash differs, so a second run that raced the first stores nothing new. A
 * failed list query is thrown, so the scheduler retries the whole run.
 */
export async function takeScheduledSnapshots(
  deps: SnapshotDependencies,
  { pageSize = 50, concurrency = 8, onFailure }: ScheduledSnapshotOptions = {},
): Promise<ScheduledSnapshotSummary> {
  const summary: ScheduledSnapshotSummary = { scanned: 0, taken: 0, unchanged: 0, failed: 0 };
  const record = (outcome: Outcome) => {
    summary.scanned += 1;
    summary[outcome] += 1;
  };
  for await (const page of everyPage(deps.programmes, pageSize)) {
    await forEachLimited(page, concurrency, async (listed) => {
      try {
        if ('error' in listed) throw listed.error;
        record(await freezeIfChanged(deps, listed.record));
      } catch (error) {
        onFailure?.(listed.id, error);
        record('failed');
      }
    });
  }
  return summary;
}

/** Freezes the listed figures, or those stored now when the programme was saved since. */
function freezeIfChanged(deps: SnapshotDependencies, listed: ProgrammeRecord): Promise<Outcome> {
  return freezeAtReadVersion(async (retry) => {
    const record = retry ? await deps.programmes.get(listed.programme.id) : listed;
    if (!record) throw new NotFoundError('programme', listed.programme.id);
    const { programme, version } = record;
    const sha256 = contentHash(programme);
    if ((await deps.snapshots.latestHash(programme.id)) === sha256) return 'unchanged';
    const { created } = await deps.snapshots.create(
      newSnapshot(deps, programme, sha256, SCHEDULE_ACTOR),
      { programmeVersion: version },
    );
    return created ? 'taken' : 'unchanged';
  });
}

async function* everyPage(programmes: ProgrammeStore, limit: number) {
  let cursor: string | undefined;
  do {
    const page = await programmes.listRecords(cursor === undefined ? { limit } : { limit, cursor });
    yield page.items;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}

/** Runs `work` on every item with at most `limit` running at once. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
