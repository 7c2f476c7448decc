/**
 * Page geometry, type sizes and colours in one place, so that the layout modules agree
 * on them and a change of house style is one edit. Units are PDF points (1/72 in).
 */
export type Rgb = readonly [number, number, number];

export interface TextStyle {
  readonly size: number;
  /** Distance between baselines. */
  readonly leading: number;
  readonly color: Rgb;
}

/** A4 portrait. */
export const PAGE = { width: 595.28, height: 841.89 } as const;

export const MARGIN = { top: 70, bottom: 78, left: 70, right: 70 } as const;

export const COLOR = {
  text: [0.1, 0.1, 0.12],
  muted: [0.36, 0.38, 0.42],
  accent: [0.09, 0.23, 0.4],
  rule: [0.74, 0.78, 0.83],
  headerFill: [0.9, 0.93, 0.96],
  stripe: [0.965, 0.972, 0.98],
  bar: [0.16, 0.38, 0.6],
  watermark: [0.72, 0.08, 0.08],
} as const satisfies Record<string, Rgb>;

export const TYPE = {
  body: { size: 10.5, leading: 15.2, color: COLOR.text },
  h1: { size: 18, leading: 23, color: COLOR.accent },
  h2: { size: 13.5, leading: 18, color: COLOR.accent },
  h3: { size: 11.5, leading: 15.5, color: COLOR.text },
  h4: { size: 10.5, leading: 15, color: COLOR.text },
  table: { size: 9, leading: 12.4, color: COLOR.text },
  chartTitle: { size: 10, leading: 13.5, color: COLOR.text },
  chartLabel: { size: 8.5, leading: 11, color: COLOR.text },
  footer: { size: 8.5, leading: 11, color: COLOR.muted },
} as const satisfies Record<string, TextStyle>;

export const SPACE = {
  /** Above a paragraph, list, table or chart that follows other content. */
  block: 8,
  /** Under the section heading's rule. */
  afterH1: 14,
  /** Above a sub-heading (more than a block gap, so headings group with what follows). */
  beforeHeading: 18,
  afterHeading: 4,
  /** Between list items. */
  listItem: 3,
  /** Indent per list level, and the gap between a list label and its text. */
  listIndent: 18,
  cellPadX: 5,
  cellPadY: 4,
  /** Footer baseline, from the page foot. */
  footerBaseline: 40,
} as const;
