import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The cells of each row of the README's cost table, header and rule left out. */
function costTable(): string[][] {
  const lines = README.split('\n');
  const body = lines.slice(lines.findIndex((line) => line.startsWith('| service ')) + 2);
  const end = body.findIndex((line) => !line.startsWith('|'));
  return body.slice(0, end).map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
}

/** The dollar amount in a table cell such as `$0.0097` or `**≈ $1.33 a month**`. */
function dollars(cell: string | undefined): number {
  const amount = /\$(\d+(?:\.\d+)?)/.exec(cell ?? '')?.[1];
  if (amount === undefined) throw new Error(`no amount in "${cell}"`);
  return Number(amount);
}

describe('README: Cost', () => {
  it('adds its rows up to the total it states, to the cent', () => {
    // Prepare
    const rows = costTable();
    const total = rows.find((cells) => cells[0] === '**total**');
    const items = rows.filter((cells) => cells !== total);

    // Act
    const sum = items.reduce((acc, cells) => acc + dollars(cells.at(-1)), 0);

    // Assess
    expect(items.length).toBeGreaterThan(10);
    expect(Math.round(sum * 100) / 100).toBe(dollars(total?.at(-1)));
  });
});
