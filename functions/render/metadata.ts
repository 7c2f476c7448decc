import type { BidDocument } from '../document-model.js';
import { text } from './format.js';
import type { PdfDocument, PdfDocumentInfo } from './pdfkit-document.js';

/**
 * The document information dictionary. Both dates are the bid's date at midnight UTC and
 * nothing else varies between runs, so the same input gives the same bytes; pdfkit
 * derives the file /ID from this dictionary too, which makes the ID reproducible.
 */
export function documentInfo(
  bid: BidDocument,
  date: Date,
  rendererVersion: string,
): PdfDocumentInfo {
  const snapshotId = text(bid.snapshot?.id);
  return {
    Title: text(bid.title),
    Author: text(bid.author),
    Subject: text(bid.competition),
    Keywords: [text(bid.programmeName), snapshotId && `snapshot ${snapshotId}`]
      .filter(Boolean)
      .join('; '),
    Creator: `Bidwright ${rendererVersion}`,
    Producer: `Bidwright PDF renderer ${rendererVersion} (pdfkit)`,
    CreationDate: date,
    ModDate: date,
  };
}

/**
 * pdfkit copies `info` into the XMP packet without escaping, so a title with "&" or "<"
 * would make the metadata stream invalid XML. The information dictionary keeps the raw
 * text (it is written first); only the XMP sees the escaped copy.
 */
export function escapeXmpMetadata(doc: PdfDocument): void {
  const writeXmp = doc.endMetadata.bind(doc);
  doc.endMetadata = () => {
    const raw = doc.info;
    doc.info = {
      ...raw,
      Title: escapeXml(raw.Title),
      Author: escapeXml(raw.Author),
      Subject: escapeXml(raw.Subject),
      Keywords: escapeXml(raw.Keywords),
      Creator: escapeXml(raw.Creator),
      Producer: escapeXml(raw.Producer),
    };
    try {
      writeXmp();
    } finally {
      doc.info = raw;
    }
  };
}

function escapeXml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
