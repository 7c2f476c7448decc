import type { DocumentSection } from '../document-model.js';
import { flowBlocks } from './block-flow.js';
import { prepareBlock } from './blocks.js';
import { text } from './format.js';
import { drawHeadingLines, sectionHeadingLines } from './heading.js';
import { line } from './pdf-ops.js';
import type { StructElement } from './pdfkit-document.js';
import {
  BlockTooTallError,
  fitsOnPage,
  newPage,
  PageLimitError,
  type RenderContext,
  structUnder,
  writeArtifact,
} from './render-context.js';
import { COLOR, SPACE, TYPE } from './theme.js';

/** Between the section heading and the rule under it. */
const RULE_GAP = 4;

/**
 * A section of the bid: it starts a page, its heading is the one outline entry for it
 * (an H1 under a Sect in the tag tree), and its blocks flow after it.
 */
export function drawSection(
  ctx: RenderContext,
  section: DocumentSection,
  parent: StructElement,
): void {
  try {
    drawSectionPages(ctx, section, parent);
  } catch (error) {
    if (error instanceof PageLimitError && error.section === undefined) {
      throw new PageLimitError(section.id);
    }
    throw error;
  }
}

function drawSectionPages(
  ctx: RenderContext,
  section: DocumentSection,
  parent: StructElement,
): void {
  newPage(ctx);
  const heading = text(section.heading).trim() || text(section.id);
  const sect = structUnder(ctx, parent, 'Sect');
  ctx.doc.outline.addItem(heading);
  const headingLines = sectionHeadingLines(ctx, heading);
  if (!fitsOnPage(ctx, headingLines.length * TYPE.h1.leading + RULE_GAP)) {
    throw new BlockTooTallError('the section heading is taller than a page; shorten it');
  }
  drawHeadingLines(ctx, sect, 'H1', headingLines, TYPE.h1);
  const { left, right } = ctx.frame;
  const ruleY = ctx.y + RULE_GAP;
  writeArtifact(ctx, 'Layout', line(left, ruleY, right, ruleY, 1, COLOR.accent));
  ctx.y = ruleY + SPACE.afterH1;
  const blocks = (Array.isArray(section.blocks) ? section.blocks : []).map((block) =>
    prepareBlock(ctx, block),
  );
  flowBlocks(ctx, blocks, sect);
  sect.end();
}
