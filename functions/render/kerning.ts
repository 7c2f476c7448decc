import { memoise } from './memo.js';
import { tableRecords, tag } from './sfnt.js';

/**
 * Pair kerning read straight from a font file's GPOS `kern` feature. fontkit's OpenType
 * layout costs ~60 µs a word plus tens of ms of table parsing per font, and its lazily
 * decoded pair tables cost another ~30 ms on first use; for Latin body text the only
 * positioning that matters is pair kerning, a few look-ups per glyph pair in the raw
 * bytes. The unit tests check the result against fontkit's own layout.
 *
 * Semantics follow fontkit's GPOS processor: the feature's lookups apply in lookup-list
 * order; within a lookup the first subtable that covers the first glyph (and, for glyph
 * pairs, lists the second) wins; value1 adjusts the first glyph, value2 the second.
 */
export interface Kerning {
  /** Adds the pair adjustments (font units) of `glyphs` into `advances`, in place. */
  apply(glyphs: readonly number[], advances: number[]): void;
  /**
   * True when the glyphs may take part in something this reader does not model: a
   * substitution fontkit would still make (e.g. `ccmp` decomposing "ǹ"), contextual
   * kerning, or a mark that lookup flags skip. Such text goes to fontkit.
   */
  isComplex(glyphs: readonly number[]): boolean;
}

/**
 * A lookup subtable that can only fire on text holding a glyph of every one of these
 * sets: its first glyph's coverage, then (for ligatures and contexts) what must follow.
 */
type Trigger = readonly ReadonlySet<number>[];

/**
 * GSUB features fontkit applies to Latin text by default that the renderer leaves on;
 * a glyph at which one of their lookups can start is shaped by fontkit, not here.
 */
const DEFAULT_SUBSTITUTIONS = ['rvrn', 'ccmp', 'locl', 'rlig', 'rclt'];
const MARK_CLASS = 3;
const GPOS_PAIR = 2;
const GPOS_EXTENSION = 9;
const GSUB_EXTENSION = 7;

interface PairSubtable {
  readonly format: number;
  /** Absolute offset of the subtable. */
  readonly base: number;
  readonly coverage: number;
  readonly valueFormat1: number;
  readonly valueFormat2: number;
  /** Per glyph id: coverage index (-1 when not covered), decoded once; -2 = not yet. */
  readonly coverageIndexes: Int32Array;
  /** Absolute offsets of classDef1 and classDef2 (format 2 only; 0 otherwise). */
  readonly classDef1: number;
  readonly classDef2: number;
  /** Per glyph id: class in classDef1 and classDef2 (format 2 only); -1 = not yet. */
  readonly firstClasses: Int32Array;
  readonly secondClasses: Int32Array;
}

const NOT_YET = -2;

/**
 * Glyph pairs whose adjustments a face keeps. Words share most of their pairs, and reading
 * a pair's value out of the lookups was the larger part of shaping a word the first time.
 */
const MAX_MEMOISED_PAIRS = 50_000;

/** Adjustments (font units) to a pair's first and second advance; `null` when there are none. */
type PairAdjustment = readonly [number, number] | null;

