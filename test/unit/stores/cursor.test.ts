import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/errors/errors.js';
import {
  cursorSchema,
  decodeCursor,
  encodeCursor,
  keyPart,
} from '../../../functions/stores/dynamodb/cursor.js';
import * as z from '../../../functions/zod.js';

const schema = cursorSchema({ PK: z.literal('PROG#abc'), SK: keyPart('SNAP#', /^\d+$/) });

describe('Function: decodeCursor', () => {
  it('gives back the key it was encoded from', () => {
    const key = { PK: 'PROG#abc', SK: 'SNAP#123' };
    expect(decodeCursor(encodeCursor(key), schema)).toEqual(key);
  });

  it('returns undefined when there is no cursor', () => {
    expect(decodeCursor(undefined, schema)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['padded base64', 'eyJQSyI6IlBST0cjYWJjIn0='],
    ['too long', 'a'.repeat(3000)],
    ['another partition', encodeCursor({ PK: 'PROG#xyz', SK: 'SNAP#1' })],
    ['another sort key kind', encodeCursor({ PK: 'PROG#abc', SK: 'PROFILE' })],
    ['a number where text belongs', encodeCursor({ PK: 'PROG#abc', SK: 1 })],
    ['an extra attribute', encodeCursor({ PK: 'PROG#abc', SK: 'SNAP#1', GSI1PK: 'x' })],
  ])('refuses a cursor that is %s, naming cursor', (_, cursor) => {
    try {
      decodeCursor(cursor, schema);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details).toEqual([
        { path: 'cursor', message: expect.any(String) },
      ]);
    }
  });
});
