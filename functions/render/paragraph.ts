import type { ParagraphBlock } from '../document-model.js';
import { EMPTY_BLOCK, flowLines, minStartHeight, type PreparedBlock } from './block-flow.js';
import { type RenderContext, structUnder, writeTagged } from './render-context.js';
import { textObject } from './text-draw.js';
import { breakLines, styledRuns } from './text-layout.js';
import { SPACE, TYPE } from './theme.js';

/**
 * A paragraph of body text, tagged P, split across pages two lines at a time at the
 * least. A paragraph that ends in a colon introduces what follows (a list, table or
 * chart), so its last lines stay on the page where that starts.
 */
export function prepareParagraph(ctx: RenderContext, block: ParagraphBlock): PreparedBlock {
  const style = TYPE.body;
  const runs = styledRuns(block.content);
  const lines = breakLines(runs, style.size, ctx.frame.width);
  if (lines.length === 0) return EMPTY_BLOCK;
  const heights = lines.map(() => style.leading);
  return {
    spaceBefore: SPACE.block,
    minStart: minStartHeight(heights),
    keepWithNext: runs.at(-1)?.text.endsWith(':') ?? false,
    draw(ctx, parent, keepAfter) {
      const element = structUnder(ctx, parent, 'P');
      flowLines(ctx, heights, keepAfter, (from, to, top) => {
        const chunk = lines.slice(from, to);
        const { left: x, width } = ctx.frame;
        writeTagged(ctx, element, 'P', textObject(ctx.fonts, chunk, { x, top, width, style }));
        return chunk.length * style.leading;
      });
      element.end();
    },
  };
}
