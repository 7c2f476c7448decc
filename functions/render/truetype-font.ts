import { type TableRecord, tableRecords } from './sfnt.js';

/**
 * A TrueType face read straight from its file: the metrics the PDF's font descriptor
 * states, the advance of each glyph, and the cmap from character to glyph. That is all the
 * renderer asks of a font for text that needs nothing but kerning (kerning.ts) and subsetting
 * (truetype-subset.ts). fontkit parsed the same in tables of generic structures, decoded each
 * glyph's outline to give its advance, and took about half of a cold start's module load;
 * it is now loaded only for text that needs its OpenType engine (shaping.ts). Every value
 * here is checked equal to fontkit's in the unit tests.
 */
export interface Glyph {
  readonly id: number;
  /** Advance in font units. */
  readonly advanceWidth: number;
}

export interface TrueTypeFont {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly tables: ReadonlyMap<string, TableRecord>;
  /** head.indexToLocFormat: 0 = offsets / 2 in 16 bits, 1 = offsets in 32 bits. */
  readonly longOffsets: boolean;
  /** hhea.numberOfHMetrics. */
  readonly horizontalMetrics: number;
  readonly numGlyphs: number;
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  /** hhea ascender, descender (negative) and line gap, font units. */
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  /** OS/2 cap and x heights, font units. */
  readonly capHeight: number;
  readonly xHeight: number;
  /** post.italicAngle, degrees. */
  readonly italicAngle: number;
  readonly isFixedPitch: boolean;
  readonly isItalic: boolean;
  /** OS/2 sFamilyClass. */
  readonly familyClass: number;
  /** head's bounding box of all glyphs, font units. */
  readonly bbox: {
    readonly minX: number;
    readonly minY: number;
    readonly maxX: number;
    readonly maxY: number;
  };
  /** The glyph for a code point; glyph 0 (.notdef) when the face has none. */
  glyphForCodePoint(codePoint: number): Glyph;
  hasGlyphForCodePoint(codePoint: number): boolean;
  getGlyph(id: number): Glyph;
}

const REQUIRED_TABLES = [
  'head',
  'hhea',
  'hmtx',
  'maxp',
  'cmap',
  'loca',
  'glyf',
  'OS/2',
  'post',
  'name',
];

/** Unicode cmap subtables (platform, encoding), in the order fontkit picks them. */
const UNICODE_CMAPS: readonly (readonly [number, number])[] = [
  [3, 10],
  [0, 6],
  [0, 4],
  [3, 1],
  [0, 3],
  [0, 2],
  [0, 1],
  [0, 0],
];

const POSTSCRIPT_NAME_ID = 6;

/** Offsets of fields the subset writer (truetype-subset.ts) also sets, from their table's start. */
export const HEAD_INDEX_TO_LOC_FORMAT = 50;
export const HHEA_NUMBER_OF_METRICS = 34;
export const MAXP_NUM_GLYPHS = 4;

export function readTrueType(bytes: Uint8Array): TrueTypeFont {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = tableRecords(view);
  for (const name of REQUIRED_TABLES) table(tables, name);
  const head = table(tables, 'head').offset;
  const hhea = table(tables, 'hhea').offset;
  const hmtx = table(tables, 'hmtx').offset;
  const os2 = table(tables, 'OS/2').offset;
  const post = table(tables, 'post').offset;
  if (view.getUint16(os2) < 2) throw new Error('the font has no cap height (OS/2 version < 2)');
  const horizontalMetrics = view.getUint16(hhea + HHEA_NUMBER_OF_METRICS);
  const numGlyphs = view.getUint16(table(tables, 'maxp').offset + MAXP_NUM_GLYPHS);
  const lookup = cmapLookup(view, table(tables, 'cmap').offset);

  const glyphs = new Map<number, Glyph>();
  // By code point, for the characters the face has: at most its cmap's size.
  const mapped = new Map<number, Glyph>();
  const getGlyph = (id: number): Glyph => {
    let glyph = glyphs.get(id);
    if (glyph === undefined) {
      const metric = Math.min(id, horizontalMetrics - 1);
      const advanceWidth = metric < 0 ? 0 : view.getUint16(hmtx + metric * 4);
      glyph = Object.freeze({ id, advanceWidth });
      glyphs.set(id, glyph);
    }
    return glyph;
  };

  return {
    bytes,
    view,
    tables,
    longOffsets: view.getInt16(head + HEAD_INDEX_TO_LOC_FORMAT) === 1,
    horizontalMetrics,
    numGlyphs,
    postscriptName: postscriptName(view, table(tables, 'name').offset),
    unitsPerEm: view.getUint16(head + 18),
    ascent: view.getInt16(hhea + 4),
    descent: view.getInt16(hhea + 6),
    lineGap: view.getInt16(hhea + 8),
    capHeight: view.getInt16(os2 + 88),
    xHeight: view.getInt16(os2 + 86),
    italicAngle: view.getInt32(post + 4) / 65536,
    isFixedPitch: view.getUint32(post + 12) !== 0,
    isItalic: (view.getUint16(head + 44) & 0b10) !== 0,
    familyClass: view.getInt16(os2 + 30),
    bbox: Object.freeze({
      minX: view.getInt16(head + 36),
      minY: view.getInt16(head + 38),
      maxX: view.getInt16(head + 40),
      maxY: view.getInt16(head + 42),
    }),
    glyphForCodePoint: (codePoint) => {
      let glyph = mapped.get(codePoint);
      if (glyph === undefined) {
        glyph = getGlyph(lookup(codePoint));
        if (glyph.id !== 0) mapped.set(codePoint, glyph);
      }
      return glyph;
    },
    hasGlyphForCodePoint: (codePoint) => lookup(codePoint) !== 0,
    getGlyph,
  };
}

