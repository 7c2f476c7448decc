import { readFileSync } from 'node:fs';
import { type Kerning, readKerning } from './kerning.js';
import { readTrueType, type TrueTypeFont } from './truetype-font.js';
import { FACE_FILES, type FaceName } from './typeface.js';

/**
 * The four faces of the bid typeface (functions/render/typeface.ts), read from
 * `fonts/` beside this module — in a Lambda bundle, beside `index.mjs` — and parsed once
 * per process. Parsing per document, or registering fonts by path, made pdfkit read and
 * parse the TTF again for every table cell; a Lambda's warm invocations share this
 * module's scope, so they share these parsed fonts too. No system font is ever consulted.
 */
export type { FaceName } from './typeface.js';

export interface Face {
  readonly name: FaceName;
  /** The TTF file, for the kerning reader and fontkit's OpenType engine. */
  readonly bytes: Uint8Array;
  readonly kerning: Kerning;
  /** Metrics, cmap and glyph advances, and the file for the subsetter. */
  readonly trueType: TrueTypeFont;
  /** Font units to 1/1000 em (pdfkit's and the PDF text space's unit). */
  readonly scale: number;
  /** Ascender above the baseline, 1/1000 em. */
  readonly ascent: number;
  /** Descender below the baseline, 1/1000 em (negative). */
  readonly descent: number;
  /** Height of capitals above the baseline, 1/1000 em. */
  readonly capHeight: number;
}

export const FACE_NAMES: readonly FaceName[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** The folder of the TTF files: functions/render/fonts/, or fonts/ beside a bundle. */
export const FONTS_DIRECTORY = new URL('./fonts/', import.meta.url);

function loadFaces(): Readonly<Record<FaceName, Face>> {
  const load = (name: FaceName): Face => {
    const bytes = readFileSync(new URL(FACE_FILES[name].file, FONTS_DIRECTORY));
    const trueType = readTrueType(bytes);
    const scale = 1000 / trueType.unitsPerEm;
    return {
      name,
      bytes,
      kerning: readKerning(bytes),
      trueType,
      scale,
      ascent: trueType.ascent * scale,
      descent: trueType.descent * scale,
      capHeight: trueType.capHeight * scale,
    };
  };
  return {
    regular: load('regular'),
    bold: load('bold'),
    italic: load('italic'),
    boldItalic: load('boldItalic'),
  };
}

const FACES = loadFaces();

export function face(name: FaceName): Face {
  return FACES[name];
}

export function faceFor(bold: boolean, italic: boolean): FaceName {
  if (bold) return italic ? 'boldItalic' : 'bold';
  return italic ? 'italic' : 'regular';
}
