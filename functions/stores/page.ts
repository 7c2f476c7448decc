/** One page of a list, newest or first items first; `nextCursor` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PageRequest {
  /** 1–100. */
  limit: number;
  /** An opaque cursor from an earlier page of the same list. */
  cursor?: string;
}
