import { describe, expect, it } from 'vitest';
import { bidIdSchema, randomIds } from '../../../functions/ids/ids.js';

const problem = (input: unknown) => bidIdSchema.safeParse(input).error?.issues[0]?.message;

describe('Schema: bidIdSchema', () => {
  it('accepts the ids Bidwright gives out', () => {
    expect(bidIdSchema.safeParse(randomIds.bidId()).success).toBe(true);
  });

  it.each([
    ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
    ['a version 1 UUID', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'],
    ['an upper-case UUID', '0F8FAD5B-D9CB-469F-A165-70867728950E'],
  ])('refuses %s, saying which UUIDs are bid ids', (_, id) => {
    expect(problem(id)).toBe(
      'must be a bid id: a lower-case version 4 UUID, such as 0f8fad5b-d9cb-469f-a165-70867728950e',
    );
  });
});
