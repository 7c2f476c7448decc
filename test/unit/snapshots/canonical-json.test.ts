import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../../functions/snapshots/canonical-json.js';

describe('Function: canonicalJson', () => {
  it('sorts keys at every depth and drops white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives documents with the same content the same hash whatever their key order', () => {
    expect(contentHash({ id: 'a', posts: [1, 2] })).toBe(contentHash({ posts: [1, 2], id: 'a' }));
  });

  it('keeps list order significant', () => {
    expect(contentHash([1, 2])).not.toBe(contentHash([2, 1]));
  });
});
