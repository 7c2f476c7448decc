import type { Block } from '../document-model.js';
import { EMPTY_BLOCK, type PreparedBlock } from './block-flow.js';
import { prepareChart } from './chart.js';
import { prepareHeading } from './heading.js';
import { prepareList } from './list.js';
import { prepareParagraph } from './paragraph.js';
import type { RenderContext } from './render-context.js';
import { prepareTable } from './table.js';

/** Lays out one block of a section for the frame; an unknown kind draws nothing. */
export function prepareBlock(ctx: RenderContext, block: Block): PreparedBlock {
  switch (block.kind) {
    case 'heading':
      return prepareHeading(ctx, block);
    case 'paragraph':
      return prepareParagraph(ctx, block);
    case 'list':
      return prepareList(ctx, block);
    case 'table':
      return prepareTable(ctx, block);
    case 'chart':
      return prepareChart(ctx, block);
    default:
      return EMPTY_BLOCK;
  }
}
