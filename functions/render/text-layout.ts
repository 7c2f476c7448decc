import type { Inline } from '../document-model.js';
import { type FaceName, faceFor } from './fonts.js';
import { memoise } from './memo.js';
import { type ShapedText, shape } from './shaping.js';

/**
 * Inline text to lines: whitespace collapsed, styles mapped to faces, words measured with
 * the shared shaping cache, then filled greedily into lines (left-aligned, never
 * justified: justified text loses its spaces in the tag tree). Breaks fall only at
 * spaces, so a no-break space holds "£ 5" together; a word wider than the line is cut
 * (after punctuation where possible) rather than overflowing.
 */
export interface StyledRun {
  readonly text: string;
  readonly face: FaceName;
}

export interface Piece {
  readonly face: FaceName;
  readonly shaped: ShapedText;
  /** Width in points, including a trailing space. */
  readonly width: number;
  /** Width of the trailing space, 0 when the piece does not end in one. */
  readonly trailing: number;
}

export interface Line {
  readonly pieces: readonly Piece[];
  /** Width in points without the last trailing space (what alignment uses). */
  readonly width: number;
}

const COLLAPSIBLE = /[\s\u2028\u2029]+/g;
/** Invisible characters fontkit would hide or show as boxes. */
const IGNORABLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;
/** Any whitespace but the no-break spaces, which must not become break opportunities. */
const BREAKING_SPACE = /[^\S\u00a0\u202f\u2007]/;

/** Inline runs as styled text: final text only, never "undefined" or "[object Object]". */
export function styledRuns(
  content: readonly Inline[],
  base: { readonly bold?: boolean; readonly italic?: boolean } = {},
): StyledRun[] {
  const runs: StyledRun[] = [];
  let endsWithSpace = true;
  for (const inline of Array.isArray(content) ? content : []) {
    if (typeof inline?.text !== 'string') continue;
    let text = cleanText(inline.text);
    if (endsWithSpace) text = text.replace(/^ /, '');
    if (text.length === 0) continue;
    endsWithSpace = text.endsWith(' ');
    runs.push({
      text,
      face: faceFor(Boolean(base.bold || inline.bold), Boolean(base.italic || inline.italic)),
    });
  }
  const last = runs.at(-1);
  if (last?.text.endsWith(' ')) {
    const trimmed = last.text.trimEnd();
    if (trimmed.length === 0) runs.pop();
    else runs[runs.length - 1] = { ...last, text: trimmed };
  }
  return runs;
}

/** Plain text as one run in `faceName`. */
export function plainRun(text: string, faceName: FaceName): StyledRun[] {
  const cleaned = cleanText(text).trim();
  return cleaned.length === 0 ? [] : [{ text: cleaned, face: faceName }];
}

const cleaned = new Map<string, string>();

/**
 * NFC, invisible characters removed, whitespace runs (but not no-break spaces) as one
 * space. Memoised: the same paragraphs come back in every bid from a template.
 */
export function cleanText(text: string): string {
  let clean = cleaned.get(text);
  if (clean === undefined) {
    clean = text
      .normalize('NFC')
      .replace(IGNORABLE, '')
      .replace(COLLAPSIBLE, (spaces) => (BREAKING_SPACE.test(spaces) ? ' ' : spaces));
    memoise(cleaned, text, clean);
  }
  return clean;
}

export function breakLines(runs: readonly StyledRun[], size: number, maxWidth: number): Line[] {
  const lines: Line[] = [];
  let pieces: Piece[] = [];
  let width = 0;
  const finish = () => {
    if (pieces.length === 0) return;
    lines.push({ pieces, width: width - (pieces.at(-1)?.trailing ?? 0) });
    pieces = [];
    width = 0;
  };
  for (const word of words(runs, size)) {
    const wordWidth = sum(word);
    const trailing = word.at(-1)?.trailing ?? 0;
    if (pieces.length > 0 && width + wordWidth - trailing > maxWidth + 0.001) finish();
    if (pieces.length === 0 && wordWidth - trailing > maxWidth + 0.001) {
      const chunks = cutWord(word, size, maxWidth);
      for (const chunk of chunks.slice(0, -1)) {
        pieces = chunk;
        width = sum(chunk);
        finish();
      }
      pieces = chunks.at(-1) ?? [];
      width = sum(pieces);
      continue;
    }
    for (const item of word) pieces.push(item);
    width += wordWidth;
  }
  finish();
  return lines;
}

