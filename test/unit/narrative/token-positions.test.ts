import fc from 'fast-check';
import { analyzeSync, Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { tokenPosition } from '../../../functions/narrative/token-positions.js';

/** LiquidJS's own count: every character before the offset, a new line after each `\n`. */
function countedPosition(input: string, offset: number): [number, number] {
  let [line, column] = [1, 1];
  for (let index = 0; index < offset; index++) {
    if (input[index] === '\n') [line, column] = [line + 1, 1];
    else column += 1;
  }
  return [line, column];
}

const sources = fc.string({
  unit: fc.constantFrom('a', ' ', '\n', '\r', '{', '}', 'é', '😀', '\u2028'),
  maxLength: 200,
});

describe('Function: tokenPosition', () => {
  it('gives the line and column LiquidJS counts, for any offset of any text', () => {
    fc.assert(
      fc.property(
        sources.chain((input) =>
          fc.tuple(fc.constant(input), fc.integer({ min: 0, max: input.length })),
        ),
        ([input, offset]) => {
          expect(tokenPosition(input, offset)).toEqual(countedPosition(input, offset));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers for each text it is asked about in turn, not the one before', () => {
    // Act
    const first = tokenPosition('a\nb\nc', 4);
    const second = tokenPosition('abcd', 4);
    const again = tokenPosition('a\nb\nc', 4);

    // Assess
    expect([first, second, again]).toEqual([
      [3, 1],
      [1, 5],
      [3, 1],
    ]);
  });
});

describe('Method: Token.getPosition, once the narrative engine is loaded', () => {
  it("places every variable LiquidJS's analysis reports where LiquidJS's own count does", async () => {
    // Prepare
    await import('../../../functions/narrative/liquid-engine.js');
    const source =
      'Intro {{ alpha.beta }}\r\n\n{% for row in gamma %}\n  {{ row.x | plus: delta.epsilon }}{% endfor %}\n{{ "x" | append: zeta }} {{ alpha.beta }}';
    const templates = new Liquid().parse(source);

    // Act
    const { globals } = analyzeSync(templates, { partials: false });
    const located = Object.values(globals)
      .flat()
      .map((variable) => [
        String(variable.segments[0]),
        variable.location.row,
        variable.location.col,
      ]);

    // Assess
    const expected = [...source.matchAll(/alpha|gamma|delta|zeta/g)].map((match) => [
      match[0],
      ...countedPosition(source, match.index),
    ]);
    expect(located.sort()).toEqual(expected.sort());
  });

  it('finds a line without reading the source character by character', async () => {
    // Prepare
    const { Token } = await import('liquidjs');
    await import('../../../functions/narrative/liquid-engine.js');
    let charactersRead = 0;
    const input = new Proxy(new String(`${'{{ x }}\n'.repeat(1000)}{{ y }}`), {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) charactersRead += 1;
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const token = { input, begin: 8003 };

    // Act
    const position = Token.prototype.getPosition.call(token as never);

    // Assess
    expect(position).toEqual([1001, 4]);
    expect(charactersRead).toBe(0);
  });
});
