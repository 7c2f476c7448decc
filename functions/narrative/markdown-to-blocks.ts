import { Lexer, type Token, type Tokens } from 'marked';
import type { Block, ColumnAlign, Inline, ListItem } from '../document-model.js';
import { groupDigits } from '../group-digits.js';
import { parseChartBlock } from './chart-block.js';
import { closesFence, type Fence, openingFence } from './fences.js';
import { inlineRuns, normalizeRuns, type Refuse } from './markdown-inline.js';
import { lineAt, lineBreaks, lineStarts } from './source-lines.js';
import { TemplateError } from './template-error.js';

export interface MarkdownPlace {
  section: string;
  /**
   * The source line a line of the Markdown (1-based) came from. Liquid output is not the source:
   * loops repeat lines and false `if`s drop them, so the renderer supplies this map.
   */
  sourceLine?: (markdownLine: number) => number;
  /**
   * Filled with the source line of each block made, for what shows only when the block is
   * drawn (a chart too tall for a page).
   */
  blockLines?: Map<Block, number>;
}

/** Nested list levels the PDF draws: a list, its sub-list, and one more. */
const MAX_LIST_DEPTH = 3;

/**
 * Bounds that keep reading a section's Markdown fast and its tables drawable. The Markdown
 * reader slows down with the square of the text when a paragraph holds thousands of `*`, `_`
 * or `~`, a line tens of thousands of characters, a list item's text or any text without a
 * blank line thousands of lines; and it recurses once per level of list or quote markers.
 * Chart YAML, inside its fence, is not Markdown and is bounded on its own.
 */
export const MARKDOWN_LIMITS = {
  /** Characters of one line. */
  lineChars: 20_000,
  /** Characters of a sub-heading's text: a heading is drawn whole, so it must fit on a page. */
  headingChars: 200,
  /** Lines of text with no blank line between them: a paragraph, a list, a table. */
  runLines: 2_000,
  /** Lines of one list item's text after the line of its marker, blank lines aside. */
  itemLines: 300,
  /** `*`, `_` and `~` in a section's text, not counting escaped ones (data is escaped) or list bullets. */
  emphasisMarks: 1_000,
  /** List or quote markers opening one line, e.g. `- - - item` or `> > text`. */
  lineMarkers: 8,
  /** Indentation of a line with text, in columns (a tab counts 4). */
  indentColumns: 40,
  tableRows: 200,
  tableColumns: 10,
} as const;

/** Where the markers (`-`, `*`, `+`, `1.`, `>`) opening a line end, and how many there are. */
function leadingMarkers(line: string): { count: number; end: number } {
  let at = 0;
  let count = 0;
  for (;;) {
    while (line[at] === ' ' || line[at] === '\t') at += 1;
    if (line[at] === '>') {
      count += 1;
      at += 1;
      continue;
    }
    const marker = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/.exec(line.slice(at, at + 11));
    if (!marker) return { count, end: at };
    count += 1;
    at += marker[0].length;
  }
}

function indentColumns(line: string): number {
  let columns = 0;
  for (const char of line) {
    if (char === ' ') columns += 1;
    else if (char === '\t') columns += 4 - (columns % 4);
    else break;
  }
  return columns;
}

