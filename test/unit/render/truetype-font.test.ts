import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { FACE_NAMES, FONTS_DIRECTORY } from '../../../functions/render/fonts.js';
import { readTrueType } from '../../../functions/render/truetype-font.js';
import { FACE_FILES, type FaceName } from '../../../functions/render/typeface.js';

/** fontkit's parsed tables, as far as the reader's values come from them. */
interface FontkitTables {
  readonly 'OS/2': { readonly sFamilyClass: number };
  readonly post: { readonly isFixedPitch: number };
  readonly head: { readonly macStyle: { readonly italic: boolean } };
  readonly italicAngle: number;
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  getGlyph(id: number): { readonly advanceWidth: number };
}

const faces = FACE_NAMES.map((name: FaceName) => {
  const bytes = readFileSync(new URL(FACE_FILES[name].file, FONTS_DIRECTORY));
  const fontkit = create(bytes);
  return { name, ours: readTrueType(bytes), fontkit, tables: fontkit as Font & FontkitTables };
});

describe('Function: readTrueType', () => {
  it('reads the metrics pdfkit writes into the font descriptor as fontkit does, in every face', () => {
    for (const { name, ours, fontkit, tables } of faces) {
      // Assess
      expect(
        {
          postscriptName: ours.postscriptName,
          unitsPerEm: ours.unitsPerEm,
          ascent: ours.ascent,
          descent: ours.descent,
          lineGap: ours.lineGap,
          capHeight: ours.capHeight,
          xHeight: ours.xHeight,
          italicAngle: ours.italicAngle,
          bbox: { ...ours.bbox },
          numGlyphs: ours.numGlyphs,
          familyClass: ours.familyClass,
          isFixedPitch: ours.isFixedPitch,
          isItalic: ours.isItalic,
        },
        name,
      ).toEqual({
        postscriptName: fontkit.postscriptName,
        unitsPerEm: fontkit.unitsPerEm,
        ascent: fontkit.ascent,
        descent: fontkit.descent,
        lineGap: fontkit.lineGap,
        capHeight: fontkit.capHeight,
        xHeight: fontkit.xHeight,
        italicAngle: tables.italicAngle,
        bbox: { ...tables.bbox },
        numGlyphs: fontkit.numGlyphs,
        familyClass: tables['OS/2'].sFamilyClass,
        isFixedPitch: tables.post.isFixedPitch !== 0,
        isItalic: tables.head.macStyle.italic,
      });
    }
    expect(faces.filter(({ ours }) => ours.isItalic).map(({ name }) => name)).toEqual([
      'italic',
      'boldItalic',
    ]);
  });

  it('gives every glyph the advance fontkit gives it', () => {
    for (const { name, ours, tables } of faces) {
      for (let id = 0; id < ours.numGlyphs; id += 1) {
        // Assess
        expect(ours.getGlyph(id).advanceWidth, `${name} glyph ${id}`).toBe(
          tables.getGlyph(id).advanceWidth,
        );
      }
    }
  });

  it('maps every code point of the Basic Multilingual Plane to fontkit’s glyph', () => {
    for (const { name, ours, fontkit } of faces) {
      // Act
      const differing: string[] = [];
      let mapped = 0;
      for (let codePoint = 0; codePoint <= 0xffff; codePoint += 1) {
        const expected = fontkit.glyphForCodePoint(codePoint);
        const actual = ours.glyphForCodePoint(codePoint);
        if (actual.id !== 0) mapped += 1;
        if (
          actual.id !== expected.id ||
          ours.hasGlyphForCodePoint(codePoint) !== (expected.id !== 0)
        ) {
          differing.push(`U+${codePoint.toString(16)}: ${actual.id} not ${expected.id}`);
        }
      }
      // Assess
      expect(differing, name).toEqual([]);
      expect(mapped, `${name} maps the typeface's characters`).toBeGreaterThan(500);
    }
  });

  it('maps code points beyond the BMP as fontkit does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...faces),
        fc.integer({ min: 0x10000, max: 0x10ffff }),
        ({ ours, fontkit }, codePoint) => {
          expect(ours.glyphForCodePoint(codePoint).id).toBe(
            fontkit.glyphForCodePoint(codePoint).id,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a font whose Unicode cmap it cannot read, naming the format', () => {
    // Prepare: the regular face with its (3,1) and (0,3) subtables marked format 6.
    const bytes = new Uint8Array(readFileSync(new URL(FACE_FILES.regular.file, FONTS_DIRECTORY)));
    const view = new DataView(bytes.buffer);
    const cmap = faces[0]?.ours.tables.get('cmap')?.offset ?? 0;
    for (let i = 0; i < view.getUint16(cmap + 2); i += 1) {
      view.setUint16(cmap + view.getUint32(cmap + 4 + i * 8 + 4), 6);
    }

    // Act & Assess
    expect(() => readTrueType(bytes)).toThrow("the font's Unicode cmap has format 6");
  });
});
