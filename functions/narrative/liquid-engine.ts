import {
  CaptureTag,
  Context,
  Drop,
  defaultOperators,
  type FilterImplOptions,
  Liquid,
  type Operators,
  Parser,
  RawTag,
  Tag,
  type TagToken,
  type Template,
  TokenKind,
  type TopLevelToken,
  toValue,
  toValueSync,
} from 'liquidjs';
import { groupDigits } from '../group-digits.js';
import {
  checkBuiltinFilter,
  fieldReader,
  helperRefusal,
  KEPT_BUILTIN_FILTERS,
  REPLACED_BUILTIN_FILTERS,
} from './builtin-filters.js';
import { narrativeFilters } from './filters.js';
import { escapeMarkdown, OutputValueError, printableText } from './print-value.js';
import { CaptureEmitter, type OutputScope, SectionEmitter } from './section-emitter.js';
import { lineAt, lineStarts } from './source-lines.js';
import { readTopLevelTokens } from './source-tokenizer.js';
import { MAX_SOURCE_BYTES } from './template-schema.js';
import './token-positions.js';

/** Bounds that stop a hostile or mistaken template in bounded time and memory. */
export const LIMITS = {
  /** Longest text one parse accepts (a section source is at most 100 KB). */
  parseChars: MAX_SOURCE_BYTES,
  /** Time for rendering a whole narrative (title, headings and every section), in ms. */
  renderMs: 2_000,
  /** LiquidJS's allocation budget for a whole narrative: range sizes, list copies, string growth. */
  memory: 1_000_000,
  /** Longest rendered text of one section, in characters; also of one `{% capture %}`. */
  outputChars: 200_000,
  /** Longest rendered text of all sections of a bid together, in characters. */
  documentChars: 300_000,
  /** Most headings, paragraphs, list items, table rows and charts in all sections of a bid together. */
  documentBlocks: 2_000,
  /** Longest rendered title, author line or section heading, in characters. */
  lineChars: 5_000,
  /**
   * Tags, values, runs of text and block bodies (each repeat of a loop) a whole narrative may
   * render: a loop over a list the template already holds allocates nothing, so the memory
   * budget alone would let nested loops run until the time limit.
   */
  renderSteps: 200_000,
  /** Deepest nesting of block tags (if, unless, case, for, capture), and of brackets in one tag. */
  nesting: 30,
  /** Parsed templates kept in memory, by source text. */
  cachedTemplates: 500,
} as const;

/** The variables a template sees; anything else is an unknown variable. */
export const TEMPLATE_ROOTS = ['programme', 'snapshot', 'figures'] as const;

/** The Liquid tags a template may use; the rest are refused at parse time. */
const KEPT_TAGS = [
  'assign',
  'capture',
  'case',
  'comment',
  '#',
  'for',
  'break',
  'continue',
  'if',
  'unless',
  'echo',
  'liquid',
  'raw',
];

const REFUSED_TAG_REASONS: Record<string, string> = {
  include:
    'a section cannot pull in other files; put the text in this section or in a section of its own',
  render:
    'a section cannot pull in other files; put the text in this section or in a section of its own',
  layout: 'sections have no layouts; the PDF layout comes from Bidwright',
  block: 'sections have no layouts; the PDF layout comes from Bidwright',
};

/** A tag a template may not use: include, render, layout, cycle, … */
export class RefusedTagError extends Error {
  readonly tag: string;

  constructor(tag: string) {
    const reason = REFUSED_TAG_REASONS[tag] ?? 'Bidwright templates do not support it';
    super(`the tag {% ${tag} %} is not available: ${reason}`);
    this.name = 'RefusedTagError';
    this.tag = tag;
  }
}

class RefusedTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    throw new RefusedTagError(token.name);
  }

  render(): void {}
}

/**
 * Liquid's capture, writing into a capped buffer: doubling a captured text in a loop stops at
 * the cap. Values inside are captured as the text they are, not escaped for Markdown: the
 * captured text is itself a value, escaped once where it is printed (or left as it is in a
 * chart), never twice.
 */
class BoundedCaptureTag extends CaptureTag {
  override *render(ctx: Context): Generator<unknown, void, string> {
    const emitter = new CaptureEmitter(LIMITS.outputChars);
    const depth = ctx.getRegister<number | undefined>(CAPTURE_REGISTER) ?? 0;
    ctx.setRegister(CAPTURE_REGISTER, depth + 1);
    try {
      yield this.liquid.renderer.renderTemplates(this.templates, ctx, emitter);
    } finally {
      ctx.setRegister(CAPTURE_REGISTER, depth);
    }
    ctx.bottom()[this.variable] = emitter.buffer;
  }
}

