/**
 * The typed document a bid becomes between narrative and PDF. Narrative produces it from
 * Liquid + Markdown; the renderer draws it and knows nothing of where the words came from.
 * Every string here is final text: no markup, no template syntax.
 */

export interface Inline {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export interface HeadingBlock {
  kind: 'heading';
  /** Level inside a section: the section heading itself is level 1, so these are 2–4. */
  level: 2 | 3 | 4;
  content: Inline[];
}

export interface ParagraphBlock {
  kind: 'paragraph';
  content: Inline[];
}

export interface ListItem {
  content: Inline[];
  /** Nested list items, at most two levels deep below this one. */
  items: ListItem[];
  /** First number of the nested items, when they are numbered and do not start at 1. */
  start?: number;
  /**
   * This item's number, when it does not follow on from the item before: the first item of a
   * second numbered list nested in the same item, which counts from its own first number.
   */
  number?: number;
}

export interface ListBlock {
  kind: 'list';
  ordered: boolean;
  /** First number of an ordered list. */
  start: number;
  items: ListItem[];
}

export type ColumnAlign = 'left' | 'center' | 'right';

export interface TableBlock {
  kind: 'table';
  header: Inline[][];
  rows: Inline[][][];
  align: ColumnAlign[];
}

export interface BarChart {
  type: 'bar';
  title: string;
  labels: string[];
  values: number[];
  /** Shown after each value, e.g. "%" or " posts". */
  unit?: string;
}

export interface ChartBlock {
  kind: 'chart';
  chart: BarChart;
  /** Text alternative for readers who cannot see the chart. */
  alt: string;
}

export type Block = HeadingBlock | ParagraphBlock | ListBlock | TableBlock | ChartBlock;

export interface DocumentSection {
  id: string;
  heading: string;
  blocks: Block[];
  /** Words of prose (headings, paragraphs, lists; not tables or charts). */
  words: number;
  wordLimit?: number;
}

/** One figure a bid used: what the template called it, the text it printed, where it came from. */
export interface FigureSource {
  name: string;
  value: string;
  /** Field paths of the programme document the value was read or derived from. */
  sources: string[];
}

export interface SnapshotRef {
  id: string;
  /** ISO 8601 timestamp. */
  takenAt: string;
  sha256: string;
}

/** One figure that differs from the previous snapshot; '' where it was or is absent. */
export interface FigureChangeRow {
  path: string;
  before: string;
  after: string;
}

/** What changed between the snapshot before this bid's and this bid's own. */
export interface ChangesSincePrevious {
  snapshotId: string;
  takenAt: string;
  changes: FigureChangeRow[];
}

export interface BidDocument {
  /** Document title, e.g. "Integrated Clinical Academic Training Programme: bid for NIHR ICAT posts". */
  title: string;
  competition: string;
  programmeName: string;
  institution: string;
  /** Author named in the PDF metadata. */
  author: string;
  /** Date the bid is dated, YYYY-MM-DD; also the PDF's creation date, so output is reproducible. */
  date: string;
  /** BCP 47 language tag of the text. */
  lang: string;
  draft: boolean;
  snapshot: SnapshotRef;
  sections: DocumentSection[];
  sources: FigureSource[];
  /** Absent for a programme's first snapshot. */
  changesSincePrevious?: ChangesSincePrevious;
}
