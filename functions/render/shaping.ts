import { create, type Font } from 'fontkit';
import { UncoveredCharacterError } from './coverage.js';
import { type FaceName, face } from './fonts.js';
import { memoise } from './memo.js';
import type { Glyph } from './truetype-font.js';

/**
 * Text shaped once per process and face, then reused by every document. A shaped text is
 * frozen and never handed to pdfkit's own layout, which scales glyph positions in place:
 * sharing pdfkit-scaled runs between documents once made a second render grow from 5 to
 * 8 pages. The glyph writer only reads these values.
 *
 * Body text gets pair kerning and nothing else (no ligatures or contextual alternates):
 * one glyph per code point keeps text extraction exact, and it is what makes the fast
 * path possible. Text outside the fast path's character ranges goes to fontkit's OpenType
 * engine, which is loaded and given the face's file only then: in a bundle it is a file of
 * its own beside the function's code (infra/bidwright-function.ts).
 */
export interface ShapedText {
  readonly text: string;
  readonly glyphs: readonly Glyph[];
  /** Unicode of each glyph, taken from this text (fontkit caches a glyph's first code points). */
  readonly codePoints: readonly (readonly number[])[];
  /** Advance of each glyph after kerning, 1/1000 em. */
  readonly advances: readonly number[];
  /** Sum of the advances, 1/1000 em. */
  readonly width: number;
}

/** fontkit's default features minus ligatures, contextual alternates and mark positioning. */
export const FALLBACK_FEATURES: Readonly<Record<string, boolean>> = Object.freeze({
  liga: false,
  clig: false,
  calt: false,
  dlig: false,
  mark: false,
  mkmk: false,
});

const shapes = new Map<FaceName, Map<string, ShapedText>>();
/** Each face opened in fontkit, on the first text that needs it. */
const fontkitFaces = new Map<FaceName, Font>();

export function shape(faceName: FaceName, text: string): ShapedText {
  let cache = shapes.get(faceName);
  if (!cache) {
    cache = new Map();
    shapes.set(faceName, cache);
  }
  let shaped = cache.get(text);
  if (!shaped) {
    shaped = shapeUncached(faceName, text);
    memoise(cache, text, shaped);
  }
  return shaped;
}

/** Width of `text` in points at `size`. */
export function widthOf(faceName: FaceName, text: string, size: number): number {
  return (shape(faceName, text).width * size) / 1000;
}

/** Shapes `text`; UncoveredCharacterError when the face has no glyph for one of its characters. */
export function shapeUncached(faceName: FaceName, text: string): ShapedText {
  const shaped = shapeWithKerning(faceName, text) ?? shapeWithFontkit(faceName, text);
  if (shaped.glyphs.some((glyph) => glyph.id === 0)) {
    const { trueType } = face(faceName);
    for (const character of text) {
      if (!trueType.hasGlyphForCodePoint(character.codePointAt(0) as number)) {
        throw new UncoveredCharacterError(character, text);
      }
    }
  }
  return shaped;
}

/** `[codePoint]`, frozen, one per code point: the fast path's glyphs each map to one. */
const singleCodePoints = new Map<number, readonly number[]>();

function singleCodePoint(codePoint: number): readonly number[] {
  let points = singleCodePoints.get(codePoint);
  if (points === undefined) {
    points = Object.freeze([codePoint]);
    singleCodePoints.set(codePoint, points);
  }
  return points;
}

/** The fast path: cmap and GPOS pair kerning; undefined when the text needs more. */
export function shapeWithKerning(faceName: FaceName, text: string): ShapedText | undefined {
  const codePoints: (readonly number[])[] = [];
  const glyphs: Glyph[] = [];
  const ids: number[] = [];
  const advances: number[] = [];
  const { trueType, kerning, scale } = face(faceName);
  // Every fast code point is in the BMP, so a UTF-16 unit that is one is a whole character
  // (a surrogate is not one, and sends the text to fontkit).
  for (let i = 0; i < text.length; i += 1) {
    const codePoint = text.charCodeAt(i);
    if (!isFastCodePoint(codePoint)) return undefined;
    const glyph = trueType.glyphForCodePoint(codePoint);
    codePoints.push(singleCodePoint(codePoint));
    glyphs.push(glyph);
    ids.push(glyph.id);
    advances.push(glyph.advanceWidth);
  }
  if (kerning.isComplex(ids)) return undefined;
  kerning.apply(ids, advances);
  return freeze(text, glyphs, codePoints, advances, scale);
}

export function shapeWithFontkit(faceName: FaceName, text: string): ShapedText {
  const { bytes, scale } = face(faceName);
  let font = fontkitFaces.get(faceName);
  if (!font) {
    font = create(bytes);
    fontkitFaces.set(faceName, font);
  }
  const run = font.layout(text, { ...FALLBACK_FEATURES });
  const characters = [...text].map((character) => [character.codePointAt(0) as number]);
  const oneToOne = characters.length === run.glyphs.length;
  const codePoints = run.glyphs.map((glyph, index) =>
    Object.freeze(oneToOne ? (characters[index] as number[]) : [...glyph.codePoints]),
  );
  const advances = run.positions.map((position) => position.xAdvance);
  const glyphs = run.glyphs.map(({ id, advanceWidth }) => ({ id, advanceWidth }));
  return freeze(text, glyphs, codePoints, advances, scale);
}

/**
 * The shaped text, frozen; the arrays are the caller's fresh ones, frozen where they are.
 * Each glyph's code points must be frozen already.
 */
function freeze(
  text: string,
  glyphs: readonly Glyph[],
  codePoints: readonly (readonly number[])[],
  fontUnitAdvances: readonly number[],
  scale: number,
): ShapedText {
  const advances: number[] = [];
  let width = 0;
  for (let i = 0; i < fontUnitAdvances.length; i += 1) {
    const advance = (fontUnitAdvances[i] as number) * scale;
    advances.push(advance);
    width += advance;
  }
  return Object.freeze({
    text,
    glyphs: Object.freeze(glyphs),
    codePoints: Object.freeze(codePoints),
    advances: Object.freeze(advances),
    width,
  });
}

/**
 * Latin, Latin-1, Latin Extended-A/B, general punctuation and currency signs: scripts
 * where fontkit's default shaping does nothing but kern (checked in the unit tests).
 * The fraction slash (U+2044) is left out (fontkit builds fractions around it), and the
 * soft hyphen, which fontkit hides.
 */
function isFastCodePoint(codePoint: number): boolean {
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0x24f && codePoint !== 0xad) ||
    (codePoint >= 0x2010 && codePoint <= 0x2027) ||
    (codePoint >= 0x2030 && codePoint <= 0x205e && codePoint !== 0x2044) ||
    (codePoint >= 0x20a0 && codePoint <= 0x20c0) ||
    codePoint === 0x2122
  );
}
