import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BidDocument } from '../../../functions/document-model.js';
import { UncoveredCharacterError } from '../../../functions/render/coverage.js';
import { FACE_NAMES, FONTS_DIRECTORY, face } from '../../../functions/render/fonts.js';
import { renderBidPdf } from '../../../functions/render/render-bid-pdf.js';
import { FACE_FILES } from '../../../functions/render/typeface.js';
import { subsetFace } from '../../../scripts/subset-face.js';
import { exampleBidDocument, withParagraph } from '../../fixtures/example-bid-document.js';
import { readPdf } from './pdf-text.js';

/** Characters UK programme figures and prose use, which every face must print. */
const MUST_PRINT = [
  ...'ABCXYZabcxyz0123456789 .,;:!?()[]{}/\\@#%&*+-=_\'"',
  ...'£€$¥ – — ‘ ’ “ ” • … · ° ± × ÷ − ½ ¼ ¾ ² ³ µ ™ © ® №',
  ...'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ',
  ...'ĀāĂăĄąĆćČčĎďĐđĒēĘęĚěĞğĪīİıŁłŃńŇňŐőŒœŘřŚśŞşŠšŢţŤťŪūŮůŰűŸŹźŻżŽž',
  ...'ȘșȚț',
  ...'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψω',
].filter((character) => character !== ' ');

function withProgrammeName(name: string): BidDocument {
  return { ...exampleBidDocument, programmeName: name };
}

describe('the bid typeface', () => {
  it('is exactly what `npm run fonts` cuts from the pinned Noto Sans package', async () => {
    for (const name of FACE_NAMES) {
      // Act
      const expected = await subsetFace(name);
      const committed = readFileSync(new URL(FACE_FILES[name].file, FONTS_DIRECTORY));
      // Assess
      expect(committed.equals(expected), `${FACE_FILES[name].file} is out of date`).toBe(true);
    }
  });

  it('has a glyph in every face for the characters programme figures and prose use', () => {
    for (const name of FACE_NAMES) {
      const missing = MUST_PRINT.filter(
        (character) =>
          !face(name).trueType.hasGlyphForCodePoint(character.codePointAt(0) as number),
      );
      expect(missing, name).toEqual([]);
    }
  });

  it('prints Greek and symbols in running text', async () => {
    // Act
    const pdf = await renderBidPdf(
      withParagraph(exampleBidDocument, 1, 'Effect sizes: α < 0.05, β ± 2σ, ½ of £1m, −3 °C.'),
    );
    // Assess
    expect((await readPdf(pdf.bytes)).text).toContain('α < 0.05, β ± 2σ, ½ of £1m, −3 °C.');
  });

  it('refuses a character it cannot print, naming it, its code point and the section', async () => {
    // Act
    const refusal = renderBidPdf(
      withParagraph(exampleBidDocument, 1, 'Partnership with 北京协和医学院 since 2019, p ≤ 0.05'),
    );
    // Assess
    await expect(refusal).rejects.toBeInstanceOf(UncoveredCharacterError);
    await expect(refusal).rejects.toMatchObject({
      section: exampleBidDocument.sections[1]?.id,
      character: '北',
      codePoint: 'U+5317',
    });
    await expect(refusal).rejects.toThrow(/section "posts": "北京协和医学院" has "北" \(U\+5317\)/);
  });

  it('refuses one on the title page as the "title" section', async () => {
    // Act and assess
    await expect(renderBidPdf(withProgrammeName('Программа ICAT'))).rejects.toMatchObject({
      section: 'title',
      character: 'П',
    });
  });
});
