import {
  type Context,
  Drop,
  evalToken,
  type Liquid,
  Tokenizer,
  toValue,
  toValueSync,
} from 'liquidjs';
import { formatDate } from './date-filter.js';
import { describeValue, FilterError } from './filters.js';

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
 * (meaningless in a PDF) and list mutators. `date` is in REPLACED_BUILTIN_FILTERS.
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
  size: { input: 'text-or-list' },
  plus: { input: 'number', args: 'number' },
  minus: { input: 'number', args: 'number' },
  at_least: { input: 'number', args: 'number' },
  at_most: { input: 'number', args: 'number' },
  abs: { input: 'number' },
  default: { input: 'any', args: 'any' },
  // JSON of text, numbers or a list of them: the safe way to put data into a chart's YAML.
  json: { input: 'any', args: 'number' },
};

/**
 * Standard filters Bidwright implements itself, in place of LiquidJS's, by name: LiquidJS's
 * `date` prints a date as the host's time zone and locale see it.
 */
export const REPLACED_BUILTIN_FILTERS = {
  date: formatDate,
} as const satisfies Record<string, (value: unknown, ...args: unknown[]) => string>;

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

/** Reads a field of a list item, as a filter does, but gives undefined where the item has no such field. */
type ReadField = (item: unknown) => unknown;

/** How a filter reads the field `property` of each item of a list. */
export interface FieldReader {
  /** As `sum` and `sort` read it: a path of field names, e.g. "period.from". */
  path(property: string): ReadField;
  /** As `where`, `reject` and `find` read it: a variable of the item, e.g. "breakdown[0].count". */
  expression(property: string): ReadField;
}

/** The FieldReader of a render: the template's own context, its sandbox and its budgets. */
export function fieldReader(context: Context): FieldReader {
  return {
    path: (property) => (item) => toValueSync(context._getFromScope(item, property, false)),
    expression: (property) => {
      const token = new Tokenizer(property).readScopeValue();
      return (item) => {
        // The item is the whole scope, as in LiquidJS's `where`; not strict, so absent is undefined.
        const scope = context.spawn(Object(item));
        scope.strictVariables = false;
        return toValueSync(evalToken(token, scope));
      };
    },
  };
}

function itemName(index: number): string {
  return `item ${index + 1}`;
}

/** The field `property` of every item, refusing an item that has none (a misspelt field, usually). */
function fieldOfEvery(
  filter: string,
  list: readonly unknown[],
  property: string,
  read: ReadField,
): unknown[] {
  return list.map((item, index) => {
    const value = read(item);
    if (value !== undefined) return value;
    const what =
      typeof item === 'object' && item !== null && !Array.isArray(item)
        ? `${itemName(index)} has no "${property}"`
        : `${itemName(index)} is ${describeValue(item)}, which has no "${property}"`;
    const rate =
      property === 'rate'
        ? `; rate is absent when a cohort's total is 0: leave those cohorts out first with | reject: "total", 0`
        : '';
    throw new FilterError(filter, `${what} (${filter} reads it in every item)${rate}`);
  });
}

/**
 * What `sum`, `sort` and `sort_natural` need of the items, or of the field they read from
 * each: numbers, or text and numbers. A wrong one is refused, never added as 0 or left unsorted.
 */
interface ItemRule {
  kind: ValueKind;
  /** After "item N is …; ", when the filter reads the items themselves. */
  ofItems: string;
  /** After "the "field" of item N is …; ", when it reads a field of each. */
  ofField: string;
}

function sortRule(filter: string): ItemRule {
  return {
    kind: 'text',
    ofItems: `${filter} orders text and numbers (for a list of records, name the field to sort by, as in | ${filter}: "awarded")`,
    ofField: `${filter} orders by text or numbers`,
  };
}

const SUM_RULE: ItemRule = {
  kind: 'number',
  ofItems: 'sum adds numbers (for a list of records, name a number field, as in | sum: "awarded")',
  ofField: 'sum adds numbers',
};

