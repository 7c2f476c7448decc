import type { HeadingBlock } from '../document-model.js';
import { EMPTY_BLOCK, type PreparedBlock } from './block-flow.js';
import type { StructElement } from './pdfkit-document.js';
import {
  BlockTooTallError,
  ensureRoom,
  fitsOnPage,
  quoted,
  type RenderContext,
  structUnder,
  writeTagged,
} from './render-context.js';
import { textObject } from './text-draw.js';
import { breakLines, type Line, plainRun, styledRuns } from './text-layout.js';
import { SPACE, type TextStyle, TYPE } from './theme.js';

const STYLES: Readonly<Record<2 | 3 | 4, TextStyle>> = { 2: TYPE.h2, 3: TYPE.h3, 4: TYPE.h4 };

/**
 * A sub-heading inside a section (H2–H4 in the tag tree; never an outline entry: the
 * outline lists sections only). It is never split and never left at a page foot: it
 * moves to the next page unless the start of what follows fits under it.
 */
export function prepareHeading(ctx: RenderContext, block: HeadingBlock): PreparedBlock {
  const level = block.level === 3 || block.level === 4 ? block.level : 2;
  const style = STYLES[level];
  const lines = breakLines(
    styledRuns(block.content, { bold: true, italic: level === 4 }),
    style.size,
    ctx.frame.width,
  );
  if (lines.length === 0) return EMPTY_BLOCK;
  const height = lines.length * style.leading + SPACE.afterHeading;
  if (!fitsOnPage(ctx, height)) {
    const text = block.content.map((run) => run.text).join('');
    throw new BlockTooTallError(
      `the heading ${quoted(text)} is taller than a page; shorten it`,
      block,
    );
  }
  return {
    spaceBefore: SPACE.beforeHeading,
    minStart: height,
    keepWithNext: true,
    draw(ctx, parent, keepAfter) {
      ensureRoom(ctx, height + keepAfter);
      drawHeadingLines(ctx, parent, `H${level}`, lines, style);
      ctx.y += SPACE.afterHeading;
    },
  };
}

/** The section heading's lines: bold, in the accent colour, wrapped to the frame. */
export function sectionHeadingLines(ctx: RenderContext, text: string): Line[] {
  return breakLines(plainRun(text, 'bold'), TYPE.h1.size, ctx.frame.width);
}

export function drawHeadingLines(
  ctx: RenderContext,
  parent: StructElement,
  tag: string,
  lines: readonly Line[],
  style: TextStyle,
): void {
  const element = structUnder(ctx, parent, tag);
  const { left: x, width } = ctx.frame;
  writeTagged(ctx, element, tag, textObject(ctx.fonts, lines, { x, top: ctx.y, width, style }));
  element.end();
  ctx.y += lines.length * style.leading;
}
