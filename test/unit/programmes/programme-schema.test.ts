import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/errors/errors.js';
import { parseProgramme } from '../../../functions/programmes/parse-programme.js';

const example = JSON.parse(
  readFileSync(new URL('../../../local/example-programme.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** A deep copy of the example with one change applied. */
function exampleWith(change: (doc: Record<string, any>) => void): unknown {
  const doc = structuredClone(example);
  change(doc);
  return doc;
}

function problemsOf(input: unknown): string[] {
  try {
    parseProgramme(input);
  } catch (error) {
    if (error instanceof ValidationError) {
      return error.details.map((d) => `${d.path}: ${d.message}`);
    }
    throw error;
  }
  throw new Error('expected the programme to be refused');
}

describe('Function: parseProgramme', () => {
  it('accepts the example programme built from the reference case', () => {
    // Act
    const programme = parseProgramme(example);

    // Assess
    expect(programme.id).toBe('birmingham-icat');
    expect(programme.posts.map((p) => p.awarded)).toEqual([28, 13]);
    expect(programme.trainees?.current).toBe(116);
    expect(programme.progression[1]?.breakdown?.[0]?.count).toBe(17);
  });

  it('trims strings', () => {
    const programme = parseProgramme(exampleWith((d) => (d.name = '  ICAT  ')));
    expect(programme.name).toBe('ICAT');
  });

  it.each([
    ['an id that is not a slug', (d: any) => (d.id = 'Birmingham ICAT'), 'id: must be 2–63'],
    ['an id of one character', (d: any) => (d.id = 'b'), 'id: must be 2–63'],
    [
      'a negative count',
      (d: any) => (d.posts[0].awarded = -1),
      'posts[0].awarded: must not be negative',
    ],
    [
      'a fractional count',
      (d: any) => (d.trainees.current = 116.5),
      'trainees.current: must be a whole number',
    ],
    [
      'a count given as text',
      (d: any) => (d.progression[0].total = '86'),
      'progression[0].total: must be a whole number',
    ],
    [
      'more progressed than in the cohort',
      (d: any) => (d.progression[0].progressed = 87),
      'progression[0].progressed: must be ≤ total (86)',
    ],
    [
      'a breakdown larger than those progressed',
      (d: any) => (d.progression[1].breakdown = [{ label: 'consultants', count: 56 }]),
      'progression[1].breakdown: counts add up to 56, more than progressed (55)',
    ],
    [
      'a period that ends before it starts',
      (d: any) => (d.posts[1].period = { from: 2027, to: 2026 }),
      'posts[1].period.to: must be ≥ period.from (2027)',
    ],
    ['an empty string', (d: any) => (d.institution = ''), 'institution: must not be empty'],
    ['a blank string', (d: any) => (d.lead.name = '   '), 'lead.name: must not be empty'],
    [
      'a string over 2,000 characters',
      (d: any) => (d.scheme = 'x'.repeat(2001)),
      'scheme: must be at most 2,000 characters',
    ],
    [
      'a list of 51 entries',
      (d: any) => (d.highlights = Array(51).fill('retreat')),
      'highlights: must have at most 50 entries',
    ],
    ['an unknown top-level field', (d: any) => (d.trainess = 3), 'trainess: unknown field'],
    [
      'an unknown nested field',
      (d: any) => (d.posts[0].awared = 28),
      'posts[0].awared: unknown field',
    ],
    ['a missing required field', (d: any) => delete d.institution, 'institution: must be text'],
    ['a list given as an object', (d: any) => (d.posts = {}), 'posts: must be a list'],
  ])('refuses %s, naming the field', (_, change, expected) => {
    // Act
    const problems = problemsOf(exampleWith(change));

    // Assess
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  it('refuses posts whose awarded counts add up to more than can be counted exactly, naming posts', () => {
    // Act
    const problems = problemsOf(
      exampleWith((d) => {
        d.posts[0].awarded = Number.MAX_SAFE_INTEGER;
        d.posts[1].awarded = 2;
      }),
    );

    // Assess
    expect(problems).toEqual([
      'posts: awarded counts add up to more than 9,007,199,254,740,991, the largest total counted exactly',
    ]);
  });

  it('accepts posts whose awarded counts add up to exactly the largest total counted exactly', () => {
    const programme = parseProgramme(
      exampleWith((d) => {
        d.posts[0].awarded = Number.MAX_SAFE_INTEGER - 13;
        d.posts[1].awarded = 13;
      }),
    );
    expect(programme.posts.map((p) => p.awarded)).toEqual([Number.MAX_SAFE_INTEGER - 13, 13]);
  });

  it('names every field at fault at once', () => {
    const problems = problemsOf(
      exampleWith((d) => {
        d.posts[0].awarded = -1;
        d.name = '';
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining(['posts[0].awarded: must not be negative', 'name: must not be empty']),
    );
  });

  it('refuses something that is not an object', () => {
    expect(problemsOf([])).toHaveLength(1);
    expect(problemsOf(null)).toHaveLength(1);
  });
});
