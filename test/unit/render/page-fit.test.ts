import { describe, expect, it } from 'vitest';
import type { BidDocument, Block } from '../../../functions/document-model.js';
import { renderBidPdf } from '../../../functions/render/render-bid-pdf.js';
import { BlockTooTallError } from '../../../functions/render/render-context.js';
import { exampleBidDocument } from '../../fixtures/example-bid-document.js';
import { readPdf } from './pdf-text.js';

/** Lines below this (points from the top) are the running footer. */
const FOOTER_TOP = 841.89 - 78;

const words = (count: number) =>
  Array.from({ length: count }, (_, index) => `word${index % 10}`).join(' ');

function withBlocks(blocks: Block[], heading = 'Section'): BidDocument {
  return {
    ...exampleBidDocument,
    sections: [{ id: 'long', heading, words: 0, blocks }],
  };
}

const tallChart: Block = {
  kind: 'chart',
  chart: {
    type: 'bar',
    title: 'Fifty long labels',
    labels: Array.from({ length: 50 }, (_, index) => `${index} ${'x'.repeat(96)}`.slice(0, 100)),
    values: Array.from({ length: 50 }, (_, index) => index),
  },
  alt: 'Fifty long labels',
};

const tallHeading: Block = { kind: 'heading', level: 2, content: [{ text: words(1_700) }] };

const tallHeader: Block = {
  kind: 'table',
  header: [[{ text: 'Figure' }], [{ text: words(3_000) }]],
  rows: [[[{ text: 'a' }], [{ text: 'b' }]]],
  align: ['left', 'left'],
};

async function refusal(document: BidDocument): Promise<BlockTooTallError> {
  const error = await renderBidPdf(document).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(BlockTooTallError);
  return error as BlockTooTallError;
}

describe('Function: renderBidPdf, what is drawn whole', () => {
  it.each([
    ['a chart of 50 labels of 100 characters', tallChart, 'the chart "Fifty long labels"'],
    ['a sub-heading of 1,700 words', tallHeading, 'the heading "word0 word1'],
    ['a table whose header row fills a page', tallHeader, "a table's header row"],
  ])('refuses %s, naming it and its section', async (_, block, named) => {
    // Act
    const error = await refusal(
      withBlocks([{ kind: 'paragraph', content: [{ text: 'Intro.' }] }, block]),
    );

    // Assess
    expect(error).toMatchObject({ section: 'long', block });
    expect(error.detail).toContain(named);
  });

  it('refuses a section heading taller than a page', async () => {
    // Act
    const error = await refusal(withBlocks([], words(900)));

    // Assess
    expect(error).toMatchObject({ section: 'long', block: undefined });
    expect(error.detail).toBe('the section heading is taller than a page; shorten it');
  });

  it('refuses a title page whose title would push its other lines off the page', async () => {
    // Act
    const error = await refusal({ ...exampleBidDocument, title: words(800) });

    // Assess
    expect(error).toMatchObject({ section: 'title', block: undefined });
    expect(error.detail).toMatch(
      /^the title page is taller than a page, the title alone taking \d+ lines;/,
    );
  });

  it('still draws a long title page, heading and chart that fit, above the footer', async () => {
    // Prepare
    const chart: Block = {
      kind: 'chart',
      chart: {
        type: 'bar',
        title: 'Twelve long labels',
        labels: Array.from({ length: 12 }, () => words(16)),
        values: Array.from({ length: 12 }, (_, index) => index),
      },
      alt: 'Twelve long labels',
    };
    const heading: Block = { kind: 'heading', level: 2, content: [{ text: words(30) }] };
    const document = { ...withBlocks([chart, heading]), title: words(30) };

    // Act
    const contents = await readPdf((await renderBidPdf(document)).bytes);

    // Assess
    for (const page of contents.pages.slice(0, 3)) {
      const body = page.lines.filter((line) => !/ page \d+ of \d+$/.test(line.text));
      for (const line of body) expect(line.top, line.text).toBeLessThan(FOOTER_TOP);
    }
    expect(contents.pages[0]?.text).toContain('Snapshot taken');
  });
});
