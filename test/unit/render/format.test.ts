import { describe, expect, it } from 'vitest';
import { formatNumber, MISSING } from '../../../functions/render/format.js';

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [64, '64'],
    [1234.5, '1,234.5'],
    [1.005, '1.005'],
    [0.001, '0.001'],
    [0.000001, '0.000001'],
    [1e-7, '0.0000001'],
    [1e12, '1,000,000,000,000'],
  ])('writes %d as %s, every decimal kept', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it('writes a dash for anything but a finite number', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '12', null, undefined]) {
      expect(formatNumber(value)).toBe(MISSING);
    }
  });
});
