import { describe, expect, it } from 'vitest';
import type { BidDocument, ListBlock, ListItem } from '../../../functions/document-model.js';
import { listLabels } from '../../../functions/render/list.js';
import { renderBidPdf } from '../../../functions/render/render-bid-pdf.js';
import { exampleBidDocument } from '../../fixtures/example-bid-document.js';
import { nodesWithRole, readPdf, textOf } from './pdf-text.js';

function item(text: string, items: ListItem[] = [], start?: number): ListItem {
  return { content: [{ text }], items, ...(start === undefined ? {} : { start }) };
}

/** The labels a reader of the PDF meets in `list`, in reading order. */
async function drawnLabels(list: ListBlock): Promise<string[]> {
  const document: BidDocument = {
    ...exampleBidDocument,
    sections: [{ id: 'list', heading: 'List', words: 0, blocks: [list] }],
  };
  const contents = await readPdf((await renderBidPdf(document)).bytes);
  return nodesWithRole(contents.structTrees[1] ?? null, 'Lbl').map((label) =>
    textOf(contents, label),
  );
}

describe('Function: listLabels', () => {
  it.each([
    [0, 3, ['3.', '4.']],
    [1, 3, ['c.', 'd.']],
    [2, 3, ['iii.', 'iv.']],
    [1, 0, ['0.', '1.']],
    [2, 0, ['0.', '1.']],
    [2, 3998, ['mmmcmxcviii.', 'mmmcmxcix.']],
    [2, 3999, ['3999.', '4000.']],
  ])('numbers two items at depth %i from %i as %j', (depth, first, labels) => {
    expect(listLabels(true, depth, first, 2)).toEqual(labels);
  });
});

describe('Function: renderBidPdf, lists', () => {
  it('keeps the first number of a list nested in a numbered list', async () => {
    // Prepare: 1. a / 3. x / 4. y / 2. b, the nested list starting at 3.
    const list: ListBlock = {
      kind: 'list',
      ordered: true,
      start: 1,
      items: [item('a', [item('x'), item('y')], 3), item('b')],
    };

    // Act
    const labels = await drawnLabels(list);

    // Assess
    expect(labels).toEqual(['1.', 'c.', 'd.', '2.']);
  });

  it('numbers a second list nested in the same item from its own first number', async () => {
    // Prepare: 1. a / 3. x / 4. y / (a paragraph) / 7. p / 8. q / 2. b
    const list: ListBlock = {
      kind: 'list',
      ordered: true,
      start: 1,
      items: [
        item('a', [item('x'), item('y'), { ...item('p'), number: 7 }, item('q')], 3),
        item('b'),
      ],
    };

    // Act
    const labels = await drawnLabels(list);

    // Assess
    expect(labels).toEqual(['1.', 'c.', 'd.', 'g.', 'h.', '2.']);
  });

  it('draws a long roman numeral whole, in a label column wide enough for it', async () => {
    // Prepare
    const list: ListBlock = {
      kind: 'list',
      ordered: true,
      start: 1,
      items: [item('a', [item('b', [item('deep')], 3888)])],
    };

    // Act
    const labels = await drawnLabels(list);

    // Assess
    expect(labels).toEqual(['1.', 'a.', 'mmmdccclxxxviii.']);
  });
});
