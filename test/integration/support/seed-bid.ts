import { randomBytes, randomUUID } from 'node:crypto';
import type { Bid } from '../../../functions/bids/bid.js';
import { sha256Hex } from '../../../functions/snapshots/canonical-json.js';
import { pdfObjectKey } from '../../../functions/stores/table-definition.js';
import { programmeWith } from './fixtures.js';
import type { TestStack } from './test-stack.js';

/**
 * A stored bid with a PDF, written through the stores rather than rendered, so tests of
 * reading, downloading and reviewing bids do not depend on the renderer.
 */
export async function seedBid(
  stack: TestStack,
  programmeId: string,
  createdAt = new Date().toISOString(),
): Promise<{ bid: Bid; bytes: Uint8Array }> {
  if (!(await stack.deps.programmes.get(programmeId))) {
    await stack.deps.programmes.save({
      programme: programmeWith(programmeId),
      expected: { kind: 'any' },
      at: createdAt,
      by: 'seed',
    });
  }
  const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048)]);
  const bid: Bid = {
    id: randomUUID(),
    programmeId,
    templateId: 'nihr-icat',
    templateVersion: 1,
    snapshotId: '20260101T000000000Z-0a1b2c3d',
    status: 'draft',
    createdAt,
    createdBy: 'ada.writer',
    pdf: { sha256: sha256Hex(bytes), bytes: bytes.byteLength, pages: 3 },
    warnings: [],
  };
  await stack.deps.pdfs.put(pdfObjectKey(bid.id, bid.pdf.sha256), bytes);
  await stack.deps.bids.create({
    bid,
    created: { type: 'created', at: createdAt, by: bid.createdBy },
  });
  return { bid, bytes };
}
