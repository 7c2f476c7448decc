import { describe, expect, it } from 'vitest';
import type { Block } from '../../../functions/document-model.js';
import { appendixSection } from '../../../functions/render/appendix.js';
import { exampleBidDocument } from '../../fixtures/example-bid-document.js';

function paragraphs(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block) =>
    block.kind === 'paragraph' ? [block.content.map((run) => run.text).join('')] : [],
  );
}

describe('Function: appendixSection', () => {
  it('introduces one figure in the singular and several in the plural', () => {
    // Prepare
    const [first, second] = exampleBidDocument.sources;
    if (!first || !second) throw new Error('the example bid has at least two sources');

    // Act
    const one = appendixSection({ ...exampleBidDocument, sources: [first] }, '0.0.0');
    const two = appendixSection({ ...exampleBidDocument, sources: [first, second] }, '0.0.0');

    // Assess
    expect(paragraphs(one.blocks)).toContain('The 1 figure used, and the fields it came from:');
    expect(paragraphs(two.blocks)).toContain('The 2 figures used, and the fields they came from:');
  });
});
