import { LiquidError } from 'liquidjs';
import { groupDigits } from '../group-digits.js';
import { FilterError } from './filters.js';
import {
  LIMITS,
  NestingLimitError,
  RefusedTagError,
  StepLimitError,
  TEMPLATE_ROOTS,
} from './liquid-engine.js';
import { OutputValueError } from './print-value.js';
import type { DataMiss } from './read-recorder.js';
import { OutputLimitError } from './section-emitter.js';
import { TemplateError, type TemplateErrorKind, type TemplatePart } from './template-error.js';

/** Which text of the template was being parsed or rendered. */
export interface TemplatePlace {
  section: string;
  part: TemplatePart;
}

const OUR_FILTERS = 'percent, number, words, plural, list';

/** `figures.progression.1.rate` → `figures.progression[1].rate`. */
function readablePath(dotted: string): string {
  return dotted
    .split('.')
    .map((segment, index) => {
      if (index > 0 && /^\d+$/.test(segment)) return `[${segment}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}

function unknownVariableDetail(
  written: string,
  missing: string | undefined,
  dataMiss: DataMiss | undefined,
): string {
  let detail = `unknown variable "${written}"`;
  if (missing === undefined) return detail;
  const segments = missing.split('.');
  const key = segments.at(-1) ?? missing;
  if (segments.length === 1) {
    if (!(TEMPLATE_ROOTS as readonly string[]).includes(key)) {
      detail += ` (a template sees ${TEMPLATE_ROOTS.join(', ')} and the names it assigns)`;
    }
    return detail;
  }
  // `p.rate` inside a loop: the data path (figures.progression[1]) says more than `p`.
  const parent =
    dataMiss !== undefined && dataMiss.key === key
      ? dataMiss.path
      : readablePath(segments.slice(0, -1).join('.'));
  detail += /^\d+$/.test(key) ? ` (${parent} has no item ${key})` : ` (${parent} has no "${key}")`;
  if (key === 'rate' && parent.startsWith('figures.progression')) {
    detail += '; rate is absent when the cohort total is 0, so test {% if … .total > 0 %} first';
  }
  return detail;
}

function limitDetail(message: string): string {
  if (message.startsWith('memory')) {
    return 'the template needs too much memory to render (a loop over a very large range?)';
  }
  if (message.startsWith('template render')) {
    return `rendering took longer than ${LIMITS.renderMs} ms (a very large loop?)`;
  }
  if (message.startsWith('parse length')) {
    return `the text is longer than ${groupDigits(LIMITS.parseChars)} characters`;
  }
  return message;
}

const TOO_DEEP =
  'the template nests too deeply to read (brackets, ranges or blocks inside one another thousands of times)';

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** LiquidJS appends ", line:3, col:5" to its messages; the TemplateError has its own location. */
function withoutPosition(message: string): string {
  return message.replace(/, line:\d+, col:\d+$/, '');
}

/**
 * Maps whatever LiquidJS or our filters threw to a TemplateError located at the line inside
 * the section's own source. Errors that are not the template's fault are rethrown unchanged.
 */
export function toTemplateError(
  error: unknown,
  place: TemplatePlace,
  dataMiss?: DataMiss,
): TemplateError {
  if (error instanceof TemplateError) return error;
  const make = (line: number, kind: TemplateErrorKind, detail: string, reference?: string) =>
    new TemplateError({
      ...place,
      line: place.part === 'body' ? line : 1,
      kind,
      detail,
      ...(reference === undefined ? {} : { reference }),
      cause: error,
    });

  if (!LiquidError.is(error)) {
    // The parse length check runs before LiquidJS has a token to blame.
    if (error instanceof Error && /limit exceeded$/.test(error.message)) {
      return make(1, 'limit', limitDetail(error.message));
    }
    if (error instanceof NestingLimitError) return make(error.line, 'limit', error.message);
    if (isStackOverflow(error)) return make(1, 'limit', TOO_DEEP);
    throw error;
  }
  const line = error.token?.getPosition()[0] ?? 1;
  const original = error.originalError;
  const message = withoutPosition(original?.message ?? error.message);

  if (
    error.name === 'UndefinedVariableError' ||
    original?.name === 'InternalUndefinedVariableError'
  ) {
    const missing = (original as { variableName?: string } | undefined)?.variableName;
    const written =
      error.name === 'UndefinedVariableError' ? error.token.getText() : (missing ?? 'a variable');
    return make(
      line,
      'unknown-variable',
      unknownVariableDetail(written, missing, dataMiss),
      written,
    );
  }
  if (original instanceof RefusedTagError)
    return make(line, 'syntax', original.message, original.tag);
  if (original instanceof FilterError) {
    return make(line, 'filter', `${original.filter} filter: ${original.message}`, original.filter);
  }
  if (original instanceof OutputValueError) {
    return make(line, 'value', `${error.token.getText()} ${original.message}`);
  }
  if (original instanceof OutputLimitError) return make(line, 'limit', original.message);
  if (original instanceof StepLimitError) return make(line, 'limit', original.message);
  if (isStackOverflow(original) || /maximum call stack/i.test(message)) {
    return make(line, 'limit', TOO_DEEP);
  }
  if (original instanceof RangeError && /string length/i.test(original.message)) {
    return make(line, 'limit', 'the rendered text grew too long (a very large loop?)');
  }
  if (/limit exceeded$/.test(message)) return make(line, 'limit', limitDetail(message));

  const unknownFilter = /^undefined filter: (.+)$/.exec(message);
  if (unknownFilter?.[1] !== undefined) {
    const filter = unknownFilter[1];
    return make(
      line,
      'unknown-filter',
      `unknown filter "${filter}" (Bidwright adds ${OUR_FILTERS}; see templates/README.md for the rest)`,
      filter,
    );
  }
  const unknownTag = /^tag "(.+)" not found$/.exec(message);
  if (unknownTag?.[1] !== undefined) {
    return make(line, 'syntax', `unknown tag "${unknownTag[1]}"`, unknownTag[1]);
  }
  // A slip in Bidwright's own code is not the author's to fix.
  if (original instanceof ReferenceError || original instanceof SyntaxError) throw original;
  if (error.name === 'RenderError') return make(line, 'filter', message);
  if (message === 'invalid range syntax') {
    // `x.constructor("code")()` and other attempts at a call end here.
    return make(
      line,
      'syntax',
      `${message}: parentheses in Liquid only write a range such as (1..5); nothing can be called`,
    );
  }
  return make(line, 'syntax', message);
}
