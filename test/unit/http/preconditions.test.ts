import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/errors/errors.js';
import { versionExpectation } from '../../../functions/http/preconditions.js';

describe('Function: versionExpectation', () => {
  it.each([
    [{}, { kind: 'any' }],
    [{ 'if-match': '"3"' }, { kind: 'version', version: 3 }],
    [{ 'if-match': '*' }, { kind: 'exists' }],
    [{ 'if-none-match': '*' }, { kind: 'absent' }],
  ])('reads %j', (headers, expected) => {
    expect(versionExpectation(headers)).toEqual(expected);
  });

  it.each([['3'], ['W/"3"'], ['"3", "4"'], ['"x"']])(
    'refuses If-Match: %s naming the header',
    (value) => {
      expect(() => versionExpectation({ 'if-match': value })).toThrow(ValidationError);
    },
  );

  it.each([
    ['*', '*'],
    ['"3"', '*'],
    ['*', '"garbage'],
  ])(
    'refuses If-Match: %s with If-None-Match: %s, naming If-None-Match',
    (ifMatch, ifNoneMatch) => {
      expect(() =>
        versionExpectation({ 'if-match': ifMatch, 'if-none-match': ifNoneMatch }),
      ).toThrow(
        expect.objectContaining({ details: [expect.objectContaining({ path: 'If-None-Match' })] }),
      );
    },
  );
});
