import { createHash } from 'node:crypto';
import type { BidDocument } from '../document-model.js';
import { appendixSection } from './appendix.js';
import { UncoveredCharacterError } from './coverage.js';
import { documentFonts } from './document-fonts.js';
import { drawFooter } from './footer.js';
import { parseBidDate, text } from './format.js';
import { documentInfo, escapeXmpMetadata } from './metadata.js';
import { CollectedPdfDocument } from './pdfkit-document.js';
import { BlockTooTallError, FRAME, type RenderContext } from './render-context.js';
import { drawSection } from './section.js';
import { drawTitlePage } from './title-page.js';
import { drawWatermark } from './watermark.js';

/**
 * Version of the PDF layout. It is written into the PDF (Creator, Producer, appendix),
 * so a change to the renderer changes the bytes and the recorded sha256 says which
 * renderer made a bid. Bump it with any change to the bytes it writes.
 */
export const RENDERER_VERSION = '1.3.1';

export interface RenderedPdf {
  bytes: Buffer;
  pages: number;
  /** Hex sha256 of `bytes`. */
  sha256: string;
}

/**
 * Draws a bid as a tagged A4 PDF: title page, one page-starting section per document
 * section, and the data-sources appendix; then running footers and, for drafts, a
 * watermark on every page. The same document always gives the same bytes.
 *
 * Rendering is synchronous (pdfkit writes its output as it goes); the promise is kept
 * so that callers need not change if rendering ever waits on I/O.
 */
export async function renderBidPdf(bid: BidDocument): Promise<RenderedPdf> {
  return renderBidPdfSync(bid);
}

/** Runs `draw`, placing an UncoveredCharacterError or BlockTooTallError it throws in `section`. */
function inSection(section: string, draw: () => void): void {
  try {
    draw();
  } catch (error) {
    if (error instanceof UncoveredCharacterError || error instanceof BlockTooTallError) {
      throw error.in(section);
    }
    throw error;
  }
}

export function renderBidPdfSync(bid: BidDocument): RenderedPdf {
  const date = parseBidDate(bid.date);
  const doc = new CollectedPdfDocument({
    size: 'A4',
    margin: 0,
    pdfVersion: '1.7',
    tagged: true,
    lang: text(bid.lang).trim() || 'en',
    displayTitle: true,
    subset: 'PDF/UA',
    font: null,
    bufferPages: true,
    autoFirstPage: true,
    compress: true,
    info: documentInfo(bid, date, RENDERER_VERSION),
  });
  escapeXmpMetadata(doc);
  const ctx: RenderContext = { doc, fonts: documentFonts(doc), bid, frame: FRAME, y: FRAME.top };
  const root = doc.struct('Document');
  doc.addStructure(root);
  inSection('title', () => drawTitlePage(ctx, root, date));
  for (const section of Array.isArray(bid.sections) ? bid.sections : []) {
    inSection(section.id, () => drawSection(ctx, section, root));
  }
  inSection('appendix', () => drawSection(ctx, appendixSection(bid, RENDERER_VERSION), root));
  root.end();
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    if (index > start) drawFooter(ctx, index - start, count);
    if (bid.draft) drawWatermark(ctx);
  }
  const bytes = doc.toBuffer();
  return { bytes, pages: count, sha256: createHash('sha256').update(bytes).digest('hex') };
}
