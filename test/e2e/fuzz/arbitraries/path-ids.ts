import fc from 'fast-check';
import { compactTimestamp } from '../../../../functions/ids/ids.js';
import type { FuzzFixture } from './fixture.js';
import { oddText } from './values.js';

/**
 * Path parameters: the seeded ids (so that the rest of the request is what gets tested),
 * well-formed unknown ones, near misses, and hostile ones (traversal, encoded slashes and
 * NULs, malformed escapes, lone surrogates, very long, any Unicode).
 * Each value is the path segment as sent: percent-encoded or not, as generated.
 */

export type ParameterKind = 'programme' | 'template' | 'bid' | 'snapshot';

const slug = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'),
    minLength: 2,
    maxLength: 63,
  })
  .filter((s) => /^[a-z0-9]/.test(s));

const uuid = fc.uuid({ version: 4 });

/** Ids of the snapshot id's form, their random part drawn from `digits`. */
export const snapshotShapedFrom = (digits: string) =>
  fc
    .tuple(
      fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
      fc.string({ unit: fc.constantFrom(...digits), minLength: 8, maxLength: 8 }),
    )
    .map(([at, suffix]) => `${compactTimestamp(at)}-${suffix}`);

const snapshotShaped = snapshotShapedFrom('0123456789abcdef');

const hostile = fc.constantFrom(
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F%2E%2E',
  '..%2F..%2Fetc%2Fpasswd',
  '%2F',
  '%5C',
  '%00',
  '%',
  '%Z',
  '%ZZ',
  '%C0%AF',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%FF%FE',
  '%252e%252e',
  '%E2%80%AE',
  '%20',
  '%0A',
  '*',
  '$',
  '~',
  ';',
  ',',
  '{id}',
  '__proto__',
  'constructor',
  'é',
  'ÿÿ',
);

const encodedText = oddText.map((text) =>
  [...text]
    .map((char) => {
      try {
        return encodeURIComponent(char);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join(''),
);

const long = fc
  .tuple(fc.constantFrom('a', '%41', '9', '-', 'é'), fc.constantFrom(63, 64, 200, 1_000, 4_000))
  .map(([c, n]) => c.repeat(n));

function known(kind: ParameterKind, fixture: FuzzFixture): fc.Arbitrary<string> {
  switch (kind) {
    case 'programme':
      return fc.constant(fixture.programmeId);
    case 'template':
      return fc.constant(fixture.templateId);
    case 'bid':
      return fc.constant(fixture.bidId);
    case 'snapshot':
      return fc.constantFrom(...fixture.snapshotIds);
  }
}

function wellFormed(kind: ParameterKind): fc.Arbitrary<string> {
  switch (kind) {
    case 'programme':
    case 'template':
      return slug;
    case 'bid':
      return uuid;
    case 'snapshot':
      return snapshotShaped;
  }
}

export const NEAR_MISS_KINDS = 8;

/** Near misses of a valid id: case, padding, an extra or missing character, an encoded form. */
const nearMiss = (valid: fc.Arbitrary<string>) =>
  fc
    .tuple(valid, fc.integer({ min: 0, max: NEAR_MISS_KINDS - 1 }))
    .map(([id, how]) => nearMissOf(id, how));

/** The near miss of `id` of kind `how` (0 to NEAR_MISS_KINDS − 1): never `id` itself. */
export function nearMissOf(id: string, how: number): string {
  switch (how) {
    case 0:
      // A snapshot id whose random part is all digits has no letter to raise.
      return id.toUpperCase() === id ? id.toLowerCase() : id.toUpperCase();
    case 1:
      return `${id}%20`;
    case 2:
      return `%20${id}`;
    case 3:
      return id.slice(0, -1);
    case 4:
      return `${id}x`;
    case 5:
      return `-${id}`;
    case 6:
      return [...id].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    default:
      return `${id}%2F..`;
  }
}

export function pathId(kind: ParameterKind, fixture: FuzzFixture): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: known(kind, fixture), weight: 14 },
    { arbitrary: wellFormed(kind), weight: 2 },
    { arbitrary: nearMiss(known(kind, fixture)), weight: 2 },
    { arbitrary: hostile, weight: 2 },
    { arbitrary: encodedText, weight: 1 },
    { arbitrary: long, weight: 1 },
  );
}
