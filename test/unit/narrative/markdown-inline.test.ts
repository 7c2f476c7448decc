import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Inline } from '../../../functions/document-model.js';
import { normalizeRuns } from '../../../functions/narrative/markdown-inline.js';

/** The rule, written plainly: collapse whitespace, drop a space after a space or at the start,
 * merge neighbours of one style, trim the end. */
function plainly(raw: readonly Inline[]): Inline[] {
  const runs: Inline[] = [];
  for (const run of raw) {
    let text = run.text.replace(/[ \t\r\n\f]+/g, ' ');
    const previous = runs.at(-1);
    if ((previous === undefined || previous.text.endsWith(' ')) && text.startsWith(' ')) {
      text = text.slice(1);
    }
    if (text === '') continue;
    if (previous && previous.bold === run.bold && previous.italic === run.italic) {
      previous.text += text;
    } else {
      runs.push({ ...run, text });
    }
  }
  const last = runs.at(-1);
  if (last) last.text = last.text.replace(/ +$/, '');
  return runs;
}

const runs = fc.array(
  fc.record(
    {
      text: fc.string({
        unit: fc.constantFrom('a', 'b', ' ', '\n', '\t', '\r', 'é'),
        maxLength: 6,
      }),
      bold: fc.boolean(),
      italic: fc.boolean(),
    },
    { requiredKeys: ['text'] },
  ),
  { maxLength: 12 },
);

describe('Function: normalizeRuns', () => {
  it('collapses, trims and merges runs as the plain rule does, for any runs', () => {
    fc.assert(
      fc.property(runs, (raw) => {
        expect(normalizeRuns(raw)).toEqual(plainly(structuredClone(raw)));
      }),
      { numRuns: 1_000 },
    );
  });

  it('merges 30,000 runs of one style into one', () => {
    // Prepare
    const raw = Array.from({ length: 30_000 }, (_, i) => ({ text: i % 2 === 0 ? 'www.a' : ' ' }));

    // Act
    const merged = normalizeRuns(raw);

    // Assess
    expect(merged).toHaveLength(1);
    expect(merged[0]?.text).toBe(`${'www.a '.repeat(15_000).trimEnd()}`);
  });
});
