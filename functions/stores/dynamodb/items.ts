import type { z } from 'zod/mini';

/** Thrown when a stored item does not have the shape this code wrote: a bug or tampering, so a 500. */
export class CorruptItemError extends Error {
  constructor(what: string, options?: ErrorOptions) {
    super(`a stored ${what} does not have the expected shape`, options);
    this.name = 'CorruptItemError';
  }
}

/** Parses a stored item (or part of one) with the schema that is the source of its shape. */
export function parseItem<T>(schema: z.ZodMiniType<T>, item: unknown, what: string): T {
  const result = schema.safeParse(item);
  if (!result.success) throw new CorruptItemError(what, { cause: result.error });
  return result.data;
}