/** Block tags, or brackets and ranges in one tag, nested deeper than LIMITS.nesting. */
export class NestingLimitError extends Error {
  constructor(
    readonly line: number,
    what: 'blocks' | 'brackets',
  ) {
    super(
      what === 'blocks'
        ? `block tags (if, unless, case, for, capture) nest more than ${LIMITS.nesting} levels deep`
        : `brackets and ranges nest more than ${LIMITS.nesting} levels deep in one tag`,
    );
    this.name = 'NestingLimitError';
  }
}

/** The deepest `[` or `(` nesting in a tag's text, not counting those inside quotes. */
function bracketDepth(text: string, begin: number, end: number): number {
  let depth = 0;
  let deepest = 0;
  let quote = '';
  for (let at = begin; at < end; at++) {
    const char = text[at];
    if (quote !== '') {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '(') deepest = Math.max(deepest, ++depth);
    else if (char === ']' || char === ')') depth = Math.max(0, depth - 1);
  }
  return deepest;
}

const BLOCK_TAGS: ReadonlySet<string> = new Set(['if', 'unless', 'case', 'for', 'capture']);

/**
 * Counts how deep block tags nest, and brackets and ranges inside each tag, before LiquidJS
 * parses and evaluates them recursively: thousands of nested `{% if %}` or of
 * `programme[programme[…]]` would otherwise exhaust the call stack. Tags inside
 * `{% liquid %}` count too; a `{% comment %}` is skipped, as LiquidJS skips it.
 */
function checkNesting(
  tokens: readonly TopLevelToken[],
  starts: readonly number[],
  depth = 0,
): void {
  let level = depth;
  let inComment = false;
  for (const token of tokens) {
    if (token.kind !== TokenKind.Tag && token.kind !== TokenKind.Output) continue;
    if (bracketDepth(token.input, token.begin, token.end) > LIMITS.nesting) {
      throw new NestingLimitError(lineAt(starts, token.begin), 'brackets');
    }
    if (token.kind !== TokenKind.Tag) continue;
    const { name } = token as TagToken;
    if (inComment) {
      inComment = name !== 'endcomment';
      continue;
    }
    if (name === 'comment') inComment = true;
    else if (BLOCK_TAGS.has(name) || name === 'liquid') {
      if (level + 1 > LIMITS.nesting) {
        throw new NestingLimitError(lineAt(starts, token.begin), 'blocks');
      }
      if (name === 'liquid') {
        // The tag's own tokenizer reads its lines with offsets into the whole text; the
        // parser reads them again from where the tag's name ends.
        const { tokenizer } = token as TagToken;
        const argsAt = tokenizer.p;
        const inner = tokenizer.readLiquidTagTokens(liquid.options);
        tokenizer.p = argsAt;
        checkNesting(inner, starts, level + 1);
      } else level += 1;
    } else if (name.startsWith('end') && BLOCK_TAGS.has(name.slice(3))) {
      level = Math.max(depth, level - 1);
    }
  }
}

type FilterHandler = Extract<FilterImplOptions, (...args: never[]) => unknown>;
type FilterThis = ThisParameterType<FilterHandler>;

const EMITTER_REGISTER = 'bidwright:emitter';
/** How many `capture` tags the value being printed is inside. */
const CAPTURE_REGISTER = 'bidwright:captures';
const BUDGET_REGISTER = 'bidwright:budget';

/**
 * What a whole narrative may spend, shared by the renders of its title, headings and
 * sections: otherwise thirty sections would each have the full budget.
 */
export interface RenderBudget {
  /** What is left of LIMITS.renderSteps. */
  steps: number;
  /** LiquidJS's allocation counter, of LIMITS.memory. */
  readonly memory: Context['memoryLimit'];
}

/** Counts one step against the narrative's budget, when the render has one. */
function chargeStep(ctx: Context): void {
  const budget = ctx.getRegister<RenderBudget | undefined>(BUDGET_REGISTER);
  if (budget !== undefined && --budget.steps < 0) throw new StepLimitError();
}

export function newRenderBudget(): RenderBudget {
  const { memoryLimit } = new Context({}, liquid.options, { memoryLimit: LIMITS.memory });
  return { steps: LIMITS.renderSteps, memory: memoryLimit };
}

/** A narrative rendered more than LIMITS.renderSteps tags, values, runs of text and loop repeats. */
export class StepLimitError extends Error {
  constructor() {
    super(
      `the template renders more than ${groupDigits(LIMITS.renderSteps)} tags, values, runs of text and loop repeats in all (loops inside loops?)`,
    );
    this.name = 'StepLimitError';
  }
}

