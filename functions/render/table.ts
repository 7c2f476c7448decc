import type { ColumnAlign, TableBlock } from '../document-model.js';
import { EMPTY_BLOCK, type PreparedBlock } from './block-flow.js';
import { fillRect, line } from './pdf-ops.js';
import type { StructElement } from './pdfkit-document.js';
import {
  atPageTop,
  BlockTooTallError,
  fitsOnPage,
  newPage,
  type RenderContext,
  roomLeft,
  structUnder,
  writeArtifact,
  writeTagged,
} from './render-context.js';
import { type Align, textObject } from './text-draw.js';
import { breakLines, type Line, measureRuns, type StyledRun, styledRuns } from './text-layout.js';
import { COLOR, SPACE, TYPE } from './theme.js';

/**
 * GFM tables: columns sized to their content, cell text wrapped, each column aligned as
 * the Markdown said. A table splits between rows (a row taller than a page splits between
 * lines) and repeats its header row at the top of every page it continues on; the repeat
 * is an artifact, so the tag tree (Table > TR > TH/TD) holds the header once.
 */
interface PreparedRow {
  readonly cells: readonly (readonly Line[])[];
  /** Lines of the tallest cell. */
  readonly lineCount: number;
}

interface TableLayout {
  readonly widths: readonly number[];
  readonly aligns: readonly Align[];
  readonly header: PreparedRow;
  readonly rows: readonly PreparedRow[];
}

/** A table laid out, with what must fit at a page foot for it to start there. */
interface PreparedTable extends TableLayout {
  readonly startHeight: number;
}

const style = TYPE.table;
const RULE = 0.6;

export function prepareTable(ctx: RenderContext, block: TableBlock): PreparedBlock {
  const header = arrayOr(block.header);
  const rows = arrayOr(block.rows).map(arrayOr);
  const align = arrayOr(block.align);
  let columns = header.length;
  for (const row of rows) columns = Math.max(columns, row.length);
  if (columns === 0) return EMPTY_BLOCK;
  const headerRuns = range(columns).map((column) =>
    styledRuns(arrayOr(header[column]), { bold: true }),
  );
  const bodyRuns = rows.map((row) =>
    range(columns).map((column) => styledRuns(arrayOr(row[column]))),
  );
  const widths = columnWidths(ctx.frame.width, [headerRuns, ...bodyRuns], columns);
  const wrap = (cells: readonly StyledRun[][]): PreparedRow => {
    const lines = cells.map((runs, column) =>
      breakLines(runs, style.size, (widths[column] ?? 0) - 2 * SPACE.cellPadX),
    );
    return { cells: lines, lineCount: Math.max(1, ...lines.map((cell) => cell.length)) };
  };
  const rowsLayout: TableLayout = {
    widths,
    aligns: range(columns).map((column) => alignOf(align[column])),
    header: wrap(headerRuns),
    rows: bodyRuns.map(wrap),
  };
  const layout: PreparedTable = { ...rowsLayout, startHeight: startHeight(ctx, rowsLayout) };
  // The header row starts every page the table is on, with at least one line of a row under it.
  if (!fitsOnPage(ctx, rowHeight(layout.header) + (layout.rows.length > 0 ? lineRoom(1) : 0))) {
    throw new BlockTooTallError(
      "a table's header row leaves no room on a page for its rows; shorten the header",
      block,
    );
  }
  return {
    spaceBefore: SPACE.block + 2,
    minStart: layout.startHeight,
    keepWithNext: false,
    draw(ctx, parent) {
      drawTable(ctx, parent, layout);
    },
  };
}

function drawTable(ctx: RenderContext, parent: StructElement, layout: PreparedTable): void {
  const table = structUnder(ctx, parent, 'Table');
  if (layout.startHeight > roomLeft(ctx) && !atPageTop(ctx)) newPage(ctx);
  const headerRow = structUnder(ctx, table, 'TR');
  const headerCells = layout.header.cells.map(() =>
    structUnder(ctx, headerRow, 'TH', { scope: 'Column' }),
  );
  drawRow(ctx, layout, layout.header, 0, layout.header.lineCount, headerCells, 'header');
  headerRow.end();
  let freshPage = true;
  let rowsOnPage = 0;
  const continueOnNewPage = () => {
    newPage(ctx);
    drawRow(ctx, layout, layout.header, 0, layout.header.lineCount, undefined, 'header');
    freshPage = true;
    rowsOnPage = 0;
  };
  const { rows } = layout;
  rows.forEach((row, index) => {
    const element = structUnder(ctx, table, 'TR');
    const cells = row.cells.map(() => structUnder(ctx, element, 'TD'));
    const last = rows[index + 1];
    if (index === rows.length - 2 && last && rowsOnPage >= 2) {
      // No widow row: the last row does not go over alone while the one before it fits.
      const both = rowHeight(row) + rowHeight(last);
      if (
        rowHeight(row) <= roomLeft(ctx) &&
        both > roomLeft(ctx) &&
        both <= pageRoom(ctx, layout)
      ) {
        continueOnNewPage();
      }
    }
    let from = 0;
    while (from < row.lineCount) {
      const remaining = row.lineCount - from;
      const fit = Math.floor((roomLeft(ctx) - 2 * SPACE.cellPadY + 0.01) / style.leading);
      if (!freshPage) {
        const wholeRowMoves =
          from === 0 && fit < remaining && fitsOnFreshPage(ctx, layout, remaining);
        if (wholeRowMoves || fit < Math.min(remaining, 2)) {
          continueOnNewPage();
          continue;
        }
      }
      const take = Math.max(1, Math.min(remaining, fit));
      drawRow(ctx, layout, row, from, from + take, cells, index % 2 === 1 ? 'stripe' : 'plain');
      freshPage = false;
      rowsOnPage += 1;
      from += take;
      if (from < row.lineCount) continueOnNewPage();
    }
    element.end();
  });
  table.end();
}

