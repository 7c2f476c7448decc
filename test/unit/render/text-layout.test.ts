import { describe, expect, it } from 'vitest';
import { FACE_NAMES } from '../../../functions/render/fonts.js';
import {
  formatNumber,
  parseBidDate,
  writtenDate,
  writtenTimestamp,
} from '../../../functions/render/format.js';
import { shape, shapeWithFontkit, shapeWithKerning } from '../../../functions/render/shaping.js';
import { breakLines, plainRun, styledRuns } from '../../../functions/render/text-layout.js';

const LATIN = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index)),
  ...'ÀÅÆÇÉËÏÑÖØÜßàåæçéëïñöøüŁłŒœŠšŽž–—‘’“”•…€£',
];

describe('shape', () => {
  it('kerns Latin text exactly as fontkit’s layout does, without fontkit', () => {
    // Prepare
    const pairs = LATIN.flatMap((first) => LATIN.map((second) => `${first}${second}`));
    for (const faceName of FACE_NAMES) {
      for (const text of [...pairs, 'AVATAR Ta To Yo', 'Zoë Ångström-Łukasiewicz – £']) {
        // Act
        const fast = shapeWithKerning(faceName, text);
        // Assess
        expect(fast, `${faceName} "${text}" takes the fast path`).toBeDefined();
        const reference = shapeWithFontkit(faceName, text);
        expect(fast?.glyphs.map((glyph) => glyph.id)).toEqual(
          reference.glyphs.map((glyph) => glyph.id),
        );
        expect(fast?.advances).toEqual(reference.advances);
      }
    }
  });

  it('leaves text that fontkit would substitute to fontkit', () => {
    // Act and assess: Greek is outside the fast ranges.
    expect(shapeWithKerning('regular', 'αβγ')).toBeUndefined();
    expect(shape('regular', 'αβγ').glyphs).toHaveLength(3);
    // A character beyond the BMP, and half of one, whatever the text around them.
    expect(shapeWithKerning('regular', 'A\u{1D400}B')).toBeUndefined();
    expect(shapeWithKerning('regular', 'A\uD835B')).toBeUndefined();
  });

  it('shares one frozen shaping between documents, so no one can rescale it in place', () => {
    // Act
    const first = shape('bold', 'Progression ');
    const second = shape('bold', 'Progression ');
    // Assess
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.advances)).toBe(true);
    expect(first.codePoints.every((points) => Object.isFrozen(points))).toBe(true);
    expect(shape('regular', 'αβγ').codePoints.every((points) => Object.isFrozen(points))).toBe(
      true,
    );
    expect(first.codePoints.map(([codePoint]) => codePoint)).toEqual(
      [...'Progression '].map((character) => character.codePointAt(0)),
    );
  });
});

describe('breakLines', () => {
  it('fills lines up to the width and never past it', () => {
    // Prepare
    const runs = styledRuns([
      { text: 'The programme holds ' },
      { text: 'forty-one', bold: true },
      { text: ' posts for the training years 2026 to 2027.' },
    ]);
    // Act
    const lines = breakLines(runs, 10.5, 120);
    // Assess
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(120);
    const text = lines.map((line) => line.pieces.map((item) => item.shaped.text).join('')).join('');
    expect(text).toBe('The programme holds forty-one posts for the training years 2026 to 2027.');
    expect(
      lines.flatMap((line) => line.pieces).find((item) => item.shaped.text === 'forty-one')?.face,
    ).toBe('bold');
  });

  it('cuts a word wider than the line after punctuation rather than overflowing', () => {
    // Act
    const lines = breakLines(
      plainRun('programme.progression[1].breakdown[0].count', 'regular'),
      9,
      110,
    );
    // Assess
    const texts = lines.map((line) => line.pieces.map((item) => item.shaped.text).join(''));
    expect(texts.join('')).toBe('programme.progression[1].breakdown[0].count');
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(110);
    expect(texts.slice(0, -1).every((text) => /[.[\]]$/.test(text))).toBe(true);
  });
});

describe('styledRuns', () => {
  it('collapses whitespace, keeps no-break spaces and drops values that are not text', () => {
    // Act
    const runs = styledRuns([
      { text: '  Forty-one\n\tposts ' },
      { text: ' cost £\u00a05', italic: true },
      { text: undefined } as unknown as { text: string },
      { text: { toString: () => '[object Object]' } } as unknown as { text: string },
    ]);
    // Assess
    expect(runs).toEqual([
      { text: 'Forty-one posts ', face: 'regular' },
      { text: 'cost £\u00a05', face: 'italic' },
    ]);
  });
});

describe('format', () => {
  it('prints a dash, never NaN, for values that are not finite numbers', () => {
    // Act and assess
    expect(formatNumber(1234.5)).toBe('1,234.5');
    expect(formatNumber(Number.NaN)).toBe('–');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('–');
    expect(formatNumber(undefined)).toBe('–');
  });

  it('writes dates out and refuses a date that does not exist', () => {
    // Act and assess
    expect(writtenDate(parseBidDate('2026-11-24'))).toBe('24 November 2026');
    expect(writtenTimestamp('2026-11-01T09:00:00.000Z')).toBe('1 November 2026, 09:00 UTC');
    expect(writtenTimestamp('not a time')).toBe('not a time');
    expect(() => parseBidDate('2026-02-30')).toThrow(RangeError);
    expect(() => parseBidDate('24/11/2026')).toThrow(RangeError);
  });
});
