import { describe, expect, it } from 'vitest';
import { memoise } from '../../../functions/render/memo.js';

describe('Function: memoise', () => {
  it('keeps at most its limit, dropping the oldest entry first', () => {
    // Prepare
    const memo = new Map<number, string>();
    // Act
    for (let key = 1; key <= 5; key += 1) memoise(memo, key, `value ${key}`, 3);
    // Assess
    expect([...memo]).toEqual([
      [3, 'value 3'],
      [4, 'value 4'],
      [5, 'value 5'],
    ]);
  });
});
