import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import type { TrueTypeFont } from './truetype-font.js';

/**
 * The pdfkit 0.20 surface this renderer uses, typed here because @types/pdfkit describes
 * 0.17: it lacks `subset: 'PDF/UA'`, a `null` default font, registering a parsed font,
 * and the embedded font's subset that the glyph writer encodes into. Keeping the
 * whole surface in one interface makes every reliance on pdfkit internals visible here.
 */

/** An indirect object; `data` is its dictionary. */
export interface PdfRef {
  readonly id: number;
  readonly data: Record<string, unknown>;
}

/** pdfkit's indirect object as it writes a stream: chunks, then `finalize()` deflates them. */
interface PdfStreamRef extends PdfRef {
  buffer: Uint8Array[];
  /** Bytes written into `buffer` so far. */
  readonly uncompressedLength: number;
  compress: boolean;
  finalize(): void;
}

/** A TTF subset, owned by one document's embedded font. */
export interface FontSubset {
  /** Adds a glyph of the full font and returns its id in the subset. */
  includeGlyph(glyphId: number): number;
  /** The full font's glyph ids, in subset order. */
  readonly glyphs: readonly number[];
  /** The subset as a TTF file; pdfkit calls it once, when the document ends. */
  encode(): Uint8Array;
}

/** The metrics pdfkit's font descriptor states, named as fontkit and the reader name them. */
export type DescriptorMetric =
  | 'postscriptName'
  | 'unitsPerEm'
  | 'ascent'
  | 'descent'
  | 'lineGap'
  | 'capHeight'
  | 'xHeight'
  | 'italicAngle'
  | 'bbox';

/**
 * What pdfkit's EmbeddedFont reads of a parsed font (a fontkit `Font` has all of it): the
 * descriptor's metrics and flags, glyph 0's width, and a fresh subset per document. pdfkit
 * takes any object with a `layout` method as a parsed font; the renderer shapes and writes
 * its text itself (document-fonts.ts), so pdfkit's own text layout must never call it.
 */
export interface PdfkitFontSource extends Pick<TrueTypeFont, DescriptorMetric> {
  readonly 'OS/2': { readonly sFamilyClass: number };
  readonly post: { readonly isFixedPitch: boolean };
  readonly head: { readonly macStyle: { readonly italic: boolean } };
  getGlyph(id: number): { readonly advanceWidth: number };
  createSubset(): FontSubset;
  layout(): never;
}

/** pdfkit's EmbeddedFont: one per document and face; writes the subset at `end()`. */
export interface EmbeddedPdfFont {
  /** Resource name on pages, e.g. "F1". */
  readonly id: string;
  readonly subset: FontSubset;
  /** Advance (1/1000 em) per subset glyph id: becomes the font's /W array. */
  readonly widths: (number | undefined)[];
  /** Code points per subset glyph id: becomes the ToUnicode CMap that text extraction reads. */
  readonly unicode: (number[] | undefined)[];
  /** 1000 / unitsPerEm. */
  readonly scale: number;
  ref(): PdfRef;
}

export interface PdfPage {
  readonly width: number;
  readonly height: number;
  readonly dictionary: PdfRef;
  /** The page's /Font resources (a getter that creates the dictionary). */
  readonly fonts: Record<string, PdfRef>;
  /** Appends bytes to the page's content stream. */
  write(chunk: Uint8Array): void;
}

/** Marked content of one page that belongs to a structure element. */
export interface StructContent {
  readonly refs: readonly { readonly mcid: number }[];
}

export interface StructElement {
  add(child: StructElement | StructContent): this;
  end(): void;
}

export interface StructOptions {
  alt?: string;
  lang?: string;
  /** Table header scope: pdfkit writes /A << /O /Table /Scope ... >>. */
  scope?: 'Column' | 'Row' | 'Both';
  /** [left, top, right, bottom] in pdfkit's top-down page coordinates. */
  bbox?: [number, number, number, number];
  placement?: 'Block' | 'Inline';
}

export interface ArtifactOptions {
  type: 'Pagination' | 'Layout' | 'Page';
  bbox?: [number, number, number, number];
  attached?: ('Top' | 'Bottom' | 'Left' | 'Right')[];
}

