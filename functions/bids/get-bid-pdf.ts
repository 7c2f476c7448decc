import type { Clock } from '../clock.js';
import { NotFoundError } from '../errors/errors.js';
import type { BidStore } from '../stores/bid-store.js';
import type { PdfLinks } from '../stores/pdf-links.js';
import { pdfObjectKey } from '../stores/table-definition.js';

/** How long a download link works: long enough to click, short enough not to share. */
export const DOWNLOAD_LINK_SECONDS = 300;

/**
 * A short-lived link to a bid's PDF (`GET /bids/{id}/pdf`).
 *
 * 1. Load the bid; unknown → NotFoundError.
 * 2. Record a `downloaded` event (who, when) before handing out the link, so every link
 *    given out is in the audit trail.
 * 3. Presign a GET for the PDF, valid for at most 5 minutes.
 */
export async function getBidPdf(
  { bids, pdfLinks, clock }: { bids: BidStore; pdfLinks: PdfLinks; clock: Clock },
  { id, by }: { id: string; by: string },
): Promise<{ url: string; expiresAt: string }> {
  const bid = await bids.get(id);
  if (!bid) throw new NotFoundError('bid', id);
  const now = clock.now();
  await bids.addEvent(id, { type: 'downloaded', at: now.toISOString(), by });
  const url = await pdfLinks.presignGet(pdfObjectKey(bid.id, bid.pdf.sha256), {
    expiresInSeconds: DOWNLOAD_LINK_SECONDS,
    fileName: `bid-${bid.programmeId}-${bid.createdAt.slice(0, 10)}.pdf`,
  });
  const expiresAt = new Date(now.getTime() + DOWNLOAD_LINK_SECONDS * 1000).toISOString();
  return { url, expiresAt };
}
