import type { ListBlock, ListItem } from '../document-model.js';
import {
  type BreakRule,
  EMPTY_BLOCK,
  flowLines,
  minStartHeight,
  type PreparedBlock,
} from './block-flow.js';
import type { StructElement } from './pdfkit-document.js';
import { type RenderContext, structUnder, writeTagged } from './render-context.js';
import { textObject } from './text-draw.js';
import { breakLines, type Line, plainRun, styledRuns } from './text-layout.js';
import { SPACE, TYPE } from './theme.js';

/**
 * Bullet and numbered lists, nested up to three levels. In the tag tree each item is
 * LI > (Lbl, LBody): the label is real text (the bullet or number), so no reader meets an
 * empty label, and a nested list sits inside its parent item's LBody. The list's lines
 * flow as one run, so widow and orphan rules hold across item boundaries too.
 */
interface PreparedItem {
  readonly label: Line[];
  readonly lines: Line[];
  readonly children: PreparedItem[];
  readonly depth: number;
  readonly parent: PreparedItem | undefined;
}

/** One line of the list in reading order. */
interface Row {
  readonly item: PreparedItem;
  readonly line: Line;
  readonly first: boolean;
  /** The line's place in its item, and the item's number of lines. */
  readonly index: number;
  readonly count: number;
}

/** Tag-tree elements of an item, made when its first line is drawn. */
interface ItemElements {
  readonly label: StructElement;
  readonly body: StructElement;
  nested?: StructElement;
}

const BULLETS = ['•', '–', '•'];
const LABEL_GAP = 5;
const EMPTY_LINE: Line = { pieces: [], width: 0 };

export function prepareList(ctx: RenderContext, block: ListBlock): PreparedBlock {
  const style = TYPE.body;
  const labelWidth = Math.max(SPACE.listIndent, widestLabel(block) + LABEL_GAP);
  const prepare = (
    items: readonly ListItem[],
    depth: number,
    parent: PreparedItem | undefined,
  ): PreparedItem[] => {
    const first = depth === 0 && Number.isSafeInteger(block.start) ? block.start : 1;
    return (Array.isArray(items) ? items : []).map((entry, index) => {
      const labelText = listLabel(block.ordered, depth, first + index);
      const item: PreparedItem = {
        depth,
        parent,
        label: breakLines(plainRun(labelText, 'regular'), style.size, labelWidth),
        lines: breakLines(
          styledRuns(entry.content),
          style.size,
          ctx.frame.width - textIndent(depth, labelWidth),
        ),
        children: [],
      };
      item.children.push(...prepare(entry.items ?? [], Math.min(depth + 1, 2), item));
      return item;
    });
  };
  const rows: Row[] = [];
  const addRows = (items: readonly PreparedItem[]) => {
    for (const item of items) {
      const lines = item.lines.length > 0 ? item.lines : [EMPTY_LINE];
      lines.forEach((line, index) => {
        rows.push({ item, line, first: index === 0, index, count: lines.length });
      });
      addRows(item.children);
    }
  };
  addRows(prepare(block.items, 0, undefined));
  if (rows.length === 0) return EMPTY_BLOCK;
  const heights = rows.map((row, index) =>
    row.first && index > 0 ? style.leading + SPACE.listItem : style.leading,
  );
  // Between items, or inside an item with two of its lines on each side.
  const breakable: BreakRule = (at) => {
    const row = rows[at];
    return row !== undefined && (row.first || (row.index >= 2 && row.count - row.index >= 2));
  };
  return {
    spaceBefore: SPACE.block,
    minStart: minStartHeight(heights, breakable),
    keepWithNext: false,
    draw(ctx, parent, keepAfter) {
      const list = structUnder(ctx, parent, 'L');
      const elements = new Map<PreparedItem, ItemElements>();
      const elementsOf = (item: PreparedItem): ItemElements => {
        let found = elements.get(item);
        if (!found) {
          const container = item.parent ? nestedList(ctx, elementsOf(item.parent)) : list;
          const entry = structUnder(ctx, container, 'LI');
          found = { label: structUnder(ctx, entry, 'Lbl'), body: structUnder(ctx, entry, 'LBody') };
          elements.set(item, found);
        }
        return found;
      };
      flowLines(
        ctx,
        heights,
        keepAfter,
        (from, to, top) => {
          let y = top;
          let run: { item: PreparedItem; lines: Line[]; top: number } | undefined;
          const flush = () => {
            if (!run) return;
            const x = ctx.frame.left + textIndent(run.item.depth, labelWidth);
            const content = textObject(ctx.fonts, run.lines, {
              x,
              top: run.top,
              width: ctx.frame.right - x,
              style,
            });
            writeTagged(ctx, elementsOf(run.item).body, 'LBody', content);
            run = undefined;
          };
          for (let index = from; index < to; index += 1) {
            const row = rows[index];
            if (!row) continue;
            if (row.first && index > from) y += SPACE.listItem;
            if (run?.item !== row.item) flush();
            if (row.first) {
              const x = ctx.frame.left + textIndent(row.item.depth, labelWidth) - labelWidth;
              const labelText = textObject(ctx.fonts, row.item.label.slice(0, 1), {
                x,
                top: y,
                width: labelWidth - LABEL_GAP,
                style,
                align: 'right',
              });
              writeTagged(ctx, elementsOf(row.item).label, 'Lbl', labelText);
            }
            if (row.line !== EMPTY_LINE) {
              if (!run) run = { item: row.item, lines: [], top: y };
              run.lines.push(row.line);
            }
            y += style.leading;
          }
          flush();
          return y - top;
        },
        breakable,
      );
      list.end();
    },
  };
}

/** The L element inside an item's LBody that holds its sub-items. */
function nestedList(ctx: RenderContext, parent: ItemElements): StructElement {
  parent.nested ??= structUnder(ctx, parent.body, 'L');
  return parent.nested;
}

function textIndent(depth: number, labelWidth: number): number {
  return depth * SPACE.listIndent + labelWidth;
}

/** "•", "–" for bullets; "3.", "c.", "iii." for numbered items at depths 0, 1, 2. */
export function listLabel(ordered: boolean, depth: number, n: number): string {
  if (!ordered) return BULLETS[depth] ?? '•';
  if (depth === 1) return `${letters(n)}.`;
  if (depth === 2) return `${roman(n)}.`;
  return `${n}.`;
}

function widestLabel(block: ListBlock): number {
  if (!block.ordered) return 0;
  const start = Number.isSafeInteger(block.start) ? block.start : 1;
  const count = Array.isArray(block.items) ? block.items.length : 0;
  const last = start + Math.max(0, count - 1);
  const candidates = [`${last}.`, `${start}.`, 'viii.', 'mm.'];
  let widest = 0;
  for (const text of candidates) {
    const [line] = breakLines(plainRun(text, 'regular'), TYPE.body.size, Number.POSITIVE_INFINITY);
    widest = Math.max(widest, line?.width ?? 0);
  }
  return widest;
}

function letters(n: number): string {
  let value = Math.max(1, Math.floor(n));
  let text = '';
  while (value > 0) {
    value -= 1;
    text = String.fromCharCode(97 + (value % 26)) + text;
    value = Math.floor(value / 26);
  }
  return text;
}

function roman(n: number): string {
  let value = Math.min(3999, Math.max(1, Math.floor(n)));
  const numerals: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let text = '';
  for (const [amount, numeral] of numerals) {
    while (value >= amount) {
      text += numeral;
      value -= amount;
    }
  }
  return text;
}
