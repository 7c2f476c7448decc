import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { FACE_NAMES, FONTS_DIRECTORY } from '../../../functions/render/fonts.js';
import { readTrueType } from '../../../functions/render/truetype-font.js';
import { encodeTrueTypeSubset, TrueTypeSubset } from '../../../functions/render/truetype-subset.js';
import { FACE_FILES, type FaceName } from '../../../functions/render/typeface.js';

const faces = FACE_NAMES.map((name: FaceName) => {
  const bytes = readFileSync(new URL(FACE_FILES[name].file, FONTS_DIRECTORY));
  return { name, bytes, font: create(bytes) as Font };
});

/** Both subset files of `glyphs` (included in that order) and both final glyph lists. */
function bothSubsets(font: Font, bytes: Uint8Array, glyphs: readonly number[]) {
  const theirs = font.createSubset();
  const ours = new TrueTypeSubset();
  for (const glyph of glyphs) {
    theirs.includeGlyph(glyph);
    ours.includeGlyph(glyph);
  }
  return {
    expected: Buffer.from(theirs.encode()),
    actual: Buffer.from(encodeTrueTypeSubset(readTrueType(bytes), ours)),
    theirGlyphs: [...theirs.glyphs],
    ourGlyphs: [...ours.glyphs],
  };
}

/** numberOfContours < 0 in the font's glyph record (the fonts use 16-bit loca offsets). */
function isComposite(bytes: Uint8Array, glyph: number): boolean {
  const { view, tables } = readTrueType(bytes);
  const loca = tables.get('loca')?.offset ?? 0;
  const start = view.getUint16(loca + glyph * 2) * 2;
  const end = view.getUint16(loca + glyph * 2 + 2) * 2;
  return end > start && view.getInt16((tables.get('glyf')?.offset ?? 0) + start) < 0;
}

function glyphsOf(font: Font, text: string): number[] {
  return [...text].map((character) => font.glyphForCodePoint(character.codePointAt(0) ?? 0).id);
}

describe('Function: encodeTrueTypeSubset', () => {
  it("writes fontkit's subset file byte for byte, composite glyphs and all, in every face", () => {
    for (const { name, bytes, font } of faces) {
      // Prepare: accented capitals and Greek with tonos are composites in Noto Sans.
      const glyphs = glyphsOf(font, 'Ärzte £1,250 – “ÉÎÕŪ” ΆΈ Ώ ǹ fi Ș ½ №');
      const composites = glyphs.filter((id) => isComposite(bytes, id));

      // Act
      const { expected, actual, theirGlyphs, ourGlyphs } = bothSubsets(font, bytes, glyphs);

      // Assess
      expect(composites.length, `${name} has composite glyphs to test`).toBeGreaterThan(3);
      expect(ourGlyphs).toEqual(theirGlyphs);
      expect(actual.equals(expected), `${name}: the subset files differ`).toBe(true);
    }
  });

  it('writes the whole font as fontkit does', () => {
    for (const { name, bytes, font } of faces) {
      // Act
      const all = Array.from({ length: font.numGlyphs }, (_, id) => id);
      const { expected, actual } = bothSubsets(font, bytes, all);

      // Assess
      expect(actual.equals(expected), `${name}: the subset files differ`).toBe(true);
    }
  });

  it('writes what fontkit writes for any glyphs in any order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...faces),
        fc.array(fc.nat({ max: 1_100 }), { maxLength: 120 }),
        ({ bytes, font }, ids) => {
          // Prepare
          const glyphs = ids.map((id) => id % font.numGlyphs);

          // Act
          const { expected, actual, theirGlyphs, ourGlyphs } = bothSubsets(font, bytes, glyphs);

          // Assess
          expect(ourGlyphs).toEqual(theirGlyphs);
          expect(actual.equals(expected)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a file that is not a TrueType font', () => {
    // Prepare: a directory of one table, "name".
    const bytes = new Uint8Array(28);
    new DataView(bytes.buffer).setUint16(4, 1);
    bytes.set([0x6e, 0x61, 0x6d, 0x65], 12);

    // Act & Assess
    expect(() => readTrueType(bytes)).toThrow('the font has no head table');
  });
});
