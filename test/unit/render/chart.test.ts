import { describe, expect, it } from 'vitest';
import type { BarChart, BidDocument } from '../../../functions/document-model.js';
import { chartAlt } from '../../../functions/narrative/chart-block.js';
import { renderBidPdf } from '../../../functions/render/render-bid-pdf.js';
import { exampleBidDocument } from '../../fixtures/example-bid-document.js';
import { nodesWithRole, readPdf } from './pdf-text.js';

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

/** The chart's page as a reader sees it: its text lines, and the Figure's alt text. */
async function drawnChart(chart: BarChart): Promise<{ lines: string[]; alt: string }> {
  const contents = await readPdf((await renderBidPdf(withChart(chart))).bytes);
  const [figure] = nodesWithRole(contents.structTrees[1] ?? null, 'Figure');
  return {
    lines: (contents.pages[1]?.lines ?? []).map((line) => line.text),
    alt: figure?.alt ?? '',
  };
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
    for (const value of shown) expect(lines).toContain(value);
  });
});