export interface OutlineItem {
  addItem(title: string): OutlineItem;
}

export interface PdfDocumentInfo {
  Title: string;
  Author: string;
  Subject: string;
  Keywords: string;
  Creator: string;
  Producer: string;
  CreationDate: Date;
  ModDate: Date;
}

export interface PdfDocumentOptions {
  size: 'A4';
  margin: number;
  pdfVersion: '1.7';
  tagged: true;
  lang: string;
  displayTitle: true;
  subset: 'PDF/UA';
  /** `null` stops pdfkit loading its standard Helvetica (an AFM read) at construction. */
  font: null;
  bufferPages: true;
  autoFirstPage: boolean;
  compress: boolean;
  info: PdfDocumentInfo;
}

export interface PdfDocument {
  page: PdfPage;
  info: PdfDocumentInfo;
  readonly outline: OutlineItem;
  /** The current font as pdfkit holds it; set by `font()`. */
  readonly _font: EmbeddedPdfFont | null;
  registerFont(name: string, src: PdfkitFontSource): this;
  font(name: string): this;
  addPage(): this;
  /** Appends operators to the current page's content stream. */
  addContent(data: string): this;
  fillOpacity(opacity: number): this;
  markContent(tag: 'Artifact', options: ArtifactOptions): this;
  markStructureContent(tag: string): StructContent;
  endMarkedContent(): this;
  struct(type: string, options?: StructOptions): StructElement;
  addStructure(element: StructElement): this;
  bufferedPageRange(): { start: number; count: number };
  switchToPage(index: number): PdfPage;
  /** Writes the XMP packet from `info`; called once by `end()`. */
  endMetadata(): void;
  /** A new indirect object; pdfkit makes every stream and dictionary it writes here. */
  ref(data?: Record<string, unknown>): PdfRef;
  /** Bytes written so far: the next object's offset in the cross-reference table. */
  _offset: number;
  /** Writes an object's text (with a line feed) or bytes to the output. */
  _write(data: Uint8Array | string): void;
  /** pdfkit writes every chunk of output through the Readable's `push`; `null` ends it. */
  push(chunk: Uint8Array | null): boolean;
  end(): void;
}

/** Files (font programs) whose deflated form is made once; see `deflateOnce`. */
const deflatedOnce = new WeakMap<Uint8Array, Buffer | undefined>();

/**
 * Registers bytes that documents embed again and again, unchanged: every stream made of
 * exactly this Uint8Array is deflated once and the result reused. The caller keeps the
 * bytes alive (and unchanged) as long as they should be reused.
 */
export function deflateOnce(bytes: Uint8Array): Uint8Array {
  if (!deflatedOnce.has(bytes)) deflatedOnce.set(bytes, undefined);
  return bytes;
}

/** zlib level for the streams deflated per document; see CollectedPdfDocument.ref. */
const STREAM_DEFLATE_LEVEL = 2;

/**
 * Streams shorter than this are written as they are: zlib's header and checksum alone are
 * six bytes, so deflating a font's few-byte CIDSet made it longer, and each deflate call
 * costs a fresh zlib state whatever the input's size.
 */
const STORED_STREAM_BYTES = 32;

function deflated(chunks: readonly Uint8Array[]): Buffer {
  const [only] = chunks;
  if (chunks.length === 1 && only && deflatedOnce.has(only)) {
    let reused = deflatedOnce.get(only);
    if (reused === undefined) {
      reused = deflateSync(only);
      deflatedOnce.set(only, reused);
    }
    return reused;
  }
  return deflateSync(chunks.length === 1 && only ? only : Buffer.concat(chunks), {
    level: STREAM_DEFLATE_LEVEL,
  });
}

const PdfkitDocument = PDFDocument as unknown as new (options: PdfDocumentOptions) => PdfDocument;

/**
 * A pdfkit document whose output is collected in memory as pdfkit writes it.
 *
 * pdfkit is a Readable and pushes every chunk from the constructor's header on. Taking
 * them in `push` keeps them out of the stream machinery, which queues a nextTick per push
 * that holds the whole document until the event loop turns (a loop of renders then kept
 * every document alive); copying them into one growing buffer lets the thousands of
 * small chunks die young instead of being promoted to the old generation.
 *
 * Page content is kept as strings while a page is being drawn and written to pdfkit as
 * one chunk when the page is left: pdfkit turns each `addContent` string into bytes in a
 * JS loop and keeps every small chunk alive until the document ends (all pages stay
 * buffered for the "page X of Y" footers).
 */