export function table(tables: ReadonlyMap<string, TableRecord>, name: string): TableRecord {
  const record = tables.get(name);
  if (!record) throw new Error(`the font has no ${name} table`);
  return record;
}

/** Glyph id by code point through the first Unicode subtable fontkit would pick. */
function cmapLookup(view: DataView, cmap: number): (codePoint: number) => number {
  const subtables = new Map<string, number>();
  for (let i = 0; i < view.getUint16(cmap + 2); i += 1) {
    const record = cmap + 4 + i * 8;
    const key = `${view.getUint16(record)},${view.getUint16(record + 2)}`;
    if (!subtables.has(key)) subtables.set(key, cmap + view.getUint32(record + 4));
  }
  for (const [platform, encoding] of UNICODE_CMAPS) {
    const subtable = subtables.get(`${platform},${encoding}`);
    if (subtable === undefined) continue;
    const format = view.getUint16(subtable);
    if (format === 4) return format4(view, subtable);
    if (format === 12) return format12(view, subtable);
    throw new Error(`the font's Unicode cmap has format ${format}; 4 and 12 are read`);
  }
  throw new Error('the font has no Unicode cmap');
}

/** Segment mapping to delta values (BMP). */
function format4(view: DataView, at: number): (codePoint: number) => number {
  const segments = view.getUint16(at + 6) / 2;
  const endCodes = at + 14;
  const startCodes = endCodes + segments * 2 + 2;
  const idDeltas = startCodes + segments * 2;
  const idRangeOffsets = idDeltas + segments * 2;
  return (codePoint) => {
    let min = 0;
    let max = segments - 1;
    while (min <= max) {
      const mid = (min + max) >> 1;
      if (codePoint < view.getUint16(startCodes + mid * 2)) max = mid - 1;
      else if (codePoint > view.getUint16(endCodes + mid * 2)) min = mid + 1;
      else {
        const delta = view.getInt16(idDeltas + mid * 2);
        const rangeOffset = view.getUint16(idRangeOffsets + mid * 2);
        if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
        const glyphAt =
          idRangeOffsets +
          mid * 2 +
          rangeOffset +
          (codePoint - view.getUint16(startCodes + mid * 2)) * 2;
        if (glyphAt + 2 > view.byteLength) return 0;
        const glyph = view.getUint16(glyphAt);
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
    }
    return 0;
  };
}

/** Segmented coverage (all planes). */
function format12(view: DataView, at: number): (codePoint: number) => number {
  const groups = view.getUint32(at + 12);
  return (codePoint) => {
    let min = 0;
    let max = groups - 1;
    while (min <= max) {
      const mid = (min + max) >> 1;
      const group = at + 16 + mid * 12;
      if (codePoint < view.getUint32(group)) max = mid - 1;
      else if (codePoint > view.getUint32(group + 4)) min = mid + 1;
      else return view.getUint32(group + 8) + (codePoint - view.getUint32(group));
    }
    return 0;
  };
}

/** Name ID 6 from the Windows Unicode record, else the Macintosh Roman one. */
function postscriptName(view: DataView, name: number): string {
  const count = view.getUint16(name + 2);
  const strings = name + view.getUint16(name + 4);
  let found: string | undefined;
  for (let i = 0; i < count; i += 1) {
    const record = name + 6 + i * 12;
    if (view.getUint16(record + 6) !== POSTSCRIPT_NAME_ID) continue;
    const platform = view.getUint16(record);
    const encoding = view.getUint16(record + 2);
    const length = view.getUint16(record + 8);
    const start = strings + view.getUint16(record + 10);
    if (platform === 3 && encoding === 1) {
      let text = '';
      for (let at = start; at + 1 < start + length; at += 2) {
        text += String.fromCharCode(view.getUint16(at));
      }
      return text;
    }
    if (platform === 1 && encoding === 0 && found === undefined) {
      let text = '';
      for (let at = start; at < start + length; at += 1)
        text += String.fromCharCode(view.getUint8(at));
      found = text;
    }
  }
  if (found === undefined) throw new Error('the font has no PostScript name');
  return found;
}
