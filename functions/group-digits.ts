/**
 * A whole number ≥ 0, or its digits, grouped in threes as en-GB writes it: 100000 →
 * "100,000". Used instead of `toLocaleString`, whose first call in a process loads ICU's
 * number formats (about 10 ms of a cold start).
 */
export function groupDigits(value: number | string): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
