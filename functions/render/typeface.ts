/**
 * The bid typeface: Noto Sans (SIL Open Font License 1.1) in four faces, cut down to the
 * characters below by `npm run fonts` (scripts/subset-fonts.ts) and kept in
 * functions/render/fonts/. The whole family is 2.5 MB and covers Cyrillic, Vietnamese and
 * more; these blocks are what UK programme figures and narrative use, at about a seventh
 * of the size a Lambda bundle ships. Text with a character outside them is refused before
 * anything is drawn (functions/render/coverage.ts), never printed as an empty box.
 */

export type FaceName = 'regular' | 'bold' | 'italic' | 'boldItalic';

/** File of each face in functions/render/fonts/, and where it is cut from in the npm package. */
export const FACE_FILES: Readonly<Record<FaceName, { file: string; source: string }>> = {
  regular: { file: 'NotoSans-Regular.ttf', source: '400Regular/NotoSans_400Regular.ttf' },
  bold: { file: 'NotoSans-Bold.ttf', source: '700Bold/NotoSans_700Bold.ttf' },
  italic: {
    file: 'NotoSans-Italic.ttf',
    source: '400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  },
  boldItalic: {
    file: 'NotoSans-BoldItalic.ttf',
    source: '700Bold_Italic/NotoSans_700Bold_Italic.ttf',
  },
};

/**
 * Unicode blocks kept (first, last, name). Noto Sans itself has no arrows and, but for the
 * minus sign, no mathematical operators (≤, ≥, ≠); text holding them is refused.
 */
export const TYPEFACE_BLOCKS: readonly (readonly [number, number, string])[] = [
  [0x0020, 0x007e, 'Basic Latin'],
  [0x00a0, 0x00ff, 'Latin-1 Supplement'],
  [0x0100, 0x017f, 'Latin Extended-A'],
  [0x0218, 0x021b, 'Latin Extended-B (Romanian Ș ș Ț ț)'],
  [0x0370, 0x03ff, 'Greek'],
  [0x2000, 0x206f, 'General Punctuation'],
  [0x2070, 0x209f, 'Superscripts and Subscripts'],
  [0x20a0, 0x20cf, 'Currency Symbols'],
  [0x2100, 0x214f, 'Letterlike Symbols'],
  [0x2150, 0x218f, 'Number Forms'],
  [0x2212, 0x2212, 'Minus sign'],
];

/** Every code point of TYPEFACE_BLOCKS, as one string (the subsetter's input). */
export function typefaceCharacters(): string {
  let text = '';
  for (const [first, last] of TYPEFACE_BLOCKS) {
    for (let codePoint = first; codePoint <= last; codePoint += 1) {
      text += String.fromCodePoint(codePoint);
    }
  }
  return text;
}
