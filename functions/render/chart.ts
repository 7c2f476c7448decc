import type { ChartBlock } from '../document-model.js';
import type { PreparedBlock } from './block-flow.js';
import { formatNumber, MISSING, text } from './format.js';
import { fillRect, line } from './pdf-ops.js';
import { ensureRoom, type RenderContext, structUnder, writeTagged } from './render-context.js';
import { textObject } from './text-draw.js';
import { breakLines, type Line, plainRun } from './text-layout.js';
import { COLOR, SPACE, TYPE } from './theme.js';

/**
 * A bar chart drawn as vectors: title, one bar per category with its value (and unit)
 * above it, category names wrapped under a baseline. It is one Figure in the tag tree,
 * whose alt text stands for everything drawn, and it is never split across pages.
 */
const PLOT_HEIGHT = 150;
/** A value label is never cut: it may take two lines when its slot is narrow. */
const VALUE_LINES = 2;
const TITLE_GAP = 8;
const LABEL_GAP = 5;
const MAX_BAR = 64;

interface Bar {
  readonly value: number | undefined;
  readonly valueLine: Line[];
  readonly labelLines: Line[];
}

export function prepareChart(ctx: RenderContext, block: ChartBlock): PreparedBlock {
  const chart = block.chart;
  const labels = Array.isArray(chart.labels) ? chart.labels : [];
  const values = Array.isArray(chart.values) ? chart.values : [];
  const count = Math.max(labels.length, values.length);
  const slot = count > 0 ? ctx.frame.width / count : ctx.frame.width;
  const unit = text(chart.unit);
  const bars: Bar[] = Array.from({ length: count }, (_, index) => {
    const raw = values[index];
    const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    const shown = value === undefined ? MISSING : `${formatNumber(value)}${unit}`;
    return {
      value,
      valueLine: breakLines(plainRun(shown, 'bold'), TYPE.chartLabel.size, slot - 4).slice(
        0,
        VALUE_LINES,
      ),
      labelLines: breakLines(
        plainRun(text(labels[index]), 'regular'),
        TYPE.chartLabel.size,
        slot - 6,
      ),
    };
  });
  const title = breakLines(
    plainRun(text(chart.title), 'bold'),
    TYPE.chartTitle.size,
    ctx.frame.width,
  );
  const labelRows = Math.max(1, ...bars.map((bar) => bar.labelLines.length));
  const titleHeight = title.length * TYPE.chartTitle.leading;
  const height =
    titleHeight + TITLE_GAP + PLOT_HEIGHT + LABEL_GAP + labelRows * TYPE.chartLabel.leading + 4;
  const alt = text(block.alt).trim() || describe(text(chart.title), labels, values, unit);
  return {
    spaceBefore: SPACE.block + 4,
    minStart: height,
    keepWithNext: false,
    draw(ctx, parent) {
      ensureRoom(ctx, height);
      const { left, right } = ctx.frame;
      const top = ctx.y;
      const figure = structUnder(ctx, parent, 'Figure', {
        alt,
        bbox: [left, top, right, top + height],
        placement: 'Block',
      });
      const parts: string[] = [];
      if (title.length > 0) {
        parts.push(
          textObject(ctx.fonts, title, {
            x: left,
            top,
            width: right - left,
            style: TYPE.chartTitle,
          }),
        );
      }
      const plotTop = top + titleHeight + TITLE_GAP;
      parts.push(...plot(ctx, bars, plotTop, slot));
      writeTagged(ctx, figure, 'Figure', parts.join('\n'));
      figure.end();
      ctx.y = top + height;
    },
  };
}

function plot(ctx: RenderContext, bars: readonly Bar[], plotTop: number, slot: number): string[] {
  const parts: string[] = [];
  const { left, right } = ctx.frame;
  const finite = bars.flatMap((bar) => (bar.value === undefined ? [] : [bar.value]));
  const highest = Math.max(0, ...finite);
  const lowest = Math.min(0, ...finite);
  const span = highest - lowest || 1;
  const label = TYPE.chartLabel;
  const valueRoom = Math.max(1, ...bars.map((bar) => bar.valueLine.length)) * label.leading + 4;
  const barArea = PLOT_HEIGHT - (lowest < 0 ? 2 * valueRoom : valueRoom);
  // Ratios first: `barArea * value` overflows to Infinity (and then NaN) for values near
  // the largest number, which a chart may legitimately hold.
  const baseline = plotTop + valueRoom + barArea * (highest / span);
  const barWidth = Math.min(MAX_BAR, slot * 0.6);
  bars.forEach((bar, index) => {
    const slotLeft = left + index * slot;
    const x = slotLeft + (slot - barWidth) / 2;
    const valueHeight = bar.valueLine.length * label.leading;
    let valueTop = baseline - valueHeight - 2;
    if (bar.value !== undefined && bar.value !== 0) {
      const barHeight = barArea * (Math.abs(bar.value) / span);
      const barTop = bar.value > 0 ? baseline - barHeight : baseline;
      parts.push(fillRect(x, barTop, barWidth, barHeight, COLOR.bar));
      valueTop = bar.value > 0 ? barTop - valueHeight - 2 : barTop + barHeight + 2;
    }
    parts.push(
      textObject(ctx.fonts, bar.valueLine, {
        x: slotLeft + 2,
        top: valueTop,
        width: slot - 4,
        style: label,
        align: 'center',
      }),
      textObject(ctx.fonts, bar.labelLines, {
        x: slotLeft + 3,
        top: plotTop + PLOT_HEIGHT + LABEL_GAP,
        width: slot - 6,
        style: label,
        align: 'center',
      }),
    );
  });
  parts.push(line(left, baseline, right, baseline, 0.8, COLOR.text));
  return parts;
}

/** Alt text from the data when the document gives none. */
function describe(
  title: string,
  labels: readonly unknown[],
  values: readonly unknown[],
  unit: string,
): string {
  const count = Math.max(labels.length, values.length);
  const items = Array.from({ length: count }, (_, index) => {
    const value = values[index];
    const shown =
      typeof value === 'number' && Number.isFinite(value)
        ? `${formatNumber(value)}${unit}`
        : MISSING;
    return `${text(labels[index]) || `item ${index + 1}`}: ${shown}`;
  });
  return `Bar chart${title ? `, ${title}` : ''}. ${items.join('; ')}.`;
}
