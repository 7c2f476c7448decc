/**
 * Distinct entries a memo of the renderer keeps by default. The memos live as long as a
 * warm Lambda does, so a template of many unique words must not grow them without end; the
 * oldest entries go first.
 */
export const MAX_MEMOISED_TEXTS = 20_000;

/** Stores `value` under `key`, first dropping the oldest entry if the memo holds `limit`. */
export function memoise<K, V>(memo: Map<K, V>, key: K, value: V, limit = MAX_MEMOISED_TEXTS): void {
  if (memo.size >= limit) {
    const oldest = memo.keys().next();
    if (!oldest.done) memo.delete(oldest.value);
  }
  memo.set(key, value);
}
