import { describe, expect, it } from 'vitest';
import { wholePercent } from '../../../functions/figures/percent.js';

describe('Function: wholePercent', () => {
  it.each([
    [55, 86, 64],
    [55, 73, 75],
    [23, 40, 58],
    [1, 8, 13],
    [1, 200, 1],
    [1, 3, 33],
    [2, 3, 67],
    [0, 5, 0],
    [7, 7, 100],
  ])('gives %i of %i as %i%%, rounding half up', (part, whole, expected) => {
    expect(wholePercent(part, whole)).toBe(expected);
  });

  it('rounds 23 of 40 up to 58, where floating point gives 57', () => {
    expect(Math.round((23 / 40) * 100)).toBe(57);
    expect(wholePercent(23, 40)).toBe(58);
  });

  it('has no rate for an empty cohort', () => {
    expect(wholePercent(0, 0)).toBeUndefined();
  });

  it('stays exact for counts near the largest safe integer', () => {
    // Each is a hair under a half percent, which floating point rounds up.
    const whole = Number.MAX_SAFE_INTEGER;
    expect(wholePercent(945_755_921_747_804, whole)).toBe(10);
    expect(wholePercent(2_927_339_757_790_822, whole)).toBe(32);
    expect(wholePercent(3_647_915_698_170_101, whole)).toBe(40);
    expect(wholePercent(whole, whole)).toBe(100);
  });

  it.each([
    [-1, 5],
    [1.5, 5],
    [1, Number.NaN],
  ])('refuses %d of %d', (part, whole) => {
    expect(() => wholePercent(part, whole)).toThrow(RangeError);
  });
});
