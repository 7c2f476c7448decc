import fc from 'fast-check';

/**
 * Values a JSON field should never hold, or only just: the wrong type, numbers at and past
 * every limit, text that is empty, huge, control characters, bidirectional overrides or
 * lone surrogates, prototype-shaped keys and deep nesting.
 */

export const hugeNumber = fc.constantFrom(
  0,
  -0,
  -1,
  1,
  0.5,
  1.5,
  -1e-7,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e21,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  2000,
  2001,
  9999,
  10_000,
  100_000,
  999_999_999_999_999,
);

export const anyNumber = fc.oneof(
  hugeNumber,
  fc.integer({ min: -5, max: 120 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.maxSafeInteger(),
);

/** Text that looks like a number or a keyword but is not one. */
export const numberishText = fc.constantFrom(
  'NaN',
  'Infinity',
  '-Infinity',
  'undefined',
  'null',
  'true',
  '1e3',
  '0x10',
  '0b1',
  '1_000',
  ' 7',
  '7 ',
  '٣',
  '１２',
  '1.0',
  '-0',
  '',
  '9007199254740993',
  '1'.repeat(400),
);

const oddCharacter = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\t',
  '\n',
  '\r',
  '\u00a0',
  '\u200b',
  '\u202e',
  '\u2028',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '\ud83d',
  '🚀',
  '👩‍👩‍👧',
  'Ł',
  'é',
  'e\u0301',
  '𝕏',
  '"',
  '\\',
  '{{',
  '}}',
  '{%',
  '%}',
  '<',
  '&',
  '#',
  '%',
  '/',
  '..',
);

/** Text of every kind, from empty to past every length limit. */
export const oddText = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
  { arbitrary: fc.array(oddCharacter, { maxLength: 12 }).map((c) => c.join('')), weight: 3 },
  { arbitrary: numberishText, weight: 1 },
  { arbitrary: fc.constantFrom('', ' ', '   ', '\n\t'), weight: 1 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('x', 'é', '🚀', ' ', '\ud800'),
        fc.constantFrom(1999, 2000, 2001, 5000, 40_000),
      )
      .map(([c, n]) => c.repeat(n)),
    weight: 1,
  },
);

/** `{"a": {"a": … }}` or `[[[ … ]]]`, as deep as asked. */
export function nested(depth: number, kind: 'object' | 'array', leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i += 1) value = kind === 'array' ? [value] : { a: value };
  return value;
}

export const deepValue = fc
  .tuple(fc.constantFrom(10, 100, 500), fc.constantFrom('object' as const, 'array' as const))
  .map(([depth, kind]) => nested(depth, kind));

const protoKeys = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
);

/** An object whose keys include the ones that reach prototypes in careless code. */
export const protoObject = fc
  .tuple(protoKeys, fc.jsonValue({ maxDepth: 2 }))
  .map(
    ([key, value]) => JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`) as unknown,
  );

/** Any JSON value at all, including the odd ones above. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(null, true, false, [], {}), weight: 3 },
  { arbitrary: anyNumber, weight: 4 },
  { arbitrary: oddText, weight: 5 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: fc.array(oddText, { maxLength: 60 }), weight: 1 },
  { arbitrary: deepValue, weight: 1 },
  { arbitrary: protoObject, weight: 1 },
);
