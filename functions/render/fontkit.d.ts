/**
 * The part of fontkit 2 (no published types) that the renderer and its tests touch: a face
 * opened for OpenType layout of the text the fast shaper leaves to it, and the metrics,
 * cmap and subsetter that the tests hold the renderer's own readers to.
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
    /** fontkit's subsetter; the renderer writes its own (truetype-subset.ts), checked against this. */
    createSubset(): {
      readonly glyphs: number[];
      includeGlyph(glyphId: number): number;
      encode(): Uint8Array;
    };
  }

  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
