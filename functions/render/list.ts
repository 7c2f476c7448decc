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

/** An item of the document with its label, before any line is broken. */
interface LabelledItem {
  readonly entry: ListItem;
  readonly depth: number;
  readonly label: string;
  readonly children: LabelledItem[];
}

const BULLETS = ['•', '–', '•'];
const LABEL_GAP = 5;
const EMPTY_LINE: Line = { pieces: [], width: 0 };
/** The largest number roman numerals write without a bar over them: mmmcmxcix. */
const MAX_ROMAN = 3999;

export function prepareList(ctx: RenderContext, block: ListBlock): PreparedBlock {
  const style = TYPE.body;
  const labelled = labelItems(block.ordered, block.items, 0, firstNumber(block.start));
  const labelWidth = Math.max(SPACE.listIndent, widestLabel(block, labelled) + LABEL_GAP);
  const prepare = (
    items: readonly LabelledItem[],
    parent: PreparedItem | undefined,
  ): PreparedItem[] =>
    items.map(({ entry, depth, label, children }) => {
      const item: PreparedItem = {
        depth,
        parent,
        label: breakLines(plainRun(label, 'regular'), style.size, labelWidth),
        lines: breakLines(
          styledRuns(entry.content),
          style.size,
          ctx.frame.width - textIndent(depth, labelWidth),
        ),
        children: [],
      };
      item.children.push(...prepare(children, item));
      return item;
    });
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
  addRows(prepare(labelled, undefined));
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

/**
 * The items of a list at `depth`, and of the lists nested in them, with their labels: a
 * nested numbered list counts from its own first number, as the outer list does, and so does
 * a second list nested in the same item (its first item carries its number).
 */
function labelItems(
  ordered: boolean,
  items: readonly ListItem[],
  depth: number,
  first: number,
): LabelledItem[] {
  const entries = Array.isArray(items) ? items : [];
  const labels: string[] = [];
  let runStart = 0;
  let runFirst = first;
  entries.forEach((entry, index) => {
    const number = ordered && index > 0 ? entry.number : undefined;
    if (typeof number === 'number' && Number.isSafeInteger(number)) {
      labels.push(...listLabels(ordered, depth, runFirst, index - runStart));
      runStart = index;
      runFirst = number;
    }
  });
  labels.push(...listLabels(ordered, depth, runFirst, entries.length - runStart));
  return entries.map((entry, index) => ({
    entry,
    depth,
    label: labels[index] ?? '',
    children: labelItems(
      ordered,
      entry.items ?? [],
      Math.min(depth + 1, 2),
      firstNumber(entry.start),
    ),
  }));
}

function firstNumber(start: unknown): number {
  return typeof start === 'number' && Number.isSafeInteger(start) ? start : 1;
}

/**
 * Labels of `count` items of a list at `depth` (0–2) counting from `first`: "•", "–", "•"
 * for bullets; "3.", "c.", "iii." for numbered items at depths 0, 1, 2. A nested list that
 * letters or roman numerals cannot count (one that starts at 0, or runs past 3,999 in roman
 * numerals) is numbered in digits instead.
 */
export function listLabels(
  ordered: boolean,
  depth: number,
  first: number,
  count: number,
): string[] {
  const numbers = Array.from({ length: count }, (_, index) => first + index);
  if (!ordered) return numbers.map(() => BULLETS[depth] ?? '•');
  if (depth === 1 && first >= 1) return numbers.map((n) => `${letters(n)}.`);
  if (depth === 2 && first >= 1 && first + count - 1 <= MAX_ROMAN) {
    return numbers.map((n) => `${roman(n)}.`);
  }
  return numbers.map((n) => `${n}.`);
}

/**
 * The widest label of the list. A numbered list's labels take at least the room of "viii."
 * and "mm.", so that numbered lists line up whatever their numbers.
 */
function widestLabel(block: ListBlock, items: readonly LabelledItem[]): number {
  let widest = 0;
  const measure = (text: string) => {
    const [line] = breakLines(plainRun(text, 'regular'), TYPE.body.size, Number.POSITIVE_INFINITY);
    widest = Math.max(widest, line?.width ?? 0);
  };
  if (block.ordered) {
    measure('viii.');
    measure('mm.');
  }
  const walk = (level: readonly LabelledItem[]) => {
    for (const item of level) {
      measure(item.label);
      walk(item.children);
    }
  };
  walk(items);
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