/** Each item, or the field `args[0]` of each, must be of the rule's kind. */
function checkItems(
  filter: string,
  list: readonly unknown[],
  args: readonly unknown[],
  read: FieldReader,
  { kind, ofItems, ofField }: ItemRule,
): void {
  const [property] = args;
  if (property === undefined) {
    list.forEach((item, index) => {
      if (!isKind(item, kind)) {
        throw new FilterError(filter, `${itemName(index)} is ${describeValue(item)}; ${ofItems}`);
      }
    });
    return;
  }
  const name = String(property);
  fieldOfEvery(filter, list, name, read.path(name)).forEach((value, index) => {
    if (!isKind(value, kind)) {
      throw new FilterError(
        filter,
        `the "${name}" of ${itemName(index)} is ${describeValue(value)}; ${ofField}`,
      );
    }
  });
}

/**
 * `where`, `reject` and `find` test a field every item has: one an item lacks is refused, as
 * reading it anywhere else would be, rather than read as an unknown variable of the template.
 */
function checkSelect(
  filter: string,
  list: readonly unknown[],
  args: readonly unknown[],
  read: FieldReader,
): void {
  const [property] = args;
  if (typeof property === 'string') {
    fieldOfEvery(filter, list, property, read.expression(property));
  }
}

/** What the items of a list, or a field of each, must be, beyond the list's own kind. */
const LIST_CHECKS: Readonly<
  Record<string, (list: readonly unknown[], args: readonly unknown[], read: FieldReader) => void>
> = {
  sum: (list, args, read) => checkItems('sum', list, args, read, SUM_RULE),
  sort: (list, args, read) => checkItems('sort', list, args, read, sortRule('sort')),
  sort_natural: (list, args, read) =>
    checkItems('sort_natural', list, args, read, sortRule('sort_natural')),
  where: (list, args, read) => checkSelect('where', list, args, read),
  reject: (list, args, read) => checkSelect('reject', list, args, read),
  find: (list, args, read) => checkSelect('find', list, args, read),
};

/** Checks the input and arguments of a standard filter before LiquidJS's own code sees them. */
export function checkBuiltinFilter(
  name: string,
  value: unknown,
  args: readonly unknown[],
  read: FieldReader,
): void {
  const guard = KEPT_BUILTIN_FILTERS[name];
  if (guard === undefined) return;
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
  if (argKind !== undefined) {
    args.forEach((arg, index) => {
      if (!isKind(arg, argKind)) {
        throw new FilterError(
          name,
          `argument ${index + 1} must be ${KIND_TEXT[argKind]}, got ${describeValue(arg)}`,
        );
      }
    });
  }
  if (Array.isArray(value)) LIST_CHECKS[name]?.(value, args, read);
}

/**
 * Liquid's `forloop`, `empty` and `blank` are Drops, helpers rather than data: a filter would
 * read `forloop` as the JSON of its internals and `empty` as "{}". Liquid's nil is a Drop too,
 * standing for nothing, and stays a value (`nil | default: 1`).
 */
export function helperRefusal(
  engine: Liquid,
): (filter: string, values: readonly unknown[]) => void {
  // Which Drops `empty` and `blank` are, asked of the engine only when a filter meets a
  // Drop: evaluating them as the engine is made would run Liquid's expression code as the
  // function loads, instead of when a template first needs it.
  let literals: Map<unknown, string> | undefined;
  return (filter, values) => {
    for (const value of values) {
      if (!(value instanceof Drop) || toValue(value) === null) continue;
      literals ??= new Map(['empty', 'blank'].map((name) => [engine.evalValueSync(name), name]));
      const literal = literals.get(value);
      throw new FilterError(
        filter,
        literal === undefined
          ? 'forloop is not a value: use one of its fields, such as forloop.index or forloop.last'
          : `${literal} is not a value (for empty text, write "")`,
      );
    }
  };
}