export function readKerning(bytes: Uint8Array): Kerning {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = tableRecords(view);
  const maxp = tables.get('maxp')?.offset;
  const glyphCount = maxp === undefined ? 0xffff : view.getUint16(maxp + 4);
  const triggers: Trigger[] = [];
  let everythingComplex = false;
  const pairLookups: PairSubtable[][] = [];
  const gpos = tables.get('GPOS')?.offset;
  if (gpos !== undefined) {
    for (const lookup of featureLookups(view, gpos, ['kern'])) {
      const pairs = pairSubtables(view, lookup, glyphCount);
      if (pairs) pairLookups.push(pairs);
      else if (!addTriggers(view, lookup, GPOS_EXTENSION, triggers)) everythingComplex = true;
    }
  }
  const gsub = tables.get('GSUB')?.offset;
  if (gsub !== undefined) {
    for (const lookup of featureLookups(view, gsub, DEFAULT_SUBSTITUTIONS)) {
      if (!addTriggers(view, lookup, GSUB_EXTENSION, triggers)) everythingComplex = true;
    }
  }
  const gdef = tables.get('GDEF')?.offset;
  const glyphClassDef = gdef !== undefined ? offsetOrUndefined(view, gdef, gdef + 4) : undefined;
  const glyphClasses = new Int32Array(glyphClassDef === undefined ? 0 : glyphCount).fill(NOT_YET);
  // A trigger fires only on text holding a glyph of its first set: text with none of these
  // glyphs cannot fire any.
  const triggerStarts = new Uint8Array(glyphCount);
  for (const [first] of triggers) for (const glyph of first ?? []) triggerStarts[glyph] = 1;
  const pairs = new Map<number, PairAdjustment>();
  const adjustment = (left: number, right: number): PairAdjustment => {
    const key = left * 0x10000 + right;
    let found = pairs.get(key);
    if (found === undefined) {
      const sum = [0, 0];
      for (let i = 0; i < pairLookups.length; i += 1) {
        applyPair(view, pairLookups[i] as PairSubtable[], left, right, 0, sum);
      }
      found = sum[0] === 0 && sum[1] === 0 ? null : (sum as [number, number]);
      memoise(pairs, key, found, MAX_MEMOISED_PAIRS);
    }
    return found;
  };
  return {
    // The adjustments are whole font units, so adding each pair's sum over the lookups gives
    // exactly what adding lookup by lookup gives.
    apply(glyphs, advances) {
      if (pairLookups.length === 0) return;
      for (let i = 0; i + 1 < glyphs.length; i += 1) {
        const found = adjustment(glyphs[i] as number, glyphs[i + 1] as number);
        if (found === null) continue;
        advances[i] = (advances[i] as number) + found[0];
        advances[i + 1] = (advances[i + 1] as number) + found[1];
      }
    },
    isComplex(glyphs) {
      if (everythingComplex) return true;
      let mayTrigger = false;
      for (let i = 0; i < glyphs.length; i += 1) {
        const glyph = glyphs[i] as number;
        if (
          glyphClassDef !== undefined &&
          cached(glyphClasses, glyph, classOf, view, glyphClassDef) === MARK_CLASS
        ) {
          return true;
        }
        if (triggerStarts[glyph] === 1) mayTrigger = true;
      }
      return (
        mayTrigger &&
        triggers.some((sets) => sets.every((set) => glyphs.some((glyph) => set.has(glyph))))
      );
    },
  };
}

function offsetOrUndefined(view: DataView, base: number, at: number): number | undefined {
  const offset = view.getUint16(at);
  return offset === 0 ? undefined : base + offset;
}