/** Refuses Markdown beyond MARKDOWN_LIMITS before the Markdown reader sees it. */
function checkMarkdownBounds(markdown: string, locator: Locator, section: string): void {
  const refuse = (offset: number, detail: string) =>
    new TemplateError({
      kind: 'limit',
      section,
      part: 'body',
      line: locator.sourceLine(locator.lineAt(offset)),
      detail,
    });
  let marks = 0;
  let offset = 0;
  // The fenced block being read.
  let fence: Fence | undefined;
  // The lines of text in a row: where the first starts and how many there are.
  const run = { start: 0, lines: 0 };
  // The list item being read: where its marker's line starts and how many lines follow it.
  let item: { start: number; lines: number } | undefined;
  let afterBlank = false;
  for (const line of markdown.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    if (line.trim() === '') {
      afterBlank = true;
      run.lines = 0;
      continue;
    }
    fence = openingFence(line)?.fence;
    if (fence) {
      run.lines = 0;
      continue;
    }
    const indent = indentColumns(line);
    if (indent > MARKDOWN_LIMITS.indentColumns) {
      throw refuse(
        start,
        `this line is indented by ${indent} columns, more than ${MARKDOWN_LIMITS.indentColumns}; lists nest at most ${MAX_LIST_DEPTH} levels deep`,
      );
    }
    const markers = leadingMarkers(line);
    if (markers.count > MARKDOWN_LIMITS.lineMarkers) {
      throw refuse(
        start,
        `this line opens ${markers.count} list or quote markers, more than ${MARKDOWN_LIMITS.lineMarkers}; lists nest at most ${MAX_LIST_DEPTH} levels deep`,
      );
    }
    if (run.lines === 0) run.start = start;
    if (++run.lines > MARKDOWN_LIMITS.runLines) {
      throw refuse(
        run.start,
        `the text from this line runs on for more than ${groupDigits(MARKDOWN_LIMITS.runLines)} lines without a blank line; put blank lines between paragraphs, or split the list or table`,
      );
    }
    if (markers.count > 0) {
      item = { start, lines: 0 };
    } else if (item && afterBlank && indent === 0) {
      item = undefined; // a paragraph of its own: the list has ended
    } else if (item && ++item.lines > MARKDOWN_LIMITS.itemLines) {
      throw refuse(
        item.start,
        `this list item's text runs on for more than ${MARKDOWN_LIMITS.itemLines} lines; start a new item, or end the list with a blank line`,
      );
    }
    afterBlank = false;
    for (const match of line.slice(markers.end).matchAll(/\\[\s\S]|[*_~]/g)) {
      if (match[0].length === 1) marks += 1;
      if (marks > MARKDOWN_LIMITS.emphasisMarks) {
        throw refuse(
          start,
          `the section has more than ${groupDigits(MARKDOWN_LIMITS.emphasisMarks)} emphasis marks (*, _ or ~); write fewer, or escape them as \\* \\_ \\~`,
        );
      }
    }
    if (line.length > MARKDOWN_LIMITS.lineChars) {
      throw refuse(
        start,
        `this line has ${groupDigits(line.length)} characters, more than ${groupDigits(MARKDOWN_LIMITS.lineChars)}; break it into paragraphs`,
      );
    }
  }
}

class Locator {
  private readonly starts: number[];

  constructor(
    markdown: string,
    private readonly place: MarkdownPlace,
  ) {
    this.starts = lineStarts(markdown);
  }

  /** The Markdown line (1-based) of an offset. */
  lineAt(offset: number): number {
    return lineAt(this.starts, offset);
  }

  sourceLine(markdownLine: number): number {
    return this.place.sourceLine ? this.place.sourceLine(markdownLine) : markdownLine;
  }

  /** A refusal for something inside the block starting at `blockOffset`, found by its raw text. */
  refuseIn(blockOffset: number, blockRaw: string, kind: 'markdown' | 'limit' = 'markdown'): Refuse {
    return this.refuseAt(this.lineAt(blockOffset), blockRaw, kind);
  }

  /**
   * A refusal for something inside the block whose first line is Markdown line `blockLine`,
   * found by its raw text. The block's text may be a list item's, without the item's
   * indentation: its lines are still the item's lines, one for one.
   */
  refuseAt(blockLine: number, blockRaw: string, kind: 'markdown' | 'limit' = 'markdown'): Refuse {
    return (raw, detail) => {
      const inner = blockRaw.indexOf(raw);
      return new TemplateError({
        kind,
        section: this.place.section,
        part: 'body',
        line: this.sourceLine(blockLine + lineBreaks(blockRaw.slice(0, Math.max(inner, 0)))),
        detail,
      });
    };
  }
}

function headingLevel(token: Tokens.Heading, refuse: Refuse): 2 | 3 | 4 {
  if (token.depth === 1) {
    throw refuse(
      token.raw,
      'a level-1 heading (# or ===) is not allowed: the section heading comes from the manifest; start sub-headings at ##',
    );
  }
  if (token.depth > 4) {
    throw refuse(token.raw, `headings go down to #### (level 4); this one is level ${token.depth}`);
  }
  return token.depth as 2 | 3 | 4;
}

/**
 * The items of `list`, whose first line is Markdown line `line`. Marked gives the tokens inside
 * an item without the item's indentation, so they are found in the source by counting lines:
 * an item starts where the one before it ends, and so does each token inside it.
 */
