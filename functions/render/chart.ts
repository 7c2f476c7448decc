import type { ChartBlock } from '../document-model.js';
import type { PreparedBlock } from './block-flow.js';
import { formatNumber, MISSING, text } from './format.js';
import { fillRect, line } from './pdf-ops.js';
import {
  BlockTooTallError,
  ensureRoom,
  fitsOnPage,
  quoted,
  type RenderContext,
  structUnder,
  writeTagged,
} from './render-context.js';
import { type Align, textObject } from './text-draw.js';
import { breakLines, type Line, measureRuns, plainRun } from './text-layout.js';
import { COLOR, SPACE, type TextStyle, TYPE } from './theme.js';

/**
 * A bar chart drawn as vectors: title, one bar per category with its value (and unit)
 * above it, category names wrapped under a baseline. It is one Figure in the tag tree,
 * whose alt text stands for everything drawn, and it is never split across pages: one
 * taller than a page is refused (BlockTooTallError).
 */
const PLOT_HEIGHT = 150;
/**
 * A value label is never cut. Labels sit upright over their bars, on up to this many lines,
 * while every one fits its slot so without a number broken across lines; otherwise all are
 * turned to read upwards, one line each, and the plot grows to hold the longest.
 */
const VALUE_LINES = 2;
/**
 * Longest turned value label before it takes a second line: only values beyond a chart's
 * bounds (above 10^12) are so long.
 */
const TURNED_LENGTH = 2 * PLOT_HEIGHT;
const TITLE_GAP = 8;
const LABEL_GAP = 5;
const MAX_BAR = 64;

interface Bar {
  readonly value: number | undefined;
  readonly valueLine: Line[];
  readonly labelLines: Line[];
}

/** How the value labels are set, and the room they take over the bars. */
interface ValueLabels {
  readonly turned: boolean;
  readonly style: TextStyle;
  /** Room over the highest bar (and under the lowest, when one is negative). */
  readonly room: number;
}

/** The plot's vertical layout: the value labels' room, the bars' and the whole plot's height. */
interface PlotLayout {
  readonly labels: ValueLabels;
  readonly barArea: number;
  readonly height: number;
}

export function prepareChart(ctx: RenderContext, block: ChartBlock): PreparedBlock {
  const chart = block.chart;
  const labels = Array.isArray(chart.labels) ? chart.labels : [];
  const values = Array.isArray(chart.values) ? chart.values : [];
  const count = Math.max(labels.length, values.length);
  const slot = count > 0 ? ctx.frame.width / count : ctx.frame.width;
  const unit = text(chart.unit);
  const finiteValues = Array.from({ length: count }, (_, index) => {
    const raw = values[index];
    return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
  });
  const shown = finiteValues.map((value) =>
    value === undefined ? MISSING : `${formatNumber(value)}${unit}`,
  );
  const upright = shown.map((value) => uprightValueLines(value, slot));
  const turned = upright.some((lines) => lines === undefined);
  const valueStyle = turned ? turnedStyle(slot) : TYPE.chartLabel;
  const bars: Bar[] = finiteValues.map((value, index) => ({
    value,
    valueLine:
      upright[index] ??
      breakLines(plainRun(shown[index] ?? '', 'bold'), valueStyle.size, TURNED_LENGTH),
    labelLines: breakLines(
      plainRun(text(labels[index]), 'regular'),
      TYPE.chartLabel.size,
      slot - 6,
    ),
  }));
  const layout = plotLayout(bars, turned, valueStyle);
  const title = breakLines(
    plainRun(text(chart.title), 'bold'),
    TYPE.chartTitle.size,
    ctx.frame.width,
  );
  const labelRows = Math.max(1, ...bars.map((bar) => bar.labelLines.length));
  const titleHeight = title.length * TYPE.chartTitle.leading;
  const height =
    titleHeight + TITLE_GAP + layout.height + LABEL_GAP + labelRows * TYPE.chartLabel.leading + 4;
  if (!fitsOnPage(ctx, height)) {
    throw new BlockTooTallError(
      `the chart ${quoted(text(chart.title))} is taller than a page; give it fewer bars or shorter labels`,
      block,
    );
  }
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
      parts.push(...plot(ctx, bars, plotTop, slot, layout));
      writeTagged(ctx, figure, 'Figure', parts.join('\n'));
      figure.end();
      ctx.y = top + height;
    },
  };
}