/** Absolute offsets of the lookups of `tags` for Latin (else the default script), in order. */
function featureLookups(view: DataView, table: number, tags: readonly string[]): number[] {
  const scriptList = table + view.getUint16(table + 4);
  const featureList = table + view.getUint16(table + 6);
  const lookupList = table + view.getUint16(table + 8);
  const scripts = new Map<string, number>();
  for (let i = 0; i < view.getUint16(scriptList); i += 1) {
    const record = scriptList + 2 + i * 6;
    scripts.set(tag(view, record), scriptList + view.getUint16(record + 4));
  }
  const script = scripts.get('latn') ?? scripts.get('DFLT');
  if (script === undefined) return [];
  const langSys = offsetOrUndefined(view, script, script);
  if (langSys === undefined) return [];
  const indexes = new Set<number>();
  const featureCount = view.getUint16(langSys + 4);
  for (let i = 0; i < featureCount; i += 1) {
    const record = featureList + 2 + view.getUint16(langSys + 6 + i * 2) * 6;
    if (!tags.includes(tag(view, record))) continue;
    const feature = featureList + view.getUint16(record + 4);
    for (let j = 0; j < view.getUint16(feature + 2); j += 1) {
      indexes.add(view.getUint16(feature + 4 + j * 2));
    }
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((index) => lookupList + view.getUint16(lookupList + 2 + index * 2));
}

/** Each subtable of a lookup as [type, absolute offset], extensions unwrapped. */
function subtables(view: DataView, lookup: number, extensionType: number): [number, number][] {
  const type = view.getUint16(lookup);
  const found: [number, number][] = [];
  for (let i = 0; i < view.getUint16(lookup + 4); i += 1) {
    const subtable = lookup + view.getUint16(lookup + 6 + i * 2);
    if (type === extensionType) {
      found.push([view.getUint16(subtable + 2), subtable + view.getUint32(subtable + 4)]);
    } else {
      found.push([type, subtable]);
    }
  }
  return found;
}

function pairSubtables(
  view: DataView,
  lookup: number,
  glyphCount: number,
): PairSubtable[] | undefined {
  const pairs: PairSubtable[] = [];
  for (const [type, base] of subtables(view, lookup, GPOS_EXTENSION)) {
    const format = view.getUint16(base);
    if (type !== GPOS_PAIR || (format !== 1 && format !== 2)) return undefined;
    pairs.push({
      format,
      base,
      coverage: base + view.getUint16(base + 2),
      valueFormat1: view.getUint16(base + 4),
      valueFormat2: view.getUint16(base + 6),
      classDef1: format === 2 ? base + view.getUint16(base + 8) : 0,
      classDef2: format === 2 ? base + view.getUint16(base + 10) : 0,
      coverageIndexes: new Int32Array(glyphCount).fill(NOT_YET),
      firstClasses: new Int32Array(format === 2 ? glyphCount : 0).fill(NOT_YET),
      secondClasses: new Int32Array(format === 2 ? glyphCount : 0).fill(NOT_YET),
    });
  }
  return pairs;
}

/**
 * Adds what each subtable of a lookup needs in the text to fire (see Trigger). Returns
 * false for a subtable whose shape is not known, so that all text in that font goes to
 * fontkit. Backtrack context is ignored, which can only make the test stricter.
 */
function addTriggers(
  view: DataView,
  lookup: number,
  extensionType: number,
  into: Trigger[],
): boolean {
  const gsub = extensionType === GSUB_EXTENSION;
  const [context, chainContext] = gsub ? [5, 6] : [7, 8];
  const set = (coverage: number) => new Set(coverageGlyphs(view, coverage));
  for (const [type, base] of subtables(view, lookup, extensionType)) {
    const format = view.getUint16(base);
    if (type === context && format === 3) {
      // glyphCount, then lookup count, then the coverage offsets.
      const count = view.getUint16(base + 2);
      into.push(range(count).map((i) => set(base + view.getUint16(base + 6 + i * 2))));
    } else if (type === chainContext && format === 3) {
      let at = base + 2;
      at += 2 + view.getUint16(at) * 2;
      const inputCount = view.getUint16(at);
      const inputs = range(inputCount).map((i) => set(base + view.getUint16(at + 2 + i * 2)));
      at += 2 + inputCount * 2;
      const lookahead = range(view.getUint16(at)).map((i) =>
        set(base + view.getUint16(at + 2 + i * 2)),
      );
      into.push([...inputs, ...lookahead]);
    } else if (gsub && type === 4 && format === 1) {
      into.push(ligatureTrigger(view, base, set(base + view.getUint16(base + 2))));
    } else if (type >= 1 && type <= 8) {
      into.push([set(base + view.getUint16(base + 2))]);
    } else {
      return false;
    }
  }
  return true;
}

/** A ligature needs its first glyph and one of the glyphs that may follow it. */
function ligatureTrigger(view: DataView, base: number, first: Set<number>): Trigger {
  const second = new Set<number>();
  for (let i = 0; i < view.getUint16(base + 4); i += 1) {
    const ligatureSet = base + view.getUint16(base + 6 + i * 2);
    for (let j = 0; j < view.getUint16(ligatureSet); j += 1) {
      const ligature = ligatureSet + view.getUint16(ligatureSet + 2 + j * 2);
      if (view.getUint16(ligature + 2) < 2) return [first];
      second.add(view.getUint16(ligature + 4));
    }
  }
  return [first, second];
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

function coverageGlyphs(view: DataView, coverage: number): number[] {
  const glyphs: number[] = [];
  const count = view.getUint16(coverage + 2);
  if (view.getUint16(coverage) === 1) {
    for (let i = 0; i < count; i += 1) glyphs.push(view.getUint16(coverage + 4 + i * 2));
    return glyphs;
  }
  for (let i = 0; i < count; i += 1) {
    const record = coverage + 4 + i * 6;
    const end = view.getUint16(record + 2);
    for (let glyph = view.getUint16(record); glyph <= end; glyph += 1) glyphs.push(glyph);
  }
  return glyphs;
}

function applyPair(
  view: DataView,
  lookup: readonly PairSubtable[],
  left: number,
  right: number,
  index: number,
  advances: number[],
): void {
  for (let i = 0; i < lookup.length; i += 1) {
    const subtable = lookup[i] as PairSubtable;
    const covered = cached(subtable.coverageIndexes, left, coverageIndex, view, subtable.coverage);
    if (covered < 0) continue;
    const size1 = valueRecordSize(subtable.valueFormat1);
    const size2 = valueRecordSize(subtable.valueFormat2);
    let record: number;
    if (subtable.format === 1) {
      const pairSet = subtable.base + view.getUint16(subtable.base + 10 + covered * 2);
      const found = findPair(view, pairSet, right, 2 + size1 + size2);
      if (found < 0) continue;
      record = found + 2;
    } else {
      const class1 = cached(subtable.firstClasses, left, classOf, view, subtable.classDef1);
      const class2 = cached(subtable.secondClasses, right, classOf, view, subtable.classDef2);
      const class2Count = view.getUint16(subtable.base + 14);
      record = subtable.base + 16 + (class1 * class2Count + class2) * (size1 + size2);
    }
    advances[index] = (advances[index] as number) + xAdvance(view, record, subtable.valueFormat1);
    advances[index + 1] =
      (advances[index + 1] as number) + xAdvance(view, record + size1, subtable.valueFormat2);
    return;
  }
}

/**
 * `compute(view, table, glyph)`, read once per glyph into `cache`. The look-up and its
 * arguments are passed apart, not as a closure: shaping calls this for every glyph of
 * every new word, and a closure a call was an eighth of what a first render allocated.
 */
function cached(
  cache: Int32Array,
  glyph: number,
  compute: (view: DataView, table: number, glyph: number) => number,
  view: DataView,
  table: number,
): number {
  if (glyph >= cache.length) return compute(view, table, glyph);
  let value = cache[glyph] as number;
  if (value === NOT_YET) {
    value = compute(view, table, glyph);
    cache[glyph] = value;
  }
  return value;
}

/** Binary search of a PairSet (sorted by second glyph); the record's offset, or -1. */
function findPair(view: DataView, pairSet: number, second: number, recordSize: number): number {
  let low = 0;
  let high = view.getUint16(pairSet) - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const record = pairSet + 2 + middle * recordSize;
    const glyph = view.getUint16(record);
    if (second < glyph) high = middle - 1;
    else if (second > glyph) low = middle + 1;
    else return record;
  }
  return -1;
}

function valueRecordSize(valueFormat: number): number {
  let size = 0;
  for (let bits = valueFormat & 0xff; bits !== 0; bits >>= 1) size += (bits & 1) * 2;
  return size;
}

/** The XAdvance field of a value record (0 when absent); placements are not modelled. */
function xAdvance(view: DataView, record: number, valueFormat: number): number {
  if ((valueFormat & 0x4) === 0) return 0;
  return view.getInt16(record + valueRecordSize(valueFormat & 0x3));
}

function coverageIndex(view: DataView, coverage: number, glyph: number): number {
  const count = view.getUint16(coverage + 2);
  let low = 0;
  let high = count - 1;
  if (view.getUint16(coverage) === 1) {
    while (low <= high) {
      const middle = (low + high) >> 1;
      const found = view.getUint16(coverage + 4 + middle * 2);
      if (glyph < found) high = middle - 1;
      else if (glyph > found) low = middle + 1;
      else return middle;
    }
    return -1;
  }
  while (low <= high) {
    const middle = (low + high) >> 1;
    const record = coverage + 4 + middle * 6;
    if (glyph < view.getUint16(record)) high = middle - 1;
    else if (glyph > view.getUint16(record + 2)) low = middle + 1;
    else return view.getUint16(record + 4) + glyph - view.getUint16(record);
  }
  return -1;
}

function classOf(view: DataView, classDef: number, glyph: number): number {
  if (view.getUint16(classDef) === 1) {
    const index = glyph - view.getUint16(classDef + 2);
    return index >= 0 && index < view.getUint16(classDef + 4)
      ? view.getUint16(classDef + 6 + index * 2)
      : 0;
  }
  let low = 0;
  let high = view.getUint16(classDef + 2) - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const record = classDef + 4 + middle * 6;
    if (glyph < view.getUint16(record)) high = middle - 1;
    else if (glyph > view.getUint16(record + 2)) low = middle + 1;
    else return view.getUint16(record + 4);
  }
  return 0;
}
