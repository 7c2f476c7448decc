import { describeValue, FilterError, requireFixedDate } from './filters.js';

/**
 * What a kept Liquid filter accepts. LiquidJS's own filters coerce freely ("abc" | plus: 1 is 1,
 * a list joined with an object in it gives "[object Object]"); these checks make them refuse
 * instead, so no coerced nonsense reaches a bid.
 */
type ValueKind = 'text' | 'number' | 'list' | 'text-or-list' | 'leaf' | 'any';

interface FilterGuard {
  input: ValueKind;
  args?: ValueKind;
  /** What each item of a list input must be. */
  items?: 'text' | 'number';
}

/**
 * The standard Liquid filters a template may use. Left out on purpose: arithmetic that makes
 * fractions or rounds (times, divided_by, modulo, round, floor, ceil — a rate goes through
 * `percent`, the one rounding rule), `raw`, `inspect` and `jsonify` (raw data dumps; `json`
 * stays, for text and lists of text only), `sample` (random), HTML/URL/base64/hash filters
 * (meaningless in a PDF) and list mutators.
 */
export const KEPT_BUILTIN_FILTERS: Readonly<Record<string, FilterGuard>> = {
  append: { input: 'text', args: 'text' },
  prepend: { input: 'text', args: 'text' },
  capitalize: { input: 'text' },
  downcase: { input: 'text' },
  upcase: { input: 'text' },
  strip: { input: 'text' },
  lstrip: { input: 'text' },
  rstrip: { input: 'text' },
  strip_newlines: { input: 'text' },
  normalize_whitespace: { input: 'text' },
  replace: { input: 'text', args: 'text' },
  replace_first: { input: 'text', args: 'text' },
  replace_last: { input: 'text', args: 'text' },
  remove: { input: 'text', args: 'text' },
  remove_first: { input: 'text', args: 'text' },
  remove_last: { input: 'text', args: 'text' },
  truncate: { input: 'text', args: 'text' },
  truncatewords: { input: 'text', args: 'text' },
  split: { input: 'text', args: 'text' },
  slice: { input: 'text-or-list', args: 'number' },
  join: { input: 'list', args: 'text', items: 'text' },
  first: { input: 'text-or-list' },
  last: { input: 'text-or-list' },
  reverse: { input: 'list' },
  sort: { input: 'list', args: 'text' },
  sort_natural: { input: 'list', args: 'text' },
  uniq: { input: 'list' },
  compact: { input: 'list' },
  map: { input: 'list', args: 'text' },
  where: { input: 'list', args: 'leaf' },
  reject: { input: 'list', args: 'leaf' },
  find: { input: 'list', args: 'leaf' },
  concat: { input: 'list', args: 'list' },
  sum: { input: 'list', args: 'text' },
  size: { input: 'any' },
  plus: { input: 'number', args: 'number' },
  minus: { input: 'number', args: 'number' },
  at_least: { input: 'number', args: 'number' },
  at_most: { input: 'number', args: 'number' },
  abs: { input: 'number' },
  default: { input: 'any', args: 'any' },
  date: { input: 'any', args: 'text' },
  // JSON of text, numbers or a list of them: the safe way to put data into a chart's YAML.
  json: { input: 'any', args: 'number' },
};

const KIND_TEXT: Record<ValueKind, string> = {
  text: 'text or a number',
  number: 'a number',
  list: 'a list',
  'text-or-list': 'text or a list',
  leaf: 'text, a number or true/false',
  any: 'a value',
};

function isKind(value: unknown, kind: ValueKind): boolean {
  switch (kind) {
    case 'text':
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'list':
      return Array.isArray(value);
    case 'text-or-list':
      return typeof value === 'string' || Array.isArray(value);
    case 'leaf':
      return (
        typeof value === 'string' ||
        typeof value === 'boolean' ||
        (typeof value === 'number' && Number.isFinite(value))
      );
    case 'any':
      return true;
  }
}

function requireJsonable(value: unknown): void {
  const items = Array.isArray(value) ? value : [value];
  for (let index = 0; index < items.length; index++) {
    const item: unknown = items[index];
    if (!isKind(item, 'leaf')) {
      const what = Array.isArray(value)
        ? `item ${index + 1} is ${describeValue(item)}`
        : `got ${describeValue(item)}`;
      throw new FilterError(
        'json',
        `${what}; json writes text, numbers and lists of them only (is a field missing from some items?)`,
      );
    }
  }
}

/** Checks the input and arguments of a standard filter before LiquidJS's own code sees them. */
export function checkBuiltinFilter(name: string, value: unknown, args: readonly unknown[]): void {
  const guard = KEPT_BUILTIN_FILTERS[name];
  if (guard === undefined) return;
  if (name === 'date') requireFixedDate(value);
  if (name === 'json') requireJsonable(value);
  if (!isKind(value, guard.input)) {
    throw new FilterError(name, `needs ${KIND_TEXT[guard.input]}, got ${describeValue(value)}`);
  }
  if (guard.items !== undefined && Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (!isKind(item, guard.items)) {
        throw new FilterError(
          name,
          `item ${index + 1} is ${describeValue(item)}; it needs ${KIND_TEXT[guard.items]} (pick a field first, as in | map: "name")`,
        );
      }
    }
  }
  const argKind = guard.args;
  if (argKind === undefined) return;
  args.forEach((arg, index) => {
    if (!isKind(arg, argKind)) {
      throw new FilterError(
        name,
        `argument ${index + 1} must be ${KIND_TEXT[argKind]}, got ${describeValue(arg)}`,
      );
    }
  });
}
