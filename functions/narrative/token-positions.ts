import { Token } from 'liquidjs';
import { lineAt, lineStarts } from './source-lines.js';

let lastInput: string | undefined;
let lastStarts: number[] = [];

/**
 * The 1-based line and column of `offset` in `input`, a column per UTF-16 unit: what
 * LiquidJS's `Token.getPosition` returns. The line starts of the last input asked about are
 * kept; analysis and error reports ask about one source at a time.
 */
export function tokenPosition(input: string, offset: number): [number, number] {
  if (input !== lastInput) {
    lastInput = input;
    lastStarts = lineStarts(input);
  }
  const line = lineAt(lastStarts, offset);
  return [line, offset - (lastStarts[line - 1] ?? 0) + 1];
}

// LiquidJS counts a token's line and column from the start of its input, and its static
// analysis asks for every variable it meets: quadratic in a source's size, 0.6 s to check a
// 100 KB section of `{{ programme.name }}` at upload. From the line starts it is a search.
Token.prototype.getPosition = function getPosition(this: Token): number[] {
  return tokenPosition(this.input, this.begin);
};
