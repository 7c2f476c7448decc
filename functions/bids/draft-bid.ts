import type {
  BidDocument,
  Block,
  ChangesSincePrevious,
  FigureSource,
  SnapshotRef,
} from '../document-model.js';
import { deriveFigures, type Provenance, sourcesOf } from '../figures/derive-figures.js';
import type { FigureRead, WordLimitWarning } from '../narrative/render-narrative.js';
import { renderNarrative } from '../narrative/render-narrative.js';
import { TemplateError } from '../narrative/template-error.js';
import type { TemplateSource } from '../narrative/template-schema.js';
import type { Programme } from '../programmes/programme-schema.js';
import { type RenderedPdf, renderBidPdf } from '../render/render-bid-pdf.js';
import { BlockTooTallError, PageLimitError } from '../render/render-context.js';

export type BidWarning = WordLimitWarning;

export interface DraftBidInput {
  /** The snapshot's frozen programme document. */
  programme: Programme;
  snapshot: SnapshotRef;
  template: TemplateSource;
  /** YYYY-MM-DD: printed on the title page and fixed as the PDF's creation date. */
  date: string;
  /** Drafts carry a DRAFT watermark; defaults to true. */
  draft?: boolean;
  /** The previous snapshot and what differs from it, listed in the appendix. */
  changesSincePrevious?: ChangesSincePrevious;
}

export interface DraftBid {
  document: BidDocument;
  pdf: RenderedPdf;
  warnings: BidWarning[];
}

/**
 * The bid engine: snapshot → figures → narrative → document → PDF.
 *
 * 1. Derive the figures (totals, periods, rates) from the snapshot's counts.
 * 2. Fill the template's sections with them; an unknown figure stops here, named.
 * 3. List every number the template read, with the programme fields it came from.
 * 4. Render the document; word-limit overruns are returned as warnings, not refused. A
 *    document too long to draw (PageLimitError), or with a heading, chart or title page
 *    taller than a page (BlockTooTallError), is the template's fault: a TemplateError of
 *    kind 'limit', at the block's line.
 */
export async function draftBid(input: DraftBidInput): Promise<DraftBid> {
  const { figures, provenance } = deriveFigures(input.programme);
  const narrative = await renderNarrative(input.template, {
    programme: input.programme,
    snapshot: input.snapshot,
    figures,
  });
  const document: BidDocument = {
    title: narrative.title,
    competition: narrative.competition,
    programmeName: input.programme.name,
    institution: input.programme.institution,
    author: narrative.author ?? input.programme.institution,
    date: input.date,
    lang: narrative.lang,
    draft: input.draft ?? true,
    snapshot: input.snapshot,
    sections: narrative.sections,
    sources: figureSources(narrative.reads, provenance),
    ...(input.changesSincePrevious ? { changesSincePrevious: input.changesSincePrevious } : {}),
  };
  const pdf = await renderPdf(document, narrative.blockLines);
  return { document, pdf, warnings: narrative.warnings };
}

async function renderPdf(
  document: BidDocument,
  blockLines: ReadonlyMap<Block, number>,
): Promise<RenderedPdf> {
  try {
    return await renderBidPdf(document);
  } catch (error) {
    if (error instanceof PageLimitError) {
      throw new TemplateError({
        kind: 'limit',
        section: error.section ?? 'title',
        part: 'body',
        line: 1,
        detail: `the bid would be longer than ${error.limit} pages; shorten the text, tables or lists`,
        cause: error,
      });
    }
    if (error instanceof BlockTooTallError) {
      const section = error.section ?? 'title';
      throw new TemplateError({
        kind: 'limit',
        section,
        part: section === 'title' ? 'title' : error.block ? 'body' : 'heading',
        line: (error.block && blockLines.get(error.block)) ?? 1,
        detail: error.detail,
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The numbers a template printed, each with the fields behind it, for the appendix. Values
 * are shown exactly as stored (a year stays 2026), not as the narrative formatted them.
 */
function figureSources(reads: readonly FigureRead[], provenance: Provenance): FigureSource[] {
  return reads
    .filter((read): read is FigureRead & { value: number } => typeof read.value === 'number')
    .map((read) => ({
      name: read.path,
      value: String(read.value),
      sources: sourcesOf(read.path, provenance),
    }));
}
