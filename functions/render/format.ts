import { MONTHS } from '../month-names.js';
import { numberText } from '../number-text.js';

/**
 * The renderer's only ways of turning values into text. Each refuses to print "NaN",
 * "undefined", "null" or "[object Object]": a bad value becomes a dash or an empty
 * string, and a bid date that is not a date stops the render (it is also the PDF's
 * creation date, so guessing would break reproducibility).
 */

export const MISSING = '–';

/**
 * 1234.5 → "1,234.5", 0.000001 → "0.000001": every decimal kept, as the narrative's
 * `number` filter and a chart's text alternative write it; anything not a finite number → "–".
 */
export function formatNumber(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? numberText(value) : MISSING;
}

/** A string field as printable text; anything else (a wrong type at run time) → "". */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** Midnight UTC of a YYYY-MM-DD date that exists on the calendar. */
export function parseBidDate(date: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text(date));
  const parsed = match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    : undefined;
  if (!parsed || parsed.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`bid date must be a calendar date as YYYY-MM-DD, got "${text(date)}"`);
  }
  return parsed;
}

/** 2026-11-24 → "24 November 2026" (the UTC calendar day). */
export function writtenDate(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** An ISO 8601 timestamp as "1 November 2026, 09:30 UTC"; unparsable text is shown as given. */
export function writtenTimestamp(timestamp: string): string {
  const raw = text(timestamp).trim();
  const parsed = /^\d{4}-\d{2}-\d{2}/.test(raw) ? new Date(raw) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime())) return raw || MISSING;
  const time = parsed.toISOString().slice(11, 16);
  return `${writtenDate(parsed)}, ${time} UTC`;
}
