import type { Block, ListItem } from '../document-model.js';
import { groupDigits } from '../group-digits.js';
import { LIMITS } from './liquid-engine.js';
import { TemplateError } from './template-error.js';

function listItemCount(items: readonly ListItem[]): number {
  return items.reduce((count, item) => count + 1 + listItemCount(item.items), 0);
}

/** Headings, paragraphs and charts count one each, a list its items, a table its rows. */
export function blockCount(blocks: readonly Block[]): number {
  let count = 0;
  for (const block of blocks) {
    if (block.kind === 'list') count += listItemCount(block.items);
    else if (block.kind === 'table') count += 1 + block.rows.length;
    else count += 1;
  }
  return count;
}

/** The sections up to `section` hold more blocks than a bid may (LIMITS.documentBlocks). */
export function tooManyBlocksError(section: string): TemplateError {
  return new TemplateError({
    kind: 'limit',
    section,
    part: 'body',
    line: 1,
    detail: `the sections together have more than ${groupDigits(LIMITS.documentBlocks)} headings, paragraphs, list items, table rows and charts`,
  });
}
