import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, MISSING, twoDecimals } from '../../../functions/render/format.js';

const intl = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

describe('twoDecimals', () => {
  it.each([
    [0, '0'],
    [-0, '-0'],
    [1234.5, '1,234.5'],
    [64, '64'],
    [0.005, '0.01'],
    [1.005, '1.01'],
    [-2.675, '-2.68'],
    [-0.001, '-0'],
    [999_999.995, '1,000,000'],
    [1e12, '1,000,000,000,000'],
    [1e21, '1,000,000,000,000,000,000,000'],
  ])('writes %d as %s, as Intl does', (value, text) => {
    expect(twoDecimals(value)).toBe(text);
    expect(twoDecimals(value)).toBe(intl.format(value));
  });

  it('writes every finite double exactly as en-GB Intl.NumberFormat does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((n) => n / 1000),
          fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 200),
        ),
        (value) => twoDecimals(value) === intl.format(value),
      ),
      { numRuns: 20_000, seed: 20261125 },
    );
  });
});

describe('formatNumber', () => {
  it('writes a dash for anything but a finite number', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '12', null, undefined]) {
      expect(formatNumber(value)).toBe(MISSING);
    }
  });
});
