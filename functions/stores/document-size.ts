import { PayloadTooLargeError } from '../errors/errors.js';
import { canonicalJson } from '../snapshots/canonical-json.js';

/**
 * The largest document (programme, snapshot copy, template) Bidwright stores, as canonical
 * JSON. A DynamoDB item holds at most 400 KB including attribute names and the other fields
 * of the item; 300 KiB leaves room for them, so a document that passes here always fits.
 */
export const MAX_STORED_DOCUMENT_BYTES = 300 * 1024;

export function assertStorable(document: unknown, what: string): void {
  const bytes = Buffer.byteLength(canonicalJson(document), 'utf8');
  if (bytes > MAX_STORED_DOCUMENT_BYTES) {
    throw new PayloadTooLargeError(MAX_STORED_DOCUMENT_BYTES, what);
  }
}
