import { type Bid, type BidEvent, STATUS_AFTER } from '../bids/bid.js';
import type { Clock } from '../clock.js';
import { NotFoundError } from '../errors/errors.js';
import type { BidStore } from '../stores/bid-store.js';
import type { ReviewRequest } from './review-request.js';

/**
 * A reviewer's decision on a bid (`POST /bids/{id}/reviews`).
 *
 * 1. Load the bid; unknown → NotFoundError.
 * 2. Set its status (approved / changes-requested) and record the `reviewed` event with
 *    the comment, in one transaction. A review made later by someone else and stored first
 *    keeps its status: this one joins the trail before it.
 */
export async function createReview(
  { bids, clock }: { bids: BidStore; clock: Clock },
  { bidId, review, by }: { bidId: string; review: ReviewRequest; by: string },
): Promise<{ bid: Bid; review: BidEvent }> {
  const bid = await bids.get(bidId);
  if (!bid) throw new NotFoundError('bid', bidId);
  const event: BidEvent = {
    type: 'reviewed',
    at: clock.now().toISOString(),
    by,
    decision: review.decision,
    comment: review.comment,
  };
  const status = await bids.review(bidId, STATUS_AFTER[review.decision], event);
  if (!status) throw new NotFoundError('bid', bidId);
  return { bid: { ...bid, status }, review: event };
}
