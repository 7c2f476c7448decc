import { NotFoundError } from '../errors/errors.js';
import type { BidStore } from '../stores/bid-store.js';
import type { Page, PageRequest } from '../stores/page.js';
import type { ProgrammeStore } from '../stores/programme-store.js';
import type { Bid, BidEvent } from './bid.js';

/** A programme's bids, newest first; an unknown programme is a NotFoundError, not an empty list. */
export async function listBids(
  { programmes, bids }: { programmes: ProgrammeStore; bids: BidStore },
  programmeId: string,
  page: PageRequest,
): Promise<Page<Bid>> {
  const result = await bids.listByProgramme(programmeId, page);
  if (result.items.length === 0 && !(await programmes.get(programmeId))) {
    throw new NotFoundError('programme', programmeId);
  }
  return result;
}

/** The bid with its audit trail. */
export async function getBid(
  { bids }: { bids: BidStore },
  id: string,
): Promise<Bid & { events: BidEvent[] }> {
  const found = await bids.getWithEvents(id);
  if (!found) throw new NotFoundError('bid', id);
  return { ...found.bid, events: found.events };
}
