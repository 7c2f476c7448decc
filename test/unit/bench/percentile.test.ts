import { describe, expect, it } from 'vitest';
import { median, percentile } from '../../../bench/percentile.js';

describe('median', () => {
  it('is the middle value of an odd count', () => {
    expect(median([1, 2, 9])).toBe(2);
    expect(median([7])).toBe(7);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([1, 2, 4, 9])).toBe(3);
    expect(median([5, 6])).toBe(5.5);
  });

  it('is NaN of no values', () => {
    expect(median([])).toBeNaN();
  });
});

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, index) => index + 1);

  it('is the nearest rank: the smallest value with at least p% of values at or below it', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 90)).toBe(90);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([10, 20, 30, 40, 50], 99)).toBe(50);
    expect(percentile([10, 20, 30, 40, 50], 50)).toBe(30);
  });

  it('is the first value at 0 and NaN of no values', () => {
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });
});
