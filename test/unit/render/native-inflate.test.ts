import { createRequire } from 'node:module';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

type Inflate = (source: Uint8Array, dest: Uint8Array) => Uint8Array;
const require = createRequire(import.meta.url);
const nativeInflate = require('../../../functions/render/native-inflate.cjs') as Inflate;
const tinyInflate = require('tiny-inflate') as Inflate;

describe('the zlib stand-in for tiny-inflate', () => {
  it('gives what tiny-inflate gives, into an exact or a larger buffer', () => {
    const data = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }),
      fc
        .array(fc.constantFrom(0, 1, 2, 255), { maxLength: 20_000 })
        .map((values) => Uint8Array.from(values)),
    );
    fc.assert(
      fc.property(data, fc.integer({ min: 0, max: 9 }), fc.nat(64), (bytes, level, spare) => {
        const source = deflateRawSync(bytes, { level });
        const size = bytes.length + spare;
        const expected = tinyInflate(source, new Uint8Array(size));
        const actual = nativeInflate(source, new Uint8Array(size));
        expect(actual).toEqual(expected);
        expect(actual.length).toBe(bytes.length);
      }),
      { numRuns: 300 },
    );
  });

  it("inflates the Unicode tables fontkit's modules decode as they load", async () => {
    // unicode-properties builds its trie with the inflater at import: the stand-in must give
    // the same code point data.
    const source = require('node:fs').readFileSync(
      require.resolve('unicode-properties'),
      'utf8',
    ) as string;
    const base64 = /toByteArray\)?\("([A-Za-z0-9+/=]+)"\)/.exec(source)?.[1];
    expect(base64).toBeDefined();
    const packed = Buffer.from(base64 ?? '', 'base64');
    const length = packed.readUInt32LE(8);
    const once = (inflate: Inflate) =>
      inflate(inflate(packed.subarray(12), new Uint8Array(length)), new Uint8Array(length));
    expect(Buffer.from(once(nativeInflate))).toEqual(Buffer.from(once(tinyInflate)));
  });

  it('refuses data that inflates beyond the buffer, as the tables never do', () => {
    const source = deflateRawSync(new Uint8Array(100));
    expect(() => nativeInflate(source, new Uint8Array(10))).toThrow(RangeError);
  });
});
