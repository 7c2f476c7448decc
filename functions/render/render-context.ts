import type { BidDocument, Block } from '../document-model.js';
import type { DocumentFonts } from './document-fonts.js';
import type {
  PdfDocument,
  StructContent,
  StructElement,
  StructOptions,
} from './pdfkit-document.js';
import { MARGIN, PAGE } from './theme.js';

/** The text block of a page, in pdfkit's top-down coordinates. */
export interface Frame {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly width: number;
}

/**
 * What every layout function draws with: the pdfkit document, its fonts, the frame, and
 * the flow's cursor. Pages are only added through `newPage`, and no marked content is
 * left open across it, so everything a page holds is closed on that page.
 */
export interface RenderContext {
  readonly doc: PdfDocument;
  readonly fonts: DocumentFonts;
  readonly bid: BidDocument;
  readonly frame: Frame;
  /** Top of the free space on the current page. */
  y: number;
}

export const FRAME: Frame = {
  left: MARGIN.left,
  right: PAGE.width - MARGIN.right,
  top: MARGIN.top,
  bottom: PAGE.height - MARGIN.bottom,
  width: PAGE.width - MARGIN.left - MARGIN.right,
};

/** Most pages a bid's PDF may have; drawing stops with a PageLimitError at the next one. */
export const MAX_PAGES = 100;

/** The document would need more than MAX_PAGES pages. */
export class PageLimitError extends Error {
  readonly limit = MAX_PAGES;

  /** `section`: the id of the section being drawn when the limit was reached. */
  constructor(readonly section?: string) {
    super(`the bid would be longer than ${MAX_PAGES} pages`);
    this.name = 'PageLimitError';
  }
}

/**
 * Something drawn whole on one page (the title page, a heading, a chart, a table's header
 * row) is taller than a page, so it would run off the page's foot: the bid is refused
 * rather than drawn so. The text that makes it so must be shortened.
 */
export class BlockTooTallError extends Error {
  constructor(
    /** What is too tall and what to do, e.g. `the chart "Posts" is taller than a page; …`. */
    readonly detail: string,
    /** The section's block, absent for the title page and a section's own heading. */
    readonly block?: Block,
    /** The id of the section being drawn, "title" for the title page. */
    readonly section?: string,
  ) {
    super(`${section ? `section "${section}": ` : ''}${detail}`);
    this.name = 'BlockTooTallError';
  }

  /** The same error, placed in a section. */
  in(section: string): BlockTooTallError {
    return this.section ? this : new BlockTooTallError(this.detail, this.block, section);
  }
}

/** Whether something `height` tall fits on an empty page. */
export function fitsOnPage(ctx: RenderContext, height: number): boolean {
  return height <= ctx.frame.bottom - ctx.frame.top + 0.01;
}

/** Up to 40 characters of `text`, in quotation marks, to name it in an error. */
export function quoted(text: string): string {
  const characters = [...text.replace(/\s+/g, ' ').trim()];
  if (characters.length <= 40) return `"${characters.join('')}"`;
  return `"${characters.slice(0, 39).join('')}…"`;
}

export function newPage(ctx: RenderContext): void {
  if (ctx.doc.bufferedPageRange().count >= MAX_PAGES) throw new PageLimitError();
  ctx.doc.addPage();
  ctx.y = ctx.frame.top;
}

export function atPageTop(ctx: RenderContext): boolean {
  return ctx.y <= ctx.frame.top + 0.01;
}

export function roomLeft(ctx: RenderContext): number {
  return ctx.frame.bottom - ctx.y;
}

/**
 * Starts a new page unless `height` fits below the cursor (or the page is still empty: what
 * is drawn whole has been checked to fit on a page, see BlockTooTallError).
 */
export function ensureRoom(ctx: RenderContext, height: number): void {
  if (height > roomLeft(ctx) + 0.01 && !atPageTop(ctx)) newPage(ctx);
}

/** A new structure element under `parent`. */
export function structUnder(
  ctx: RenderContext,
  parent: StructElement,
  type: string,
  options?: StructOptions,
): StructElement {
  const element = ctx.doc.struct(type, options);
  parent.add(element);
  return element;
}

/**
 * Writes `content` as marked content of `element` on the current page. Call once per page
 * a block spans: each call is one marked-content sequence (one MCID) of that page.
 */
export function writeTagged(
  ctx: RenderContext,
  element: StructElement,
  tag: string,
  content: string,
): void {
  const marked: StructContent = ctx.doc.markStructureContent(tag);
  writeContent(ctx, content);
  ctx.doc.endMarkedContent();
  element.add(marked);
}

/** Appends operators to the current page. */
export function writeContent(ctx: RenderContext, content: string): void {
  ctx.doc.addContent(content);
}

/** Writes decoration (rules, fills, running footers) as an artifact outside the tag tree. */
export function writeArtifact(
  ctx: RenderContext,
  type: 'Pagination' | 'Layout',
  content: string,
): void {
  ctx.doc.markContent('Artifact', { type });
  writeContent(ctx, content);
  ctx.doc.endMarkedContent();
}
