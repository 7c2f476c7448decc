import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';
import { type Kerning, readKerning } from './kerning.js';
import { readTrueType, type TrueTypeFont } from './truetype-subset.js';
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
  readonly font: Font;
  /** The TTF file, for the kerning reader and the subsetter. */
  readonly bytes: Uint8Array;
  readonly kerning: Kerning;
  readonly trueType: TrueTypeFont;
  /** Font units to 1/1000 em (pdfkit's and the PDF text space's unit). */
  readonly scale: number;
  /** Ascender above the baseline, 1/1000 em. */
  readonly ascent: number;
  /** Descender below the baseline, 1/1000 em (negative). */
  readonly descent: number;
}

export const FACE_NAMES: readonly FaceName[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** The folder of the TTF files: functions/render/fonts/, or fonts/ beside a bundle. */
export const FONTS_DIRECTORY = new URL('./fonts/', import.meta.url);

function loadFaces(): Readonly<Record<FaceName, Face>> {
  const load = (name: FaceName): Face => {
    const bytes = readFileSync(new URL(FACE_FILES[name].file, FONTS_DIRECTORY));
    const font = create(bytes);
    decodeTables(font);
    const scale = 1000 / font.unitsPerEm;
    return {
      name,
      font,
      bytes,
      kerning: readKerning(bytes),
      trueType: readTrueType(bytes),
      scale,
      ascent: font.ascent * scale,
      descent: font.descent * scale,
    };
  };
  return {
    regular: load('regular'),
    bold: load('bold'),
    italic: load('italic'),
    boldItalic: load('boldItalic'),
  };
}

/**
 * fontkit decodes a table on first access. These are the ones every render needs (the
 * name table alone, all of whose strings pdfkit's font name reading decodes, took ~3 ms
 * a face), so they are decoded while the fonts load rather than inside the first render.
 * Nothing here depends on a document.
 */
function decodeTables(font: Font): void {
  for (const table of [
    font.postscriptName,
    font['OS/2'],
    font.head,
    font.hhea,
    font.post,
    font.maxp,
    font.hmtx,
  ]) {
    if (table === undefined) throw new Error('font is missing a required table');
  }
  font.glyphForCodePoint(0x20);
}

const FACES = loadFaces();

export function face(name: FaceName): Face {
  return FACES[name];
}

export function faceFor(bold: boolean, italic: boolean): FaceName {
  if (bold) return italic ? 'boldItalic' : 'bold';
  return italic ? 'italic' : 'regular';
}