export class CollectedPdfDocument extends PdfkitDocument {
  // `declare`: no field initialisers, which would run after pdfkit's constructor has
  // already pushed the header and added the first page.
  declare private output: Buffer | undefined;
  declare private outputLength: number | undefined;
  declare private finished: boolean | undefined;
  declare private pending: string[] | undefined;
  declare private pendingPage: PdfPage | undefined;

  override push(chunk: Uint8Array | null): boolean {
    if (chunk === null) {
      this.finished = true;
      return true;
    }
    const length = this.outputLength ?? 0;
    this.room(chunk.length).set(chunk, length);
    this.outputLength = length + chunk.length;
    return true;
  }

  /**
   * pdfkit writes each object's text through here, turning it into bytes one character at a
   * time first (its `fromBinaryString`); the text is written straight into the output as
   * latin1 instead, which keeps the same low byte of each character.
   */
  override _write(data: Uint8Array | string): void {
    if (typeof data !== 'string') {
      this.push(data);
      this._offset += data.length;
      return;
    }
    const length = this.outputLength ?? 0;
    const output = this.room(data.length + 1);
    const written = output.write(data, length, 'latin1');
    output[length + written] = 0x0a;
    this.outputLength = length + written + 1;
    this._offset += written + 1;
  }

  /** The output buffer, grown to hold `bytes` more. */
  private room(bytes: number): Buffer {
    const length = this.outputLength ?? 0;
    let output = this.output ?? Buffer.allocUnsafe(64 * 1024);
    if (length + bytes > output.length) {
      const grown = Buffer.allocUnsafe(Math.max(output.length * 2, length + bytes));
      output.copy(grown, 0, 0, length);
      output = grown;
    }
    this.output = output;
    return output;
  }

  override addContent(data: string): this {
    if (this.pendingPage !== this.page) this.flushContent();
    this.pendingPage = this.page;
    if (this.pending) this.pending.push(data);
    else this.pending = [data];
    return this;
  }

  override addPage(): this {
    this.flushContent();
    return super.addPage();
  }

  override switchToPage(index: number): PdfPage {
    this.flushContent();
    return super.switchToPage(index);
  }

  /**
   * The streams pdfkit makes without a dictionary (page content, font files, ToUnicode
   * maps) are deflated here rather than by pdfkit: at level 2, not zlib's default 6, which
   * made a warm render about a sixth faster for a PDF about 4% larger; and a stream whose
   * one chunk is a file registered with `deflateOnce` is deflated (at the default level)
   * once per process and the result reused. A stream shorter than STORED_STREAM_BYTES
   * (a font's CIDSet) is not deflated at all.
   */
  override ref(data?: Record<string, unknown>): PdfRef {
    const ref = super.ref(data) as PdfStreamRef;
    if (data === undefined) {
      const finalize = ref.finalize;
      ref.finalize = () => {
        if (ref.compress && ref.buffer.length > 0) {
          // write() already set /Filter /FlateDecode; finalize() now writes these bytes as is.
          if (ref.uncompressedLength < STORED_STREAM_BYTES) delete ref.data.Filter;
          else ref.buffer = [deflated(ref.buffer)];
          ref.compress = false;
        }
        finalize.call(ref);
      };
    }
    return ref;
  }

  /** Ends the document and returns the file; pdfkit finishes synchronously without images. */
  toBuffer(): Buffer {
    this.flushContent();
    this.end();
    if (!this.finished) throw new Error('pdfkit did not finish the document synchronously');
    return Buffer.from((this.output ?? Buffer.alloc(0)).subarray(0, this.outputLength ?? 0));
  }

  private flushContent(): void {
    if (this.pendingPage && this.pending && this.pending.length > 0) {
      this.pending.push('');
      this.pendingPage.write(Buffer.from(this.pending.join('\n'), 'latin1'));
    }
    this.pending = undefined;
    this.pendingPage = undefined;
  }
}
