import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../functions/group-digits.js';

describe('groupDigits', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [2000, '2,000'],
    [100_000, '100,000'],
    [1_234_567, '1,234,567'],
  ])('writes %i as %s, as en-GB does', (value, text) => {
    expect(groupDigits(value)).toBe(text);
    expect(groupDigits(value)).toBe(value.toLocaleString('en-GB'));
  });

  it('groups a string of digits the same way', () => {
    expect(groupDigits('1234567')).toBe('1,234,567');
    expect(groupDigits('999')).toBe('999');
  });
});
