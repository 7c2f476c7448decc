import { Lexer, type Token, type Tokens } from 'marked';
import type { Block, ColumnAlign, Inline, ListItem } from '../document-model.js';
import { parseChartBlock } from './chart-block.js';
import { inlineRuns, normalizeRuns, type Refuse } from './markdown-inline.js';
import { lineAt, lineStarts } from './source-lines.js';
import { TemplateError } from './template-error.js';

export interface MarkdownPlace {
  section: string;
  /**
   * The source line a line of the Markdown (1-based) came from. Liquid output is not the source:
   * loops repeat lines and false `if`s drop them, so the renderer supplies this map.
   */
  sourceLine?: (markdownLine: number) => number;
}

/** Nested list levels the PDF draws: a list, its sub-list, and one more. */
const MAX_LIST_DEPTH = 3;

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
  refuseIn(blockOffset: number, blockRaw: string): Refuse {
    return (raw, detail) => {
      const inner = blockRaw.indexOf(raw);
      const offset = blockOffset + (inner === -1 ? 0 : inner);
      return new TemplateError({
        kind: 'markdown',
        section: this.place.section,
        part: 'body',
        line: this.sourceLine(this.lineAt(offset)),
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

function listItems(list: Tokens.List, depth: number, refuse: Refuse): ListItem[] {
  if (depth > MAX_LIST_DEPTH) {
    throw refuse(list.raw, `lists nest at most ${MAX_LIST_DEPTH} levels deep`);
  }
  return list.items.map((item) => {
    if (item.task) {
      throw refuse(item.raw, 'task-list check boxes ([ ] and [x]) are not supported');
    }
    const content: Inline[] = [];
    const items: ListItem[] = [];
    for (const token of item.tokens) {
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
        items.push(...listItems(nested, depth + 1, refuse));
      } else if (token.type !== 'space') {
        throw refuse(
          token.raw,
          `a list item holds text and nested lists only, not ${describe(token)}`,
        );
      }
    }
    const text = normalizeRuns(content);
    if (text.length === 0 && items.length === 0) {
      throw refuse(item.raw, 'this list item is empty (a value that printed nothing?)');
    }
    return { content: text, items };
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
  try {
    return blocksOf(markdown, locator, place);
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    // Block quotes, lists or emphasis inside one another thousands of times exhaust the
    // reader's stack; say where, rather than fail the request as Bidwright's own fault.
    throw new TemplateError({
      kind: 'markdown',
      section: place.section,
      part: 'body',
      line: locator.sourceLine(deepestLine(markdown)),
      detail:
        'the Markdown nests too deeply to read (block quotes, lists or emphasis inside one another)',
      cause: error,
    });
  }
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
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
        blocks.push({ kind: 'heading', level, content });
        break;
      }
      case 'paragraph':
      case 'text': {
        const paragraph = token as Tokens.Paragraph;
        const content = inlineRuns(paragraph.tokens ?? [token], refuse);
        if (content.length > 0) blocks.push({ kind: 'paragraph', content });
        break;
      }
      case 'list': {
        const list = token as Tokens.List;
        blocks.push({
          kind: 'list',
          ordered: list.ordered,
          start: list.ordered && typeof list.start === 'number' ? list.start : 1,
          items: listItems(list, 1, refuse),
        });
        break;
      }
      case 'table': {
        const table = token as Tokens.Table;
        blocks.push({
          kind: 'table',
          header: cells(table.header, refuse),
          rows: table.rows.map((row) => cells(row, refuse)),
          align: table.align.map((align): ColumnAlign => align ?? 'left'),
        });
        break;
      }
      case 'code':
        blocks.push(codeBlock(token as Tokens.Code, start, locator, place.section));
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
