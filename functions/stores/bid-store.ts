import type { Bid, BidEvent, BidStatus } from '../bids/bid.js';
import type { IdempotencyRecord } from '../bids/idempotency.js';
import type { Snapshot } from '../snapshots/snapshot.js';
import type { Page, PageRequest } from './page.js';

export interface NewBid {
  bid: Bid;
  created: BidEvent;
  /** Claims the caller's Idempotency-Key for this bid, in the same write. */
  idempotency?: IdempotencyRecord;
  /** A new snapshot of the figures the bid was rendered from, stored in the same write. */
  snapshot?: Snapshot;
}

export interface BidStore {
  /**
   * Writes the bid, its `created` event, the idempotency record and the new snapshot all or
   * nothing. When one of them cannot be written, nothing is: IdempotencyKeyTakenError when
   * another request holds the key, else SnapshotFiguresStoredError when the programme's
   * newest snapshot already holds the new snapshot's figures.
   */
  create(input: NewBid): Promise<void>;
  get(id: string): Promise<Bid | null>;
  /** The bid with its audit events, oldest event first. */
  getWithEvents(id: string): Promise<{ bid: Bid; events: BidEvent[] } | null>;
  /** A programme's bids, newest first. */
  listByProgramme(programmeId: string, page: PageRequest): Promise<Page<Bid>>;
  /** Adds an event to an existing bid's audit trail. */
  addEvent(bidId: string, event: BidEvent): Promise<void>;
  /**
   * Records the review and, unless a review made later is already stored, sets the status in
   * the same write, so a bid's status is always its latest review's decision. Returns that
   * status; null when there is no such bid.
   */
  review(bidId: string, status: BidStatus, event: BidEvent): Promise<BidStatus | null>;
  /** The live (unexpired) record for an idempotency scope, or null. */
  findIdempotency(scope: string, nowEpochSeconds: number): Promise<IdempotencyRecord | null>;
}
