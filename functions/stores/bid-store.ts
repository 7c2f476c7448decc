import type { Bid, BidEvent, BidStatus } from '../bids/bid.js';
import type { IdempotencyRecord } from '../bids/idempotency.js';
import type { Page, PageRequest } from './page.js';

export interface NewBid {
  bid: Bid;
  created: BidEvent;
  /** Claims the caller's Idempotency-Key for this bid, in the same write. */
  idempotency?: IdempotencyRecord;
}

export interface BidStore {
  /**
   * Writes the bid, its `created` event and the idempotency record all or nothing.
   * IdempotencyKeyTakenError when another request holds the key, and nothing is written.
   */
  create(input: NewBid): Promise<void>;
  get(id: string): Promise<Bid | null>;
  /** The bid with its audit events, oldest event first. */
  getWithEvents(id: string): Promise<{ bid: Bid; events: BidEvent[] } | null>;
  /** A programme's bids, newest first. */
  listByProgramme(programmeId: string, page: PageRequest): Promise<Page<Bid>>;
  /** Adds an event to an existing bid's audit trail. */
  addEvent(bidId: string, event: BidEvent): Promise<void>;
  /** Sets the status and records the review together; false when there is no such bid. */
  review(bidId: string, status: BidStatus, event: BidEvent): Promise<boolean>;
  /** The live (unexpired) record for an idempotency scope, or null. */
  findIdempotency(scope: string, nowEpochSeconds: number): Promise<IdempotencyRecord | null>;
}
