import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/errors/errors.js';
import { pageRequest } from '../../../functions/http/paging.js';
import { queryWholeNumber } from '../../../functions/http/query-number.js';
import type { HttpRequest } from '../../../functions/http/request.js';

describe('Function: queryWholeNumber', () => {
  const limit = queryWholeNumber(1, 100);

  it.each([
    ['1', 1],
    ['25', 25],
    ['100', 100],
  ])('reads %s as %d', (text, value) => {
    expect(limit.parse(text)).toBe(value);
  });

  it.each([
    ['empty', ''],
    ['0', '0'],
    ['101', '101'],
    ['an exponent', '1e1'],
    ['hexadecimal', '0x10'],
    ['a decimal point', '1.0'],
    ['a leading zero', '025'],
    ['spaces', ' 25'],
    ['a sign', '+5'],
    ['a negative', '-1'],
    ['two values joined', '5,6'],
    ['a huge number', '99999999999999999999'],
  ])('refuses %s, naming the range', (_, text) => {
    const result = limit.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'must be a whole number from 1 to 100',
    ]);
  });
});

describe('Function: pageRequest', () => {
  const request = (query: Record<string, string>) => ({ query }) as unknown as HttpRequest;

  it('defaults the limit to 25 and passes the cursor on', () => {
    expect(pageRequest(request({}))).toEqual({ limit: 25 });
    expect(pageRequest(request({ limit: '3', cursor: 'abc' }))).toEqual({
      limit: 3,
      cursor: 'abc',
    });
  });

  it('refuses a limit written as an exponent with a 400 naming limit', () => {
    expect(() => pageRequest(request({ limit: '1e1' }))).toThrow(
      expect.objectContaining({
        constructor: ValidationError,
        details: [{ path: 'limit', message: 'must be a whole number from 1 to 100' }],
      }),
    );
  });
});