/**
 * A value label's lines over its bar, or undefined when they would be more than VALUE_LINES
 * or would break a word (a number) for want of width.
 */
function uprightValueLines(value: string, slot: number): Line[] | undefined {
  const runs = plainRun(value, 'bold');
  const width = slot - 4;
  const { size } = TYPE.chartLabel;
  if (measureRuns(runs, size).longestWord > width + 0.001) return undefined;
  const lines = breakLines(runs, size, width);
  return lines.length <= VALUE_LINES ? lines : undefined;
}

/** The label style for turned labels, smaller where a slot is narrower than a line's height. */
function turnedStyle(slot: number): TextStyle {
  const label = TYPE.chartLabel;
  const scale = Math.min(1, slot / label.leading);
  return { ...label, size: label.size * scale, leading: label.leading * scale };
}

function plotLayout(bars: readonly Bar[], turned: boolean, style: TextStyle): PlotLayout {
  const finite = bars.flatMap((bar) => (bar.value === undefined ? [] : [bar.value]));
  const sides = Math.min(0, ...finite) < 0 ? 2 : 1;
  if (!turned) {
    const lines = Math.max(1, ...bars.map((bar) => bar.valueLine.length));
    const room = lines * style.leading + 4;
    return {
      labels: { turned, style, room },
      barArea: PLOT_HEIGHT - (sides === 2 ? 2 * room : room),
      height: PLOT_HEIGHT,
    };
  }
  const longest = Math.max(0, ...bars.flatMap((bar) => bar.valueLine.map((line) => line.width)));
  const room = longest + 4;
  const barArea = PLOT_HEIGHT - (TYPE.chartLabel.leading + 4);
  return { labels: { turned, style, room }, barArea, height: barArea + sides * room };
}

function plot(
  ctx: RenderContext,
  bars: readonly Bar[],
  plotTop: number,
  slot: number,
  layout: PlotLayout,
): string[] {
  const parts: string[] = [];
  const { left, right } = ctx.frame;
  const finite = bars.flatMap((bar) => (bar.value === undefined ? [] : [bar.value]));
  const highest = Math.max(0, ...finite);
  const lowest = Math.min(0, ...finite);
  const range = highest - lowest;
  const span = range || 1;
  const label = TYPE.chartLabel;
  const { barArea, labels } = layout;
  const valueRoom = labels.room;
  // Ratios first: `barArea * value` overflows to Infinity (and then NaN) for values near
  // the largest number, which a chart may legitimately hold.
  // With every value 0 there are no bars: the baseline sits at the plot's foot, over the
  // labels, as it does under a 0 among larger values.
  const baseline = plotTop + valueRoom + (range > 0 ? barArea * (highest / span) : barArea);
  const barWidth = Math.min(MAX_BAR, slot * 0.6);
  bars.forEach((bar, index) => {
    const slotLeft = left + index * slot;
    const x = slotLeft + (slot - barWidth) / 2;
    // Upright, the label's lines and their height; turned, its length over or under the bar.
    const valueHeight = labels.turned ? valueRoom - 4 : bar.valueLine.length * label.leading;
    let valueTop = baseline - valueHeight - 2;
    let valueAlign: Align = 'left';
    if (bar.value !== undefined && bar.value !== 0) {
      const barHeight = barArea * (Math.abs(bar.value) / span);
      const barTop = bar.value > 0 ? baseline - barHeight : baseline;
      parts.push(fillRect(x, barTop, barWidth, barHeight, COLOR.bar));
      valueTop = bar.value > 0 ? barTop - valueHeight - 2 : barTop + barHeight + 2;
      if (bar.value < 0) valueAlign = 'right';
    }
    if (labels.turned) {
      const thickness = bar.valueLine.length * labels.style.leading;
      parts.push(
        textObject(ctx.fonts, bar.valueLine, {
          x: slotLeft + (slot - thickness) / 2,
          top: valueTop,
          width: valueHeight,
          style: labels.style,
          align: valueAlign,
          turned: true,
        }),
      );
    } else {
      parts.push(
        textObject(ctx.fonts, bar.valueLine, {
          x: slotLeft + 2,
          top: valueTop,
          width: slot - 4,
          style: label,
          align: 'center',
        }),
      );
    }
    parts.push(
      textObject(ctx.fonts, bar.labelLines, {
        x: slotLeft + 3,
        top: plotTop + layout.height + LABEL_GAP,
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
