import { type FaceName, face } from './fonts.js';
import { memoise } from './memo.js';
import { num } from './pdf-ops.js';
import {
  deflateOnce,
  type EmbeddedPdfFont,
  type PdfDocument,
  type PdfkitFontSource,
} from './pdfkit-document.js';
import type { ShapedText } from './shaping.js';
import { encodeTrueTypeSubset, TrueTypeSubset } from './truetype-subset.js';

/**
 * One document's embedded fonts. pdfkit keeps a TTF subset per document and face; this
 * writes shaped text into it directly (glyph ids, widths, ToUnicode) instead of going
 * through pdfkit's `text()`, whose per-document re-shaping and re-scaling was most of
 * the render time. A face is embedded only once something is written in it.
 */
export interface DocumentFonts {
  /** `[...] TJ` operand for `shaped` in `faceName`, glyphs added to that face's subset. */
  encode(faceName: FaceName, shaped: ShapedText): string;
  /** The `/F1 10.5 Tf` operator, registering the font on the current page. */
  select(faceName: FaceName, size: number): string;
}

interface EmbeddedFace {
  readonly embedded: EmbeddedPdfFont;
  /** Subset glyph id as 4 hex digits, by the full font's glyph id. */
  readonly hex: (string | undefined)[];
  readonly encoded: Map<ShapedText, string>;
  /** `/F1 10.5 Tf` by size. */
  readonly selectors: Map<number, string>;
  /** The page whose resources list this font already. */
  page: unknown;
}

export function documentFonts(doc: PdfDocument): DocumentFonts {
  const faces = new Map<FaceName, EmbeddedFace>();
  const embed = (faceName: FaceName): EmbeddedFace => {
    let found = faces.get(faceName);
    if (!found) {
      const name = `noto-${faceName}`;
      doc.registerFont(name, fontSource(faceName));
      doc.font(name);
      const embedded = doc._font;
      if (!embedded) throw new Error(`pdfkit did not load the ${faceName} face`);
      found = { embedded, hex: [], encoded: new Map(), selectors: new Map(), page: undefined };
      faces.set(faceName, found);
    }
    return found;
  };
  return {
    encode(faceName, shaped) {
      const target = embed(faceName);
      let operand = target.encoded.get(shaped);
      if (operand === undefined) {
        operand = tjOperand(target, shaped);
        target.encoded.set(shaped, operand);
      }
      return operand;
    },
    select(faceName, size) {
      const target = embed(faceName);
      if (target.page !== doc.page) {
        doc.page.fonts[target.embedded.id] = target.embedded.ref();
        target.page = doc.page;
      }
      let selector = target.selectors.get(size);
      if (selector === undefined) {
        selector = `/${target.embedded.id} ${num(size)} Tf`;
        target.selectors.set(size, selector);
      }
      return selector;
    },
  };
}

/** Subset TTF files by face and glyph list, newest last; see fontSource. */
const subsetFiles = new Map<string, Uint8Array>();
const MAX_SUBSET_FILES = 64;
const fontSources = new Map<FaceName, PdfkitFontSource>();

/**
 * A face as pdfkit's EmbeddedFont reads it. The same glyphs of a face always make the same
 * subset file, and bids from one template use nearly the same glyphs: the file is encoded
 * (truetype-subset.ts) and deflated once per process for the last 64 glyph sets, instead
 * of once per document. Together these were about a fifth of a warm render.
 */
function fontSource(faceName: FaceName): PdfkitFontSource {
  let source = fontSources.get(faceName);
  if (source) return source;
  const { trueType } = face(faceName);
  const createSubset = () => {
    const subset = new TrueTypeSubset();
    const encode = () => {
      const key = `${faceName}:${subset.glyphs.join(',')}`;
      let file = subsetFiles.get(key);
      if (file === undefined) {
        file = deflateOnce(encodeTrueTypeSubset(trueType, subset));
        memoise(subsetFiles, key, file, MAX_SUBSET_FILES);
      }
      return file;
    };
    return Object.assign(subset, { encode });
  };
  source = {
    postscriptName: trueType.postscriptName,
    unitsPerEm: trueType.unitsPerEm,
    ascent: trueType.ascent,
    descent: trueType.descent,
    lineGap: trueType.lineGap,
    capHeight: trueType.capHeight,
    xHeight: trueType.xHeight,
    italicAngle: trueType.italicAngle,
    bbox: trueType.bbox,
    'OS/2': { sFamilyClass: trueType.familyClass },
    post: { isFixedPitch: trueType.isFixedPitch },
    head: { macStyle: { italic: trueType.isItalic } },
    getGlyph: trueType.getGlyph,
    createSubset,
    layout() {
      throw new Error('pdfkit tried to lay out text; the renderer writes shaped text itself');
    },
  };
  fontSources.set(faceName, source);
  return source;
}

/**
 * Glyph hex strings with kerning between them, as pdfkit writes them: a TJ number is
 * the glyph's own width minus its kerned advance, in 1/1000 em.
 */
function tjOperand(target: EmbeddedFace, shaped: ShapedText): string {
  const { embedded, hex } = target;
  let operand = '<';
  for (let i = 0; i < shaped.glyphs.length; i += 1) {
    const glyph = shaped.glyphs[i];
    if (!glyph) continue;
    let code = hex[glyph.id];
    if (code === undefined) {
      const subsetId = embedded.subset.includeGlyph(glyph.id);
      embedded.widths[subsetId] ??= glyph.advanceWidth * embedded.scale;
      embedded.unicode[subsetId] ??= [...(shaped.codePoints[i] ?? [])];
      code = subsetId.toString(16).padStart(4, '0');
      hex[glyph.id] = code;
    }
    operand += code;
    const kern = glyph.advanceWidth * embedded.scale - (shaped.advances[i] ?? 0);
    if (Math.abs(kern) > 1e-6) operand += `> ${num(kern)} <`;
  }
  return operand.endsWith('<') ? operand.slice(0, -1).trimEnd() : `${operand}>`;
}
