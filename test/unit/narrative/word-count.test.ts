import { describe, expect, it } from 'vitest';
import type { Block } from '../../../functions/document-model.js';
import { countTextWords, countWords } from '../../../functions/narrative/word-count.js';

describe('Function: countTextWords', () => {
  it.each([
    ['', 0],
    ['Fifty-five of 86 fellows (64%) progressed.', 6],
    ["The funder's well-being scheme", 4],
    ['£1,234.50 in 2026–27', 3],
    ['ACF/ACL — both', 3],
    ['  spaced   out  ', 2],
    ['Zoë Ångström-Łukasiewicz', 2],
  ])('counts %j as %i words', (text, expected) => {
    // Act
    const words = countTextWords(text);

    // Assess
    expect(words).toBe(expected);
  });
});

describe('Function: countWords', () => {
  it('counts headings, paragraphs and list items at every level, not tables or charts', () => {
    // Prepare
    const blocks: Block[] = [
      { kind: 'heading', level: 2, content: [{ text: 'Two words' }] },
      {
        kind: 'paragraph',
        content: [{ text: 'One ' }, { text: 'bold', bold: true }, { text: ' run.' }],
      },
      {
        kind: 'list',
        ordered: false,
        start: 1,
        items: [
          {
            content: [{ text: 'top item' }],
            items: [{ content: [{ text: 'nested' }], items: [] }],
          },
        ],
      },
      { kind: 'table', header: [[{ text: 'many words in a table' }]], rows: [], align: ['left'] },
      {
        kind: 'chart',
        chart: { type: 'bar', title: 'Chart title words', labels: ['a'], values: [1] },
        alt: 'Bar chart words',
      },
    ];

    // Act
    const words = countWords(blocks);

    // Assess
    expect(words).toBe(8);
  });

  it('counts a word split across styled runs once', () => {
    // Act
    const words = countWords([
      { kind: 'paragraph', content: [{ text: 'un' }, { text: 'believable', italic: true }] },
    ]);

    // Assess
    expect(words).toBe(1);
  });
});