/**
 * Header and the first row: what must fit for the table to start. The first row is kept
 * whole, as every other row is, unless it is taller than a page, when its first two lines
 * are enough.
 */
function startHeight(ctx: RenderContext, layout: TableLayout): number {
  const first = layout.rows[0];
  if (!first) return rowHeight(layout.header);
  const whole = fitsOnFreshPage(ctx, layout, first.lineCount);
  return rowHeight(layout.header) + (whole ? rowHeight(first) : lineRoom(2));
}

/** Whether `lines` of a row fit on an empty page under a repeated header. */
function fitsOnFreshPage(ctx: RenderContext, layout: TableLayout, lines: number): boolean {
  return lineRoom(lines) <= pageRoom(ctx, layout);
}

/** Room for rows on a page that starts with the repeated header. */
function pageRoom(ctx: RenderContext, layout: TableLayout): number {
  return ctx.frame.bottom - ctx.frame.top - rowHeight(layout.header);
}

/**
 * Draws lines [from, to) of every cell of a row at the cursor and moves the cursor under
 * it. With `cells` the text is tagged to those TH/TD elements; without, it is a repeated
 * header and goes out as a pagination artifact.
 */
function drawRow(
  ctx: RenderContext,
  layout: TableLayout,
  row: PreparedRow,
  from: number,
  to: number,
  cells: readonly StructElement[] | undefined,
  kind: 'header' | 'stripe' | 'plain',
): void {
  const height = lineRoom(to - from);
  const { left, width } = ctx.frame;
  const top = ctx.y;
  const decoration: string[] = [];
  if (kind === 'header') decoration.push(fillRect(left, top, width, height, COLOR.headerFill));
  if (kind === 'stripe') decoration.push(fillRect(left, top, width, height, COLOR.stripe));
  const ruleWidth = kind === 'header' ? 1 : RULE;
  const ruleColor = kind === 'header' ? COLOR.accent : COLOR.rule;
  decoration.push(line(left, top + height, left + width, top + height, ruleWidth, ruleColor));
  writeArtifact(ctx, 'Layout', decoration.join('\n'));
  let x = left;
  row.cells.forEach((cellLines, column) => {
    const columnWidth = layout.widths[column] ?? 0;
    const chunk = cellLines.slice(from, to);
    const element = cells?.[column];
    if (chunk.length > 0) {
      const content = textObject(ctx.fonts, chunk, {
        x: x + SPACE.cellPadX,
        top: top + SPACE.cellPadY,
        width: columnWidth - 2 * SPACE.cellPadX,
        style,
        align: layout.aligns[column] ?? 'left',
      });
      const tag = kind === 'header' ? 'TH' : 'TD';
      if (element) writeTagged(ctx, element, tag, content);
      else writeArtifact(ctx, 'Pagination', content);
    }
    x += columnWidth;
  });
  ctx.y = top + height;
}

function rowHeight(row: PreparedRow): number {
  return lineRoom(row.lineCount);
}

function lineRoom(lines: number): number {
  return lines * style.leading + 2 * SPACE.cellPadY;
}

/**
 * Column widths from content: each column gets at least its longest word (up to 30% of
 * the frame; longer words are cut at punctuation) and, when the frame allows, its longest
 * unbroken cell; spare width is shared in proportion to what each column still lacks.
 */
function columnWidths(
  frameWidth: number,
  rows: readonly (readonly StyledRun[][])[],
  columns: number,
): number[] {
  const pad = 2 * SPACE.cellPadX;
  const least = new Array<number>(columns).fill(pad + 12);
  const most = new Array<number>(columns).fill(pad + 12);
  for (const row of rows) {
    row.forEach((runs, column) => {
      const { whole, longestWord } = measureRuns(runs, style.size);
      least[column] = Math.max(least[column] ?? 0, Math.min(longestWord, frameWidth * 0.3) + pad);
      most[column] = Math.max(most[column] ?? 0, whole + pad);
    });
  }
  const sumLeast = total(least);
  const sumMost = total(most);
  if (sumMost <= frameWidth) {
    return most.map((width) => width + ((frameWidth - sumMost) * width) / sumMost);
  }
  if (sumLeast >= frameWidth) return least.map((width) => (width * frameWidth) / sumLeast);
  const flexible = sumMost - sumLeast;
  return least.map(
    (width, column) =>
      width + ((frameWidth - sumLeast) * ((most[column] ?? width) - width)) / flexible,
  );
}

function alignOf(align: ColumnAlign | undefined): Align {
  return align === 'center' || align === 'right' ? align : 'left';
}

/** The array, or an empty one for a value of the wrong type at run time. */
function arrayOr<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

function total(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}
