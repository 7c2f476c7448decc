import type { Block, Inline, ListItem } from '../document-model.js';

/**
 * A word: letters or digits, joined through hyphens and apostrophes ("well-being", "funder's"
 * count once) and, between digits, through the separators of numbers and ranges ("1,234",
 * "2.5", "2026–27" count once). Symbols around it do not count: "64%" is one word, "—" none.
 */
const WORD = /[\p{L}\p{N}]+(?:(?:['’\-‐‑]|(?<=\p{N})[.,–](?=\p{N}))[\p{L}\p{N}]+)*/gu;

/** Words in a piece of text, by the rule above. */
export function countTextWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

function inlineWords(content: readonly Inline[]): number {
  return countTextWords(content.map((run) => run.text).join(''));
}

function itemWords(items: readonly ListItem[]): number {
  return items.reduce((sum, item) => sum + inlineWords(item.content) + itemWords(item.items), 0);
}

/**
 * Words of prose in a section, as a funder's word limit counts them: headings, paragraphs and
 * list items; not tables or charts.
 */
export function countWords(blocks: readonly Block[]): number {
  let words = 0;
  for (const block of blocks) {
    if (block.kind === 'heading' || block.kind === 'paragraph') words += inlineWords(block.content);
    else if (block.kind === 'list') words += itemWords(block.items);
  }
  return words;
}
