import * as z from '../zod.js';

/**
 * A whole number in a query string, from `min` to `max`, written as plain decimal digits:
 * `25`, but not `2.5e1`, `0x19`, `25.0`, `025`, ` 25` or an empty value, which number
 * parsing would otherwise take. Anything else is refused with the range it must be in.
 */
export function queryWholeNumber(min: number, max: number) {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.pipe(
    z.pipe(z.string().check(z.regex(/^(0|[1-9]\d{0,8})$/, { error })), z.transform(Number)),
    z.number().check(z.gte(min, { error }), z.lte(max, { error })),
  );
}