/** Every `{{ }}` value passes through here last: refuse what has no text, escape Markdown in data. */
function printValue(this: FilterThis, value: unknown): string {
  if (value instanceof Drop && toValue(value) !== null) {
    throw new OutputValueError(
      'is not text but a Liquid helper (forloop, empty, blank); print one of its fields, e.g. forloop.index',
    );
  }
  // Liquid's nil is a Drop standing for null.
  const text = printableText(toValue(value));
  if (this.context.getRegister<number | undefined>(CAPTURE_REGISTER)) return text;
  const emitter = this.context.getRegister<SectionEmitter | undefined>(EMITTER_REGISTER);
  return emitter?.markdown && !emitter.inFence ? escapeMarkdown(text) : text;
}

type BinaryOperator = (lhs: unknown, rhs: unknown, ctx: Context) => ReturnType<Operators[string]>;
const defaultContains = defaultOperators.contains as BinaryOperator;

/**
 * Liquid's `contains` tests text and lists; for a group of fields it is always false. Here it
 * tests whether the data has the field, the one way to ask about an optional field under
 * strict variables: `{% if programme contains "trainees" %}`.
 */
const operators: Operators = {
  ...defaultOperators,
  contains: (lhs: unknown, rhs: unknown, ctx: Context) => {
    const left = toValue(lhs);
    if (
      typeof left === 'object' &&
      left !== null &&
      !Array.isArray(left) &&
      !(left instanceof Drop)
    ) {
      const key = toValue(rhs);
      return typeof key === 'string' && Object.hasOwn(left, key);
    }
    return defaultContains(lhs, rhs, ctx);
  },
};

function createEngine(): Liquid {
  const engine = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    jsTruthy: false,
    lenientIf: false,
    // Templates are strings: an empty in-memory file map, so nothing is ever read from disk.
    templates: {},
    dynamicPartials: false,
    relativeReference: false,
    parseLimit: LIMITS.parseChars,
    renderLimit: LIMITS.renderMs,
    memoryLimit: LIMITS.memory,
    outputEscape: printValue,
    operators,
    // Named so that LiquidJS does not ask Intl for the host's locale as the engine is made,
    // which loads ICU's data as a function starts; Bidwright's own `date` does not read it.
    locale: 'en-GB',
  });

  const refuseHelpers = helperRefusal(engine);
  for (const name of Object.keys(engine.filters)) {
    const guard = KEPT_BUILTIN_FILTERS[name];
    const builtin = engine.filters[name];
    if (guard === undefined || typeof builtin !== 'function') {
      engine.unregisterFilter(name);
      continue;
    }
    engine.registerFilter(name, function (this: FilterThis, value: unknown, ...args: unknown[]) {
      refuseHelpers(name, [value, ...args]);
      checkBuiltinFilter(name, toValue(value), args.map(toValue), fieldReader(this.context));
      return builtin.call(this, value, ...args);
    });
  }
  const ownFilters = { ...narrativeFilters, ...REPLACED_BUILTIN_FILTERS };
  for (const [name, filter] of Object.entries(ownFilters)) {
    engine.registerFilter(name, (value: unknown, ...args: unknown[]) => {
      refuseHelpers(name, [value, ...args]);
      return (filter as (value: unknown, ...args: unknown[]) => string)(
        toValue(value),
        ...args.map(toValue),
      );
    });
  }

  for (const name of Object.keys(engine.tags)) {
    if (!KEPT_TAGS.includes(name)) engine.registerTag(name, RefusedTag);
  }
  engine.registerTag('capture', BoundedCaptureTag);

  // Every block body rendered — each repeat of a loop, even an empty one — is a step too.
  const { renderer } = engine;
  const renderTemplates = renderer.renderTemplates.bind(renderer);
  renderer.renderTemplates = (templates, ctx, emitter) => {
    chargeStep(ctx);
    return renderTemplates(templates, ctx, emitter);
  };
  return engine;
}

/** The one LiquidJS instance of the process: parsed templates and settings are shared across renders. */
export const liquid = createEngine();

interface HtmlNode {
  token: { kind: TokenKind; begin: number; end: number; trimLeft: number };
}

/**
 * Makes every node of a parsed template tell the SectionEmitter which source line its text
 * starts on. Text copied from the source (HTML nodes, raw blocks) advances line by line; a
 * printed value stays on its tag's line.
 */
