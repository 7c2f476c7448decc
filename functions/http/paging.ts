import { z } from 'zod';
import type { Page, PageRequest } from '../stores/page.js';
import { type HttpRequest, validate } from './request.js';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export const pageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be 1 or more' })
    .max(MAX_PAGE_SIZE, { error: `must be at most ${MAX_PAGE_SIZE}` })
    .default(DEFAULT_PAGE_SIZE),
  cursor: z.string().optional(),
});

/** `?limit=&cursor=` of a list request. */
export function pageRequest(request: HttpRequest): PageRequest {
  const { limit, cursor } = validate(pageQuerySchema, request.query, 'query');
  return cursor === undefined ? { limit } : { limit, cursor };
}

/** A list response: `{ items, nextCursor }`, the cursor left out on the last page. */
export function pageBody<T, U>(page: Page<T>, map: (item: T) => U) {
  return {
    items: page.items.map(map),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
