/**
 * The part of fontkit 2 (no published types) that the renderer touches: parsing a TTF,
 * its metrics, cmap look-up, and OpenType layout for text the fast shaper leaves to it.
 */
declare module 'fontkit' {
  export interface Glyph {
    readonly id: number;
    /** Advance in font units. */
    readonly advanceWidth: number;
    /** The code points fontkit first met this (cached) glyph with. */
    readonly codePoints: number[];
  }

  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }

  export interface GlyphRun {
    readonly glyphs: Glyph[];
    readonly positions: GlyphPosition[];
    readonly advanceWidth: number;
  }

  export interface Font {
    readonly postscriptName: string;
    readonly unitsPerEm: number;
    readonly ascent: number;
    readonly descent: number;
    readonly lineGap: number;
    readonly capHeight: number;
    readonly xHeight: number;
    readonly numGlyphs: number;
    /** Parsed tables, decoded by fontkit on first access. */
    readonly 'OS/2': unknown;
    readonly head: unknown;
    readonly hhea: unknown;
    readonly post: unknown;
    readonly maxp: unknown;
    readonly hmtx: unknown;
    glyphsForString(text: string): Glyph[];
    glyphForCodePoint(codePoint: number): Glyph;
    layout(text: string, features?: string[] | Record<string, boolean>): GlyphRun;
    hasGlyphForCodePoint(codePoint: number): boolean;
    /** fontkit's subsetter; the renderer writes the subset file itself (truetype-subset.ts). */
    createSubset(): {
      readonly glyphs: number[];
      includeGlyph(glyphId: number): number;
      encode(): Uint8Array;
    };
  }

  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
