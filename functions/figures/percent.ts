/**
 * The one rounding rule of Bidwright: a whole percent, 100 × part / whole rounded half up,
 * computed in integers so that 23 of 40 is 58% (floating point makes 57.49999… of it).
 * Returns undefined when whole is 0: there is no rate of nothing.
 */
export function wholePercent(part: number, whole: number): number | undefined {
  if (!Number.isSafeInteger(part) || !Number.isSafeInteger(whole) || part < 0 || whole < 0) {
    throw new RangeError(`wholePercent needs non-negative integers, got ${part} of ${whole}`);
  }
  if (whole === 0) return undefined;
  const scaled = BigInt(part) * 200n + BigInt(whole);
  return Number(scaled / (2n * BigInt(whole)));
}
