import fc from 'fast-check';
import { ROLE_TOKENS, TOKEN_KINDS, type TokenKind } from '../tokens.js';
import { oddText } from './values.js';

/**
 * Headers: the Authorization header (a token of any kind, in any form, or none), the
 * content type (JSON, JSON with parameters, other types, none) and the conditional and
 * idempotency headers with good and odd values.
 */

/** How the token is presented: `Bearer <t>`, lower case, bare, twice, or as junk. */
export type Authorization =
  | { kind: 'none' }
  | { kind: 'token'; token: TokenKind; form: 'Bearer' | 'bearer' | 'bare' | 'padded' | 'twice' }
  | { kind: 'junk'; value: string };

/** Mostly a token of a role the route admits, so that most requests reach the handler. */
export function authorization(admitted: readonly TokenKind[]): fc.Arbitrary<Authorization> {
  const roleToken = (tokens: readonly TokenKind[]): fc.Arbitrary<Authorization> =>
    fc.record({
      kind: fc.constant('token' as const),
      token: fc.constantFrom(...tokens),
      form: fc.constant('Bearer' as const),
    });
  const anyToken: fc.Arbitrary<Authorization> = fc.record({
    kind: fc.constant('token' as const),
    token: fc.constantFrom(...TOKEN_KINDS),
    form: fc.constantFrom(
      'Bearer' as const,
      'bearer' as const,
      'bare' as const,
      'padded' as const,
      'twice' as const,
    ),
  });
  const junk: fc.Arbitrary<Authorization> = fc.record({
    kind: fc.constant('junk' as const),
    value: fc.oneof(
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'Basic d3JpdGVyOnNlY3JldA==',
        'Bearer a.b.c',
        'Bearer ...',
        'Bearer eyJhbGciOiJub25lIn0.e30.',
        'Bearer null',
        'Bearer undefined',
        `Bearer ${'A'.repeat(6_000)}`,
      ),
      oddText.map((t) => `Bearer ${t}`),
      fc.base64String({ maxLength: 200 }).map((t) => `Bearer ${t}.${t}.${t}`),
    ),
  });
  return fc.oneof(
    { arbitrary: roleToken(admitted), weight: 16 },
    { arbitrary: roleToken(ROLE_TOKENS), weight: 2 },
    { arbitrary: anyToken, weight: 3 },
    { arbitrary: junk, weight: 1 },
    { arbitrary: fc.constant({ kind: 'none' } as const), weight: 1 },
  );
}

export const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 20 },
  {
    arbitrary: fc.constantFrom(
      undefined,
      'application/json; charset=utf-8',
      'application/json; charset="UTF-8"',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'application/problem+json',
      'application/jsonx',
      'application/json, text/plain',
      'text/json',
      'text/plain',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/xml',
      '*/*',
      '',
      ';',
      'application/json;;;',
    ),
    weight: 4,
  },
  { arbitrary: oddText, weight: 1 },
);

export const ifMatch = fc.constantFrom(
  '"1"',
  '"2"',
  '"3"',
  '"0"',
  '*',
  'W/"1"',
  '1',
  '"1", "2"',
  '"-1"',
  '"1e3"',
  '"999999999999999"',
  '"9999999999999999"',
  '""',
  '',
  'version 2',
);

export const ifNoneMatch = fc.constantFrom('*', '"1"', '', 'W/*');

export const idempotencyKey = fc.oneof(
  fc.uuid(),
  fc.constantFrom(
    'fuzz-key-1',
    'fuzz-key-2',
    '',
    ' ',
    'two words',
    'k'.repeat(255),
    'k'.repeat(256),
    '\u00e9t\u00e9',
  ),
  fc.string({
    unit: fc.constantFrom(...'!~"#$%&()*+,-./:;<=>?@[\\]^_`{|}'),
    minLength: 1,
    maxLength: 10,
  }),
  oddText,
);

/** Other headers a client may send; some proxies treat them specially. */
export const noiseHeaders = fc.dictionary(
  fc.constantFrom(
    'accept',
    'x-forwarded-for',
    'content-encoding',
    'cookie',
    'x-amzn-trace-id',
    'origin',
  ),
  oddText,
  { maxKeys: 2 },
);
