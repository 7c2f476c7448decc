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

/** The key attributes of a table item, and of an item listed through GSI1. */
export const TABLE_KEY = ['PK', 'SK'] as const;
export const GSI1_KEY = ['PK', 'SK', 'GSI1PK', 'GSI1SK'] as const;

/**
 * A page from a query that asked DynamoDB for `limit + 1` items: the first `limit` and, only
 * when more follow, a cursor at the last one kept, in LastEvaluatedKey's form (its `key`
 * attributes). So the last page carries no cursor, even when it is full. A query that
 * DynamoDB cut short at 1 MB of items keeps its LastEvaluatedKey.
 */
export function pageOf<T extends Record<string, unknown>>(
  { Items = [], LastEvaluatedKey }: { Items?: T[]; LastEvaluatedKey?: Record<string, unknown> },
  limit: number,
  key: readonly string[],
): { items: T[]; nextCursor?: string } {
  const last = Items.length > limit ? Items[limit - 1] : undefined;
  if (last) {
    const nextCursor = encodeCursor(Object.fromEntries(key.map((name) => [name, last[name]])));
    return { items: Items.slice(0, limit), ...(nextCursor && { nextCursor }) };
  }
  const nextCursor = encodeCursor(LastEvaluatedKey);
  return nextCursor ? { items: Items, nextCursor } : { items: Items };
}

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
