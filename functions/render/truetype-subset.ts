import type { TableRecord } from './sfnt.js';
import {
  HEAD_INDEX_TO_LOC_FORMAT,
  HHEA_NUMBER_OF_METRICS,
  MAXP_NUM_GLYPHS,
  type TrueTypeFont,
  table,
} from './truetype-font.js';

/**
 * The TrueType file embedded in a PDF for one document's glyphs of a face (its FontFile2):
 * the tables a PDF viewer needs (head, hhea, loca, maxp, cvt, prep, glyf, hmtx, fpgm),
 * byte for byte what fontkit's TTF subsetter writes, so the PDFs do not change. fontkit
 * decodes every glyph's whole outline and re-encodes each table through its generic
 * structures; here the glyph records are copied from the font file as they are, and only
 * a composite glyph's component ids are rewritten. That is a few hundred microseconds in
 * the first render of a process instead of milliseconds a face.
 */
export interface GlyphSubset {
  /** The font's glyph ids in subset order; the subset's glyph id is the index. */
  readonly glyphs: readonly number[];
  /** Adds a glyph of the font (a composite glyph's component) and returns its subset id. */
  includeGlyph(glyphId: number): number;
}

/** One document's glyphs of a face: glyph 0 (.notdef) first, then in the order met. */
export class TrueTypeSubset implements GlyphSubset {
  readonly glyphs: number[] = [];
  private readonly subsetIds = new Map<number, number>();

  constructor() {
    this.includeGlyph(0);
  }

  includeGlyph(glyphId: number): number {
    let subsetId = this.subsetIds.get(glyphId);
    if (subsetId === undefined) {
      subsetId = this.glyphs.length;
      this.glyphs.push(glyphId);
      this.subsetIds.set(glyphId, subsetId);
    }
    return subsetId;
  }
}

/** The subset file's tables, in the order fontkit writes them; absent ones are left out. */
const SUBSET_TABLES = ['head', 'hhea', 'loca', 'maxp', 'cvt ', 'prep', 'glyf', 'hmtx', 'fpgm'];

/** Size of the head, hhea and maxp (version 1.0) tables as fontkit writes them. */
const FIXED_SIZES: Readonly<Record<string, number>> = { head: 54, hhea: 36, maxp: 32 };

const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;
/** numberOfContours and the bounding box, before a glyph's first component. */
const GLYPH_HEADER = 10;

/** The subset file; a composite glyph's components join `subset` as they are met. */
export function encodeTrueTypeSubset(font: TrueTypeFont, subset: GlyphSubset): Uint8Array {
  const { bytes, view, tables } = font;
  const glyf = table(tables, 'glyf').offset;
  const glyphs: Uint8Array[] = [];
  const offsets: number[] = [];
  const metrics: number[] = [];
  let offset = 0;
  // subset.glyphs grows while the loop runs: components are appended to it.
  for (let index = 0; index < subset.glyphs.length; index += 1) {
    const glyph = subset.glyphs[index] as number;
    const start = glyf + glyphOffset(font, glyph);
    let data = bytes.subarray(start, glyf + glyphOffset(font, glyph + 1));
    if (data.length > 0 && view.getInt16(start) < 0) data = withSubsetComponents(data, subset);
    glyphs.push(data);
    offsets.push(offset);
    offset += data.length;
    metrics.push(...horizontalMetric(font, glyph));
  }
  offsets.push(offset);

  const tableOf = (name: string, { offset: at, length }: TableRecord): Uint8Array => {
    switch (name) {
      case 'glyf':
        return concat(glyphs);
      case 'loca':
        return locaTable(offsets, font.longOffsets);
      case 'hmtx':
        return hmtxTable(metrics);
      case 'head':
      case 'hhea':
      case 'maxp':
        return fixedTable(font, name, glyphs.length);
      default:
        // cvt, prep and fpgm do not depend on the glyphs.
        return bytes.subarray(at, at + length);
    }
  };
  const parts = new Map<string, Uint8Array>();
  for (const name of SUBSET_TABLES) {
    const record = tables.get(name);
    if (record) parts.set(name, tableOf(name, record));
  }
  return sfnt(parts);
}

