import type { Token, Tokens } from 'marked';
import type { Inline } from '../document-model.js';

/** Builds the error for a construct Bidwright does not draw, located by its Markdown text. */
export type Refuse = (raw: string, detail: string) => Error;

interface Style {
  bold: boolean;
  italic: boolean;
}

/** Named entities worth writing in a bid; any numeric one (`&#8211;`, `&#x2013;`) works too. */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  pound: '\u00a3',
  euro: '\u20ac',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  deg: '\u00b0',
  plusmn: '\u00b1',
  times: '\u00d7',
  divide: '\u00f7',
  middot: '\u00b7',
  bull: '\u2022',
  frac12: '\u00bd',
  frac14: '\u00bc',
  frac34: '\u00be',
  sect: '\u00a7',
  para: '\u00b6',
  minus: '\u2212',
  shy: '\u00ad',
  thinsp: '\u2009',
};

/**
 * marked leaves text HTML-escaped (`AT&amp;T`) and named entities as written (`&ndash;`); one
 * pass turns both into the characters they stand for, so `&amp;ndash;` stays "&ndash;".
 */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g,
    (entity, body: string) => {
      if (body.startsWith('#')) {
        const code =
          body[1] === 'x' || body[1] === 'X'
            ? Number.parseInt(body.slice(2), 16)
            : Number(body.slice(1));
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
        return String.fromCodePoint(code);
      }
      return NAMED_ENTITIES[body] ?? entity;
    },
  );
}

function push(runs: Inline[], text: string, style: Style): void {
  if (text === '') return;
  runs.push({
    text,
    ...(style.bold ? { bold: true } : {}),
    ...(style.italic ? { italic: true } : {}),
  });
}

function collect(tokens: readonly Token[], style: Style, runs: Inline[], refuse: Refuse): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'text': {
        const text = token as Tokens.Text;
        if (text.tokens && text.tokens.length > 0) collect(text.tokens, style, runs, refuse);
        else push(runs, decodeEntities(text.text), style);
        break;
      }
      case 'escape':
        push(runs, (token as Tokens.Escape).text, style);
        break;
      case 'codespan':
        push(runs, (token as Tokens.Codespan).text, style);
        break;
      case 'br':
        push(runs, ' ', style);
        break;
      case 'strong':
        collect((token as Tokens.Strong).tokens, { ...style, bold: true }, runs, refuse);
        break;
      case 'em':
        collect((token as Tokens.Em).tokens, { ...style, italic: true }, runs, refuse);
        break;
      case 'link': {
        const link = token as Tokens.Link;
        // A web address written out (GFM's autolink) keeps its backslashes in Markdown, so
        // take away those that escaped a printed value's characters (escapeMarkdown).
        if (!/^[[<]/.test(link.raw))
          push(runs, link.text.replace(/\\([\\`*_[\]<>|~&#])/g, '$1'), style);
        else collect(link.tokens, style, runs, refuse);
        break;
      }
      case 'del':
        // A PDF of Bidwright has no strikethrough; keep the tildes so nothing silently changes meaning.
        push(runs, token.raw, style);
        break;
      case 'html':
        throw refuse(
          token.raw,
          /^<!--/.test(token.raw)
            ? 'HTML comments are not supported; use {% comment %} … {% endcomment %}'
            : `HTML is not supported (found ${token.raw.slice(0, 30)}); write plain Markdown`,
        );
      case 'image':
        throw refuse(token.raw, 'images are not supported; a chart block can draw a bar chart');
      default:
        throw refuse(token.raw, `this Markdown (${token.type}) is not supported`);
    }
  }
}

/**
 * Collapses whitespace, trims the ends and merges neighbouring runs of the same style. A
 * merged run's pieces are joined once at the end: appending to its text and then reading the
 * text's last character flattens V8's string every time, quadratic in a long paragraph.
 */
export function normalizeRuns(raw: readonly Inline[]): Inline[] {
  const merged: { run: Inline; pieces: string[] }[] = [];
  let afterSpace = true;
  for (const run of raw) {
    let text = run.text.replace(/[ \t\r\n\f]+/g, ' ');
    if (afterSpace && text.startsWith(' ')) text = text.slice(1);
    if (text === '') continue;
    const previous = merged.at(-1);
    if (previous && previous.run.bold === run.bold && previous.run.italic === run.italic) {
      previous.pieces.push(text);
    } else {
      merged.push({ run, pieces: [text] });
    }
    afterSpace = text.endsWith(' ');
  }
  const runs = merged.map(({ run, pieces }) => ({ ...run, text: pieces.join('') }));
  const last = runs.at(-1);
  if (last) last.text = last.text.replace(/ +$/, '');
  return runs;
}

/**
 * Markdown inline tokens → styled text runs: bold, italic (nested), links as their text,
 * inline code as plain text, line breaks as spaces.
 */
export function inlineRuns(tokens: readonly Token[], refuse: Refuse): Inline[] {
  const raw: Inline[] = [];
  collect(tokens, { bold: false, italic: false }, raw, refuse);
  return normalizeRuns(raw);
}

/** The plain text of some runs, for word counts and alt texts. */
export function runsText(runs: readonly Inline[]): string {
  return runs.map((run) => run.text).join('');
}
