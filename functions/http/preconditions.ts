import { ValidationError } from '../errors/errors.js';
import type { VersionExpectation } from '../stores/programme-store.js';

const ENTITY_TAG = /^"(\d{1,15})"$/;

/** The ETag of a stored version. */
export function etag(version: number): string {
  return `"${version}"`;
}

/**
 * What a PUT's conditional headers require: `If-Match: "<n>"` (that version), `If-Match: *`
 * (exists), `If-None-Match: *` (does not exist yet), or nothing. Anything else, both headers
 * together included, is a 400 naming the header rather than a condition silently ignored.
 */
export function versionExpectation(
  headers: Readonly<Record<string, string | undefined>>,
): VersionExpectation {
  const ifMatch = headers['if-match']?.trim();
  const ifNoneMatch = headers['if-none-match']?.trim();
  if (ifMatch !== undefined && ifNoneMatch !== undefined) {
    throw new ValidationError('headers', [
      { path: 'If-None-Match', message: 'cannot be sent with If-Match; send one of them' },
    ]);
  }
  if (ifMatch !== undefined) {
    if (ifMatch === '*') return { kind: 'exists' };
    const version = ENTITY_TAG.exec(ifMatch)?.[1];
    if (version === undefined) {
      throw new ValidationError('headers', [
        { path: 'If-Match', message: 'must be "*" or one ETag, such as "3"' },
      ]);
    }
    return { kind: 'version', version: Number(version) };
  }
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch === '*') return { kind: 'absent' };
    throw new ValidationError('headers', [{ path: 'If-None-Match', message: 'must be "*"' }]);
  }
  return { kind: 'any' };
}
