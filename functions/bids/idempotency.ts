import { ConflictError } from '../errors/errors.js';
import { canonicalJson, sha256Hex } from '../snapshots/canonical-json.js';
import * as z from '../zod.js';

/** How long an Idempotency-Key keeps returning the same bid. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** Visible ASCII, 1–255 characters: room for a UUID or a client's own scheme. */
export const idempotencyKeySchema = z
  .string()
  .check(z.regex(/^[\x21-\x7e]{1,255}$/, { error: 'must be 1–255 visible ASCII characters' }));

export const idempotencyRecordSchema = z.object({
  /** sha256 of the caller's `sub` and the key: one caller's key never collides with another's. */
  scope: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  /** sha256 of the canonical JSON of the validated request. */
  requestHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  bidId: z.string(),
  /** Epoch seconds; after this the key may be used again (and DynamoDB's TTL removes it). */
  expiresAt: z.int(),
});

export type IdempotencyRecord = z.infer<typeof idempotencyRecordSchema>;

export function idempotencyScope(sub: string, key: string): string {
  return sha256Hex(`${sub}\n${key}`);
}

export function requestHash(request: unknown): string {
  return sha256Hex(canonicalJson(request));
}

/** Another request holds the key: the caller should return that request's bid. */
export class IdempotencyKeyTakenError extends ConflictError {
  constructor(readonly scope: string) {
    super('another request already holds this Idempotency-Key');
    this.name = 'IdempotencyKeyTakenError';
  }
}
