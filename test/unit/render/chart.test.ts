import { describe, expect, it } from 'vitest';
import type { BarChart, BidDocument } from '../../../functions/document-model.js';
import { chartAlt } from '../../../functions/narrative/chart-block.js';
import { renderBidPdf } from '../../../functions/render/render-bid-pdf.js';
import { exampleBidDocument } from '../../fixtures/example-bid-document.js';
import { nodesWithRole, readPdf, type TextLine } from './pdf-text.js';

/** The example bid with one section holding only `chart`, with the narrative's alt text. */
function withChart(chart: BarChart): BidDocument {
  return {
    ...exampleBidDocument,
    sections: [
      {
        id: 'chart',
        heading: 'Chart',
        words: 0,
        blocks: [{ kind: 'chart', chart, alt: chartAlt(chart) }],
      },
    ],
  };
}

/** Lines below this (points from the top) are the running footer. */
const FOOTER_TOP = 841.89 - 78;

/** The chart's page as a reader sees it: its text lines, and the Figure's alt text. */
async function drawnChart(
  chart: BarChart,
): Promise<{ lines: readonly TextLine[]; text: string; alt: string }> {
  const contents = await readPdf((await renderBidPdf(withChart(chart))).bytes);
  const [figure] = nodesWithRole(contents.structTrees[1] ?? null, 'Figure');
  return {
    lines: contents.pages[1]?.lines ?? [],
    text: contents.pages[1]?.text ?? '',
    alt: figure?.alt ?? '',
  };
}

function bars(count: number, value: number, unit: string): BarChart {
  return {
    type: 'bar',
    title: 'Values',
    labels: Array.from({ length: count }, (_, index) => `${index + 1}`),
    values: Array.from({ length: count }, () => value),
    unit,
  };
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('Function: renderBidPdf, bar charts', () => {
  it.each([
    [
      [0.001, 0.000001],
      ['0.001', '0.000001'],
    ],
    [
      [1.005, 2],
      ['1.005', '2'],
    ],
  ])('draws the values %j as %j, the numbers its alt text states', async (values, shown) => {
    // Prepare
    const chart: BarChart = { type: 'bar', title: 'Shares', labels: ['a', 'b'], values };

    // Act
    const { lines, alt } = await drawnChart(chart);

    // Assess
    expect(alt).toBe(`Bar chart, Shares. a: ${shown[0]}; b: ${shown[1]}.`);
    for (const value of shown) expect(lines.map((line) => line.text)).toContain(value);
  });

  it.each([
    [12, 123456789012, ' posts', '123,456,789,012 posts'],
    [50, 12345, '%', '12,345%'],
    [50, 999999999999.9999, 'W'.repeat(20), `999,999,999,999.9999${'W'.repeat(20)}`],
    [50, 1.2345678901234566e-7, 'W'.repeat(20), `0.00000012345678901235${'W'.repeat(20)}`],
  ])(
    'draws each of %i values of %d with unit "%s" whole, as %s',
    async (count, value, unit, shown) => {
      // Act
      const { lines, text } = await drawnChart(bars(count, value, unit));

      // Assess
      expect(occurrences(text.replace(/\n/g, ''), shown)).toBe(count);
      const values = lines.filter((line) => line.text.includes(shown));
      for (const line of values) expect(line.size).toBeGreaterThanOrEqual(7);
      const belowBody = lines.filter((line) => line.top >= FOOTER_TOP).map((line) => line.text);
      expect(belowBody).toHaveLength(1);
      expect(belowBody[0]).toMatch(/ page 2 of \d+$/);
    },
  );

  it('draws a chart whose values are all 0 on a baseline over its labels, as a 0 among others', async () => {
    // Prepare
    const zeros: BarChart = { type: 'bar', title: 'None yet', labels: ['a', 'b'], values: [0, 0] };
    const mixed: BarChart = { ...zeros, values: [0, 5] };

    // Act
    const allZero = await drawnChart(zeros);
    const oneZero = await drawnChart(mixed);

    // Assess
    const top = (chart: { lines: readonly TextLine[] }, text: string) =>
      chart.lines.find((line) => line.text.startsWith(text))?.top;
    expect(top(allZero, '0')).toBeDefined();
    expect(top(allZero, '0')).toBeCloseTo(top(oneZero, '0') ?? Number.NaN, 1);
    expect(top(allZero, 'a')).toBeCloseTo(top(oneZero, 'a') ?? Number.NaN, 1);
  });
});
