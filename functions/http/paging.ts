import type { Page, PageRequest } from '../stores/page.js';
import * as z from '../zod.js';
import { queryWholeNumber } from './query-number.js';
import { type HttpRequest, validate } from './request.js';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export const pageQuerySchema = z.object({
  limit: z._default(queryWholeNumber(1, MAX_PAGE_SIZE), DEFAULT_PAGE_SIZE),
  cursor: z.optional(z.string()),
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
