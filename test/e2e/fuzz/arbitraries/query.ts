import fc from 'fast-check';
import type { FuzzFixture } from './fixture.js';
import { numberishText, oddText } from './values.js';

/**
 * Query strings: the route's own parameters (limit, cursor, programmeId, version, against)
 * with good, odd and hostile values, unknown and repeated names, and raw or encoded forms.
 */

export type QueryName = 'limit' | 'cursor' | 'programmeId' | 'version' | 'against';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Cursors: well-formed for this list or another, forged keys, junk, too long. */
function cursor(fixture: FuzzFixture): fc.Arbitrary<string> {
  const p = fixture.programmeId;
  return fc.oneof(
    fc.constantFrom(
      b64({ PK: `PROG#${p}`, SK: 'PROFILE', GSI1PK: 'PROGRAMMES', GSI1SK: `PROG#${p}` }),
      b64({ PK: `PROG#${p}`, SK: `SNAP#${fixture.snapshotIds[0] ?? ''}` }),
      b64({
        PK: `TPL#${fixture.templateId}`,
        SK: 'LATEST',
        GSI1PK: 'TEMPLATES',
        GSI1SK: `TPL#${fixture.templateId}`,
      }),
      b64({ PK: `BID#${fixture.bidId}`, SK: 'META', GSI1PK: `PROG#${p}`, GSI1SK: 'BID#2020' }),
      b64({ PK: 'PROG#other', SK: 'PROFILE', GSI1PK: 'PROGRAMMES', GSI1SK: 'PROG#other' }),
      b64({ PK: { S: 'x' } }),
      b64({ PK: 1, SK: null }),
      b64({ __proto__: { PK: 'x' } }),
      b64([]),
      b64('PROG#x'),
      b64({}),
      b64({ PK: '', SK: '' }),
      b64({ PK: `PROG#${p}`, SK: 'PROFILE', extra: 'x' }),
      b64({ PK: 'x'.repeat(3_000), SK: 'y' }),
      'e30',
      'bnVsbA',
      '____',
      '=',
      '',
      'A'.repeat(2_049),
    ),
    fc.base64String({ maxLength: 64 }),
    fc.jsonValue({ maxDepth: 2 }).map(b64),
    oddText,
  );
}

function values(name: QueryName, fixture: FuzzFixture): fc.Arbitrary<string> {
  switch (name) {
    case 'limit':
      return fc.oneof(
        { arbitrary: fc.integer({ min: -2, max: 102 }).map(String), weight: 4 },
        fc.constantFrom('1', '100', '101', '0', '1e2', '1.5', '100000', '99999999999999999999'),
        numberishText,
      );
    case 'version':
      return fc.oneof(
        { arbitrary: fc.constantFrom('1', '2'), weight: 4 },
        fc.integer({ min: -1, max: 10_001 }).map(String),
        fc.constantFrom('1', '2', '9999', '10000', '0', '1.0', '01', '+1', '0x1'),
        numberishText,
      );
    case 'cursor':
      return cursor(fixture);
    case 'programmeId':
      return fc.oneof(
        { arbitrary: fc.constant(fixture.programmeId), weight: 6 },
        fc.constantFrom('no-such-programme', '..', 'PROG#x', `${fixture.programmeId},other`),
        oddText,
      );
    case 'against':
      return fc.oneof(
        { arbitrary: fc.constantFrom('previous', ...fixture.snapshotIds), weight: 6 },
        fc.constantFrom('PREVIOUS', 'next', 'latest'),
        fc.constantFrom(...fixture.snapshotIds).map(otherLastDigit),
        oddText,
      );
  }
}

const encode = (text: string, raw: boolean) => {
  if (!raw) {
    try {
      return encodeURIComponent(text);
    } catch {
      return '%ED%A0%80';
    }
  }
  return text.replace(/[&#\s]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
};

/** A query string (without `?`) for a route reading `names`; '' for none. */
export function queryString(
  names: readonly QueryName[],
  fixture: FuzzFixture,
): fc.Arbitrary<string> {
  const known = names.map((name) => fc.tuple(fc.constant(name as string), values(name, fixture)));
  const unknown = fc.tuple(
    fc.constantFrom('LIMIT', 'limit[]', 'a', '', '%00', 'cursor ', '__proto__', 'constructor'),
    oddText,
  );
  const pair =
    known.length > 0 ? fc.oneof({ arbitrary: fc.oneof(...known), weight: 5 }, unknown) : unknown;
  // Each of the route's own parameters present or not, most often with a good value.
  const usual = fc
    .tuple(...names.map((name) => fc.option(values(name, fixture), { freq: 3, nil: undefined })))
    .map((picked) =>
      picked
        .map((value, i) => (value === undefined ? '' : `${names[i]}=${encode(value, false)}`))
        .filter(Boolean)
        .join('&'),
    );
  return fc.oneof(
    { arbitrary: fc.constant(''), weight: 1 },
    ...(names.length > 0 ? [{ arbitrary: usual, weight: 6 }] : []),
    {
      arbitrary: fc
        .tuple(fc.array(pair, { maxLength: 4 }), fc.boolean())
        .map(([pairs, raw]) =>
          pairs.map(([k, v]) => `${encode(k, raw)}=${encode(v, raw)}`).join('&'),
        ),
      weight: 6,
    },
    {
      arbitrary: fc.constantFrom(
        '&',
        '=',
        '&&=&',
        '?',
        'limit',
        'limit=',
        '%',
        '%ZZ=1',
        'a=%E0%A4%A',
      ),
      weight: 1,
    },
  );
}

/**
 * A snapshot id one hex digit away from `id`: well formed, and never `id` itself, whatever
 * random digit the seeded snapshot's id happens to end with.
 */
export function otherLastDigit(id: string): string {
  return `${id.slice(0, -1)}${id.endsWith('0') ? '1' : '0'}`;
}