function glyphOffset({ view, tables, longOffsets }: TrueTypeFont, glyph: number): number {
  const loca = table(tables, 'loca').offset;
  return longOffsets ? view.getUint32(loca + glyph * 4) : view.getUint16(loca + glyph * 2) * 2;
}

/** A copy of a composite glyph's record with each component's glyph id in the subset. */
function withSubsetComponents(record: Uint8Array, subset: GlyphSubset): Uint8Array {
  const copy = record.slice();
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  let at = GLYPH_HEADER;
  let flags = MORE_COMPONENTS;
  while (flags & MORE_COMPONENTS) {
    flags = view.getUint16(at);
    view.setUint16(at + 2, subset.includeGlyph(view.getUint16(at + 2)));
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) at += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
  }
  return copy;
}

/** [advance, left side bearing] of a glyph, as the font's hmtx gives them. */
function horizontalMetric(font: TrueTypeFont, glyph: number): [number, number] {
  const { view, tables, horizontalMetrics } = font;
  const { offset: hmtx, length } = table(tables, 'hmtx');
  if (glyph < horizontalMetrics) {
    return [view.getUint16(hmtx + glyph * 4), view.getInt16(hmtx + glyph * 4 + 2)];
  }
  const advance = horizontalMetrics > 0 ? view.getUint16(hmtx + (horizontalMetrics - 1) * 4) : 0;
  const bearing = hmtx + horizontalMetrics * 4 + (glyph - horizontalMetrics) * 2;
  return [advance, bearing + 2 <= hmtx + length ? view.getInt16(bearing) : 0];
}

function locaTable(offsets: readonly number[], long: boolean): Uint8Array {
  const out = new Uint8Array(offsets.length * (long ? 4 : 2));
  const view = new DataView(out.buffer);
  offsets.forEach((offset, index) => {
    if (long) view.setUint32(index * 4, offset);
    else view.setUint16(index * 2, offset >>> 1);
  });
  return out;
}

function hmtxTable(metrics: readonly number[]): Uint8Array {
  const out = new Uint8Array(metrics.length * 2);
  const view = new DataView(out.buffer);
  for (let index = 0; index < metrics.length; index += 2) {
    view.setUint16(index * 2, metrics[index] as number);
    view.setInt16(index * 2 + 2, metrics[index + 1] as number);
  }
  return out;
}

/** head, hhea or maxp as the font has it, with the subset's loca format or glyph count. */
function fixedTable(font: TrueTypeFont, name: string, glyphCount: number): Uint8Array {
  const { offset, length } = table(font.tables, name);
  const size = FIXED_SIZES[name] as number;
  const out = new Uint8Array(size);
  out.set(font.bytes.subarray(offset, offset + Math.min(length, size)));
  const view = new DataView(out.buffer);
  if (name === 'head') view.setInt16(HEAD_INDEX_TO_LOC_FORMAT, font.longOffsets ? 1 : 0);
  if (name === 'hhea') view.setUint16(HHEA_NUMBER_OF_METRICS, glyphCount);
  if (name === 'maxp') view.setUint16(MAXP_NUM_GLYPHS, glyphCount);
  return out;
}

/**
 * The file: fontkit's directory ('true', checksums left 0) and the tables back to back in
 * the order given, unpadded.
 */
function sfnt(parts: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const count = parts.size;
  const power = 2 ** Math.floor(Math.log2(count));
  let size = 12 + count * 16;
  for (const part of parts.values()) size += part.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x74727565);
  view.setUint16(4, count);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, count * 16 - power * 16);
  let record = 12;
  let at = 12 + count * 16;
  for (const [name, part] of parts) {
    for (let i = 0; i < 4; i += 1) view.setUint8(record + i, name.charCodeAt(i));
    view.setUint32(record + 8, at);
    view.setUint32(record + 12, part.length);
    out.set(part, at);
    record += 16;
    at += part.length;
  }
  return out;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const chunk of chunks) size += chunk.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