function listItems(list: Tokens.List, depth: number, line: number, locator: Locator): ListItem[] {
  if (depth > MAX_LIST_DEPTH) {
    throw locator.refuseAt(line, list.raw)(
      list.raw,
      `lists nest at most ${MAX_LIST_DEPTH} levels deep`,
    );
  }
  let itemLine = line;
  return list.items.map((item) => {
    const refuseItem = locator.refuseAt(itemLine, item.raw);
    let tokenLine = itemLine;
    itemLine += lineBreaks(item.raw);
    if (item.task) {
      throw refuseItem(item.raw, 'task-list check boxes ([ ] and [x]) are not supported');
    }
    const content: Inline[] = [];
    const items: ListItem[] = [];
    let start: number | undefined;
    for (const token of item.tokens) {
      const tokenAt = tokenLine;
      tokenLine += lineBreaks(token.raw);
      const refuse = locator.refuseAt(tokenAt, token.raw);
      if (token.type === 'text' || token.type === 'paragraph') {
        const tokens = (token as Tokens.Text).tokens ?? [token];
        // Paragraphs of one item (a "loose" list) run on as one text.
        content.push({ text: ' ' }, ...inlineRuns(tokens, refuse));
      } else if (token.type === 'list') {
        const nested = token as Tokens.List;
        if (nested.ordered !== list.ordered) {
          throw refuse(
            nested.raw,
            'a list nested in another must be of the same kind (numbered in numbered, bullets in bullets)',
          );
        }
        const first = nested.ordered && typeof nested.start === 'number' ? nested.start : 1;
        const nestedItems = listItems(nested, depth + 1, tokenAt, locator);
        const [head] = nestedItems;
        if (items.length === 0) {
          if (nested.ordered) start = first;
        } else if (nested.ordered && head) {
          // A second list in the same item, after a paragraph: it counts from its own start.
          head.number = first;
        }
        items.push(...nestedItems);
      } else if (token.type !== 'space') {
        throw refuse(
          token.raw,
          `a list item holds text and nested lists only, not ${describe(token)}`,
        );
      }
    }
    const text = normalizeRuns(content);
    if (text.length === 0 && items.length === 0) {
      throw refuseItem(item.raw, 'this list item is empty (a value that printed nothing?)');
    }
    return { content: text, items, ...(start === undefined || start === 1 ? {} : { start }) };
  });
}

function describe(token: Token): string {
  switch (token.type) {
    case 'code':
      return 'a code block';
    case 'table':
      return 'a table';
    case 'heading':
      return 'a heading';
    case 'blockquote':
      return 'a block quote';
    case 'html':
      return 'HTML';
    default:
      return `"${token.type}"`;
  }
}

function cells(cells: readonly Tokens.TableCell[], refuse: Refuse): Inline[][] {
  return cells.map((cell) => inlineRuns(cell.tokens, refuse));
}

function codeBlock(token: Tokens.Code, offset: number, locator: Locator, section: string): Block {
  const refuse = locator.refuseIn(offset, token.raw);
  const lang = (token.lang ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (token.codeBlockStyle === 'indented') {
    throw refuse(
      token.raw,
      'text indented by four or more spaces is a code block in Markdown; remove the indentation (Liquid tags may be indented, text may not)',
    );
  }
  if (lang !== 'chart') {
    throw refuse(
      token.raw,
      lang === ''
        ? 'code blocks are not supported; only ```chart blocks are drawn'
        : `code blocks are not supported (found \`\`\`${lang}); only \`\`\`chart blocks are drawn`,
    );
  }
  const fenceLine = locator.lineAt(offset);
  return parseChartBlock(token.text, {
    section,
    sourceLine: (yamlLine) => locator.sourceLine(fenceLine + yamlLine),
  });
}

/**
 * Markdown (GFM, after Liquid) → the document model's blocks. Drawn: ##–#### headings,
 * paragraphs, bold/italic, bullet and numbered lists (three levels), GFM tables and ```chart
 * blocks. Refused with a TemplateError of kind 'markdown' at its line: a # heading, HTML,
 * images, block quotes, other code blocks (including text indented four spaces), horizontal
 * rules and task lists. Links become their text, inline code plain text, `~~x~~` stays as typed.
 */
export function markdownToBlocks(markdown: string, place: MarkdownPlace): Block[] {
  const locator = new Locator(markdown, place);
  checkMarkdownBounds(markdown, locator, place.section);
  try {
    return blocksOf(markdown, locator, place);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // Whatever the bounds let through that still nests beyond the stack of the reader (or of
    // the conversion to blocks): say where, rather than fail the request as Bidwright's fault.
    throw new TemplateError({
      kind: 'limit',
      section: place.section,
      part: 'body',
      line: locator.sourceLine(deepestLine(markdown)),
      detail:
        'the Markdown nests too deeply to read (markers, brackets, block quotes, lists or emphasis inside one another)',
      cause: error,
    });
  }
}

/** The line (1-based) with the most nesting markers or the longest run of emphasis marks. */
function deepestLine(markdown: string): number {
  let deepest = 1;
  let most = -1;
  for (const [index, line] of markdown.split('\n').entries()) {
    const markers = /^[\s>*+\-\d.)]*/.exec(line)?.[0].replace(/\s/g, '').length ?? 0;
    const runs = line.match(/[*_[\]]+/g) ?? [];
    const depth = Math.max(markers, ...runs.map((run) => run.length));
    if (depth > most) {
      most = depth;
      deepest = index + 1;
    }
  }
  return deepest;
}

