import { wholePercent } from '../figures/percent.js';
import { numberText } from '../number-text.js';

/** A filter refused its input; the engine turns it into a TemplateError of kind 'filter'. */
export class FilterError extends Error {
  /** The filter that refused, e.g. "percent"; the message says why, without the name. */
  readonly filter: string;

  constructor(filter: string, message: string) {
    super(message);
    this.name = 'FilterError';
    this.filter = filter;
  }
}

/** How a value looks in an error message: short, and never "[object Object]". */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') {
    return value.length > 40 ? `text "${value.slice(0, 37)}…"` : `text "${value}"`;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? `the number ${value}` : 'a number that is not finite';
  }
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return 'a group of fields';
}

function requireNumber(filter: string, value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new FilterError(filter, `${what} must be a number, got ${describeValue(value)}`);
  }
  return value;
}

function requireCount(filter: string, value: unknown, what: string): number {
  const number = requireNumber(filter, value, what);
  if (!Number.isSafeInteger(number) || number < 0) {
    throw new FilterError(filter, `${what} must be a whole number of 0 or more, got ${number}`);
  }
  return number;
}

/** `1234567` → `1,234,567`, `1234.5` → `1,234.5`: en-GB grouping, decimals kept as they are. */
export function formatNumber(value: unknown, filter = 'number'): string {
  return numberText(requireNumber(filter, value, 'the value'));
}

/** `{{ 55 | percent: 86 }}` → `64%`, by the one rounding rule of Bidwright. */
export function formatPercent(part: unknown, whole: unknown): string {
  const filter = 'percent';
  if (whole === undefined) {
    throw new FilterError(
      filter,
      'needs the total to divide by, as in {{ part | percent: total }}',
    );
  }
  const count = requireCount(filter, part, 'the part');
  const total = requireCount(filter, whole, 'the total');
  const percent = wholePercent(count, total);
  if (percent === undefined) {
    throw new FilterError(
      filter,
      `the total is 0, so there is no percentage of it; check the total is above 0 before printing a rate`,
    );
  }
  return `${percent}%`;
}

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function belowHundred(n: number): string {
  if (n < 20) return ONES[n] ?? '';
  const unit = n % 10;
  const tens = TENS[Math.floor(n / 10)] ?? '';
  return unit === 0 ? tens : `${tens}-${ONES[unit]}`;
}

/** `28` → `twenty-eight`, `115` → `one hundred and fifteen`; beyond 0–999, digits as `number` gives. */
export function numberToWords(value: unknown): string {
  const number = requireNumber('words', value, 'the value');
  if (!Number.isInteger(number) || number < 0 || number > 999) return formatNumber(number, 'words');
  if (number < 100) return belowHundred(number);
  const hundreds = `${ONES[Math.floor(number / 100)]} hundred`;
  const rest = number % 100;
  return rest === 0 ? hundreds : `${hundreds} and ${belowHundred(rest)}`;
}

/** `{{ n | plural: "post", "posts" }}`: the singular when n is 1, else the plural. */
export function pluralWord(value: unknown, singular: unknown, plural: unknown): string {
  const filter = 'plural';
  const number = requireNumber(filter, value, 'the value');
  if (typeof singular !== 'string' || typeof plural !== 'string') {
    throw new FilterError(
      filter,
      'needs the singular and the plural word, as in {{ n | plural: "post", "posts" }}',
    );
  }
  return number === 1 ? singular : plural;
}

/** `["a", "b", "c"]` → `a, b and c`; numbers in the list are formatted as by `number`. */
export function joinList(value: unknown): string {
  const filter = 'list';
  if (!Array.isArray(value)) {
    throw new FilterError(filter, `needs a list, got ${describeValue(value)}`);
  }
  const words: string[] = [];
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index];
    if (typeof item === 'string') words.push(item);
    else if (typeof item === 'number' && Number.isFinite(item)) words.push(formatNumber(item));
    else {
      throw new FilterError(
        filter,
        `item ${index + 1} is ${describeValue(item)}; list joins text and numbers only (pick a field first, as in | map: "name" | list)`,
      );
    }
  }
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** The filters Bidwright adds to Liquid, by name. */
export const narrativeFilters = {
  percent: formatPercent,
  number: (value: unknown) => formatNumber(value),
  words: numberToWords,
  plural: pluralWord,
  list: joinList,
} as const satisfies Record<string, (value: unknown, ...args: unknown[]) => string>;
