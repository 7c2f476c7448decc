import type { StructElement } from './pdfkit-document.js';
import { atPageTop, newPage, type RenderContext, roomLeft } from './render-context.js';

/**
 * A block laid out for the current frame width, ready to be placed. Layout (line breaking,
 * column widths) happens before placement so that a heading can ask how much of the next
 * block must fit beside it: that is what keeps headings off page feet.
 */
export interface PreparedBlock {
  /** Space above the block when it follows other content; dropped at a page top. */
  readonly spaceBefore: number;
  /** The part that cannot be split from the block's start: what must fit at a page foot. */
  readonly minStart: number;
  /** The block's end must share a page with the next block's start (headings, lead-in lines). */
  readonly keepWithNext: boolean;
  /**
   * Draws at the cursor, adding pages as needed, and tags the result under `parent`.
   * `keepAfter` is the room the next block's start needs when `keepWithNext` is set.
   */
  draw(ctx: RenderContext, parent: StructElement, keepAfter: number): void;
}

export const EMPTY_BLOCK: PreparedBlock = {
  spaceBefore: 0,
  minStart: 0,
  keepWithNext: false,
  draw: () => undefined,
};

/**
 * Places prepared blocks in order from the cursor, passing each the room its successor
 * needs. The first block sits right at the cursor (the caller has spaced it).
 */
export function flowBlocks(
  ctx: RenderContext,
  blocks: readonly PreparedBlock[],
  parent: StructElement,
): void {
  let first = true;
  blocks.forEach((block, index) => {
    if (block === EMPTY_BLOCK) return;
    if (!first && !atPageTop(ctx)) ctx.y += block.spaceBefore;
    first = false;
    block.draw(ctx, parent, keepRoom(blocks, index));
  });
}

/** Room the blocks after `index` need on the same page, following chains of kept blocks. */
function keepRoom(blocks: readonly PreparedBlock[], index: number): number {
  const block = blocks[index];
  if (!block?.keepWithNext) return 0;
  let room = 0;
  for (let next = index + 1; next < blocks.length; next += 1) {
    const following = blocks[next];
    if (!following || following === EMPTY_BLOCK) continue;
    room += following.spaceBefore + following.minStart;
    if (!following.keepWithNext) break;
  }
  return room;
}

/** Whether a run of lines may break before line `index` (beyond the widow and orphan rules). */
export type BreakRule = (index: number) => boolean;

const ANYWHERE: BreakRule = () => true;

/**
 * Whether a page may end before line `at` of `count`: it keeps two lines together at a
 * page foot (no orphan) and at a page head (no widow), and obeys the block's own rule.
 */
function canBreak(at: number, count: number, rule: BreakRule): boolean {
  return at >= 2 && count - at >= 2 && rule(at);
}

/** The unsplittable start of a run of lines: up to its first allowed break, or all of it. */
export function minStartHeight(heights: readonly number[], rule: BreakRule = ANYWHERE): number {
  let height = 0;
  for (let index = 0; index < heights.length; index += 1) {
    if (index > 0 && canBreak(index, heights.length, rule)) return height;
    height += heights[index] ?? 0;
  }
  return height;
}

/**
 * Places lines of the given heights across pages, calling `drawChunk(from, to, top)` once
 * per page; it draws lines [from, to) from `top` and returns the height it used. Pages
 * break only where `canBreak` allows; with `keepAfter`, the run's end moves to the next
 * page when the next block's start would not fit after it, so a lead-in line is never
 * stranded above a table or chart.
 */
export function flowLines(
  ctx: RenderContext,
  heights: readonly number[],
  keepAfter: number,
  drawChunk: (from: number, to: number, top: number) => number,
  rule: BreakRule = ANYWHERE,
): void {
  let from = 0;
  while (from < heights.length) {
    const take = linesForThisPage(ctx, heights, from, keepAfter, rule);
    if (take === 0) {
      newPage(ctx);
      continue;
    }
    ctx.y += drawChunk(from, from + take, ctx.y);
    from += take;
    if (from < heights.length) newPage(ctx);
  }
}

/** How many lines from `from` go on this page; 0 moves them all to the next page. */
function linesForThisPage(
  ctx: RenderContext,
  heights: readonly number[],
  from: number,
  keepAfter: number,
  rule: BreakRule,
): number {
  const count = heights.length;
  const room = roomLeft(ctx) + 0.01;
  let fit = 0;
  let used = 0;
  while (from + fit < count && used + (heights[from + fit] ?? 0) <= room) {
    used += heights[from + fit] ?? 0;
    fit += 1;
  }
  const top = atPageTop(ctx);
  const lastBreak = (limit: number): number => {
    for (let at = Math.min(limit, count - 1); at > from; at -= 1) {
      if (canBreak(at, count, rule)) return at - from;
    }
    return 0;
  };
  if (from + fit >= count) {
    if (keepAfter <= 0 || used + keepAfter <= room || top) return count - from;
    return lastBreak(count - 2);
  }
  const take = lastBreak(from + fit);
  if (take === 0 && top) return Math.max(1, fit);
  return take;
}