function blocksOf(markdown: string, locator: Locator, place: MarkdownPlace): Block[] {
  const tokens = new Lexer({ gfm: true, breaks: false }).lex(markdown);
  const blocks: Block[] = [];
  const add = (block: Block, offset: number) => {
    blocks.push(block);
    place.blockLines?.set(block, locator.sourceLine(locator.lineAt(offset)));
  };
  let offset = 0;
  for (const token of tokens) {
    const start = offset;
    offset += token.raw.length;
    const refuse = locator.refuseIn(start, token.raw);
    switch (token.type) {
      case 'space':
      case 'def':
        break;
      case 'heading': {
        const heading = token as Tokens.Heading;
        const level = headingLevel(heading, refuse);
        const content = inlineRuns(heading.tokens, refuse);
        if (content.length === 0) throw refuse(heading.raw, 'this heading has no text');
        const chars = content.reduce((count, run) => count + run.text.length, 0);
        if (chars > MARKDOWN_LIMITS.headingChars) {
          const tooLong = locator.refuseIn(start, token.raw, 'limit');
          throw tooLong(
            heading.raw,
            `this heading has ${groupDigits(chars)} characters, more than ${MARKDOWN_LIMITS.headingChars}; a heading is drawn whole on one page, so put the rest in a paragraph under it`,
          );
        }
        add({ kind: 'heading', level, content }, start);
        break;
      }
      case 'paragraph':
      case 'text': {
        const paragraph = token as Tokens.Paragraph;
        const content = inlineRuns(paragraph.tokens ?? [token], refuse);
        if (content.length > 0) add({ kind: 'paragraph', content }, start);
        break;
      }
      case 'list': {
        const list = token as Tokens.List;
        add(
          {
            kind: 'list',
            ordered: list.ordered,
            start: list.ordered && typeof list.start === 'number' ? list.start : 1,
            items: listItems(list, 1, locator.lineAt(start), locator),
          },
          start,
        );
        break;
      }
      case 'table': {
        const table = token as Tokens.Table;
        const tooLarge = locator.refuseIn(start, token.raw, 'limit');
        if (table.header.length > MARKDOWN_LIMITS.tableColumns) {
          throw tooLarge(
            table.raw,
            `this table has ${table.header.length} columns; a table may have at most ${MARKDOWN_LIMITS.tableColumns}`,
          );
        }
        if (table.rows.length > MARKDOWN_LIMITS.tableRows) {
          throw tooLarge(
            table.raw,
            `this table has ${table.rows.length} rows; a table may have at most ${MARKDOWN_LIMITS.tableRows}`,
          );
        }
        add(
          {
            kind: 'table',
            header: cells(table.header, refuse),
            rows: table.rows.map((row) => cells(row, refuse)),
            align: table.align.map((align): ColumnAlign => align ?? 'left'),
          },
          start,
        );
        break;
      }
      case 'code':
        add(codeBlock(token as Tokens.Code, start, locator, place.section), start);
        break;
      case 'blockquote':
        throw refuse(
          token.raw,
          'block quotes (>) are not supported; write the quotation as a paragraph in quotation marks',
        );
      case 'html':
        throw refuse(
          token.raw,
          /^\s*<!--/.test(token.raw)
            ? 'HTML comments are not supported; use {% comment %} … {% endcomment %}'
            : 'HTML is not supported; write plain Markdown',
        );
      case 'hr':
        throw refuse(
          token.raw,
          'horizontal rules (---, ***) are not supported; a blank line separates paragraphs',
        );
      default:
        throw refuse(token.raw, `this Markdown (${token.type}) is not supported`);
    }
  }
  return blocks;
}
