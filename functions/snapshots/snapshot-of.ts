import type { SnapshotRef } from '../document-model.js';
import { contentHash } from './canonical-json.js';

/**
 * A snapshot reference for a document that is not stored anywhere, such as a file given to
 * the CLI: its id is its content hash, so the same figures always name the same snapshot.
 */
export function snapshotOfDocument(document: unknown, takenAt: string): SnapshotRef {
  const sha256 = contentHash(document);
  return { id: sha256, takenAt, sha256 };
}