/** Width of the text on one line, and of its widest word: a table column's natural bounds. */
export function measureRuns(
  runs: readonly StyledRun[],
  size: number,
): { whole: number; longestWord: number } {
  let whole = 0;
  let longestWord = 0;
  let trailing = 0;
  for (const word of words(runs, size)) {
    const width = sum(word);
    trailing = word.at(-1)?.trailing ?? 0;
    whole += width;
    longestWord = Math.max(longestWord, width - trailing);
  }
  return { whole: whole - trailing, longestWord };
}

/** Pieces grouped into words: a word ends with a piece that ends in a space. */
function words(runs: readonly StyledRun[], size: number): Piece[][] {
  const found: Piece[][] = [];
  // Most words are one piece: `[piece]` is an array of one, where pushing into `[]` would
  // make room for 17.
  let current: Piece[] | undefined;
  for (const run of runs) {
    const cache = pieceCache(run.face, size);
    const { text } = run;
    let start = 0;
    while (start < text.length) {
      const space = text.indexOf(' ', start);
      const end = space < 0 ? text.length : space + 1;
      const item = cachedPiece(cache, run.face, text.slice(start, end), size);
      if (current) current.push(item);
      else current = [item];
      if (space >= 0) {
        found.push(current);
        current = undefined;
      }
      start = end;
    }
  }
  if (current) found.push(current);
  return found;
}

/** Measured pieces are immutable, so they are shared like shaped text: by face, size and text. */
const pieces = new Map<FaceName, Map<number, Map<string, Piece>>>();

function pieceCache(faceName: FaceName, size: number): Map<string, Piece> {
  let bySize = pieces.get(faceName);
  if (!bySize) {
    bySize = new Map();
    pieces.set(faceName, bySize);
  }
  let cache = bySize.get(size);
  if (!cache) {
    cache = new Map();
    bySize.set(size, cache);
  }
  return cache;
}

export function piece(faceName: FaceName, text: string, size: number): Piece {
  return cachedPiece(pieceCache(faceName, size), faceName, text, size);
}

function cachedPiece(
  cache: Map<string, Piece>,
  faceName: FaceName,
  text: string,
  size: number,
): Piece {
  let found = cache.get(text);
  if (!found) {
    const shaped = shape(faceName, text);
    found = Object.freeze({
      face: faceName,
      shaped,
      width: (shaped.width * size) / 1000,
      trailing: text.endsWith(' ') ? (shape(faceName, ' ').width * size) / 1000 : 0,
    });
    memoise(cache, text, found);
  }
  return found;
}

function sum(pieces: readonly Piece[]): number {
  let total = 0;
  for (const item of pieces) total += item.width;
  return total;
}

/** Characters after which a word too wide for the line is best cut: paths, ids, hyphens. */
const CUT_AFTER = new Set(['.', '/', '-', '_', ',', ':', '@', '–', '[', '&', '?', '=']);

/**
 * A word too wide for any line, cut into line-wide chunks: after the last punctuation
 * that fits (so "posts[0].period.from" breaks at a dot), else between characters.
 */
function cutWord(word: readonly Piece[], size: number, maxWidth: number): Piece[][] {
  const characters: { face: FaceName; text: string; width: number }[] = [];
  for (const item of word) {
    for (const character of item.shaped.text) {
      const width = (shape(item.face, character).width * size) / 1000;
      characters.push({ face: item.face, text: character, width });
    }
  }
  const chunks: Piece[][] = [];
  let start = 0;
  while (start < characters.length) {
    let end = start;
    let width = 0;
    let cut = -1;
    while (end < characters.length) {
      const character = characters[end];
      if (!character) break;
      const fits = width + character.width <= maxWidth || end === start || character.text === ' ';
      if (!fits) break;
      width += character.width;
      end += 1;
      if (CUT_AFTER.has(character.text)) cut = end;
    }
    if (end < characters.length && cut > start && cut - start >= (end - start) / 3) end = cut;
    chunks.push(toPieces(characters.slice(start, end), size));
    start = end;
  }
  return chunks;
}

function toPieces(characters: readonly { face: FaceName; text: string }[], size: number): Piece[] {
  const parts: { face: FaceName; text: string }[] = [];
  for (const character of characters) {
    const last = parts.at(-1);
    if (last && last.face === character.face) last.text += character.text;
    else parts.push({ face: character.face, text: character.text });
  }
  return parts.map((part) => piece(part.face, part.text, size));
}
