import { ValidationError } from '../../errors/errors.js';
import * as z from '../../zod.js';

/**
 * Paging cursors are DynamoDB's LastEvaluatedKey as base64url JSON. They are opaque to
 * clients but not trusted: a cursor is decoded against the exact key shape of the list it
 * claims to continue (same partition, expected sort-key prefix), so a forged or foreign
 * cursor is a 400 naming `cursor`, never an SDK error and a 500.
 */

const MAX_CURSOR_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  if (!key) return undefined;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function refuse(): never {
  throw new ValidationError('query', [
    { path: 'cursor', message: 'is not a cursor this list gave out' },
  ]);
}

export function decodeCursor<T extends Record<string, string>>(
  cursor: string | undefined,
  schema: z.ZodMiniType<T>,
): T | undefined {
  if (cursor === undefined) return undefined;
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) {
    refuse();
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    refuse();
  }
  const result = schema.safeParse(json);
  if (!result.success) refuse();
  return result.data;
}

/** A key attribute that must start with `prefix` and hold nothing odd after it. */
export function keyPart(prefix: string, rest: RegExp): z.ZodMiniString {
  return z
    .string()
    .check(z.refine((value) => value.startsWith(prefix) && rest.test(value.slice(prefix.length))));
}

export function cursorSchema<S extends Record<string, z.ZodMiniType<string>>>(shape: S) {
  return z.strictObject(shape);
}
