import { groupDigits } from './group-digits.js';

/**
 * A finite number as en-GB writes it, every decimal kept: 1234567 → "1,234,567", 1234.5 →
 * "1,234.5", 0.000001 → "0.000001"; a zero is "0" whatever its sign. The narrative's
 * `number` filter, a chart's text alternative and the values drawn over its bars all write
 * numbers with it, so what a reader sees and what a screen reader says are the same number.
 * Intl writes only what `String` would put in exponent form (below 0.000001, or 10²¹ and
 * up), which ordinary figures never are: its first use loads ICU's number data.
 */
export function numberText(value: number): string {
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : '';
  const plain = String(Math.abs(value));
  if (/e/i.test(plain)) {
    return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 20 }).format(value);
  }
  const [whole = '0', fraction] = plain.split('.');
  return `${sign}${groupDigits(whole)}${fraction === undefined ? '' : `.${fraction}`}`;
}