function trackSourceLines(templates: readonly Template[], starts: readonly number[]): void {
  for (const node of templates) {
    let offset = node.token.begin;
    let verbatim = false;
    if (node.token.kind === TokenKind.HTML) {
      const { token } = node as unknown as HtmlNode;
      offset = token.begin + token.trimLeft;
      verbatim = true;
    } else if (node instanceof RawTag) {
      offset = node.token.end;
      verbatim = true;
    }
    const line = lineAt(starts, offset);
    const render = node.render;
    node.render = function (this: Template, ctx, emitter) {
      chargeStep(ctx);
      if (emitter instanceof SectionEmitter) emitter.at(line, verbatim);
      return render.call(this, ctx, emitter);
    };
    const children = (node as Template).children?.(false, true);
    if (children) trackSourceLines(toValueSync(children), starts);
  }
}

const parsed = new Map<string, Template[]>();

/** Line endings as Markdown and line numbers expect them. */
export function normalizeSource(source: string): string {
  return source.replace(/\r\n?/g, '\n');
}

/**
 * Parses Liquid once per distinct source text per process. Throws LiquidJS's own errors
 * (syntax, unknown filter or tag); `toTemplateError` turns them into TemplateErrors.
 */
export function parseSource(source: string): Template[] {
  const text = normalizeSource(source);
  const cached = parsed.get(text);
  if (cached) return cached;
  // Longer text is refused by LiquidJS's parseLimit (the engine's) before it is read.
  if (text.length > LIMITS.parseChars) return liquid.parse(text);
  // Read once: checked for nesting, then parsed.
  const starts = lineStarts(text);
  const tokens = readTopLevelTokens(liquid, text);
  checkNesting(tokens, starts);
  const templates = new Parser(liquid).parseTokens(tokens);
  trackSourceLines(templates, starts);
  if (parsed.size >= LIMITS.cachedTemplates) {
    const oldest = parsed.keys().next();
    if (!oldest.done) parsed.delete(oldest.value);
  }
  parsed.set(text, templates);
  return templates;
}

export interface RenderedSource {
  text: string;
  /** The source line a line of `text` (1-based) came from. */
  sourceLine(renderedLine: number): number;
}

export interface RenderSourceOptions {
  /** `performance.now()` by which rendering must end. */
  deadline: number;
  /** A section body (Markdown: data is escaped) rather than a plain line (title, heading). */
  markdown: boolean;
  /**
   * The narrative's budget, shared by its renders; without one, this render has a memory
   * budget of its own and counts no steps.
   */
  budget?: RenderBudget;
  /** Most characters the text may grow to, and what is capped, for the error (default: a section's cap). */
  limit?: { chars: number; scope: OutputScope; stated?: number };
}

/** What a template may read of `forloop`; the rest of a Drop (its methods, constructor) stays out of reach. */
const DROP_FIELDS: ReadonlySet<string> = new Set([
  'index',
  'index0',
  'rindex',
  'rindex0',
  'first',
  'last',
  'length',
]);

/**
 * LiquidJS lets templates call any method of a Drop (`forloop.toString`, `forloop.next`),
 * bypassing `ownPropertyOnly`; this context lets them read the loop fields and nothing else.
 */
class SandboxContext extends Context {
  override readProperty(obj: Parameters<Context['readProperty']>[0], key: unknown): unknown {
    if (obj instanceof Drop && !(typeof key === 'string' && DROP_FIELDS.has(key))) return undefined;
    return super.readProperty(obj, key as Parameters<Context['readProperty']>[1]);
  }
}

/** Renders parsed Liquid synchronously within the time, memory and output limits. */
export function renderSource(
  templates: Template[],
  scope: object,
  options: RenderSourceOptions,
): RenderedSource {
  const emitter = new SectionEmitter({
    limit: options.limit?.chars ?? LIMITS.outputChars,
    scope: options.limit?.scope ?? 'section',
    ...(options.limit?.stated === undefined ? {} : { stated: options.limit.stated }),
    markdown: options.markdown,
  });
  const ctx = new SandboxContext(
    scope,
    liquid.options,
    {
      sync: true,
      renderLimit: Math.max(1, options.deadline - performance.now()),
      memoryLimit: LIMITS.memory,
    },
    options.budget === undefined ? { liquid } : { liquid, memoryLimit: options.budget.memory },
  );
  ctx.setRegister(EMITTER_REGISTER, emitter);
  if (options.budget !== undefined) ctx.setRegister(BUDGET_REGISTER, options.budget);
  toValueSync(liquid.renderer.renderTemplates(templates, ctx, emitter));
  return { text: emitter.buffer, sourceLine: (line) => emitter.sourceLine(line) };
}
