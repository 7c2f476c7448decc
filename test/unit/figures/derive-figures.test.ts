import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveFigures, sourcesOf } from '../../../functions/figures/derive-figures.js';
import { parseProgramme } from '../../../functions/programmes/parse-programme.js';

const example = parseProgramme(
  JSON.parse(
    readFileSync(new URL('../../../local/example-programme.json', import.meta.url), 'utf8'),
  ),
);

describe('Function: deriveFigures', () => {
  it('totals the posts and spans their periods', () => {
    const { figures } = deriveFigures(example);
    expect(figures.posts).toEqual({ total: 41, period: { from: 2026, to: 2027 } });
  });

  it('derives each cohort’s progression rate with the one rounding rule', () => {
    const { figures } = deriveFigures(example);
    expect(figures.progression).toEqual([
      {
        cohort: 'NIHR Academic Clinical Fellows',
        total: 86,
        progressed: 55,
        rate: 64,
        destination: 'clinical research training fellowships or other academic posts',
      },
      {
        cohort: 'NIHR and locally funded Clinical Lecturers',
        total: 73,
        progressed: 55,
        rate: 75,
        destination: 'senior academic positions',
      },
    ]);
  });

  it('leaves the rate out for an empty cohort rather than inventing one', () => {
    const programme = {
      ...example,
      progression: [{ cohort: 'New cohort', total: 0, progressed: 0 }],
    };
    const { figures } = deriveFigures(programme);
    expect(figures.progression[0]).toEqual({ cohort: 'New cohort', total: 0, progressed: 0 });
    expect('rate' in (figures.progression[0] ?? {})).toBe(false);
  });

  it('has no period when there are no posts', () => {
    const { figures } = deriveFigures({ ...example, posts: [] });
    expect(figures.posts).toEqual({ total: 0 });
  });

  it('spans periods that differ between posts', () => {
    const programme = {
      ...example,
      posts: [
        { scheme: 'A', awarded: 1, period: { from: 2025, to: 2026 } },
        { scheme: 'B', awarded: 2, period: { from: 2026, to: 2028 } },
      ],
    };
    expect(deriveFigures(programme).figures.posts.period).toEqual({ from: 2025, to: 2028 });
  });

  it('knows which fields each derived figure came from', () => {
    const { provenance } = deriveFigures(example);
    expect(sourcesOf('figures.posts.total', provenance)).toEqual([
      'posts[0].awarded',
      'posts[1].awarded',
    ]);
    expect(sourcesOf('figures.progression[1].rate', provenance)).toEqual([
      'progression[1].progressed',
      'progression[1].total',
    ]);
    expect(sourcesOf('figures.posts.period.to', provenance)).toEqual([
      'posts[0].period.to',
      'posts[1].period.to',
    ]);
  });

  it('traces a programme field to itself', () => {
    const { provenance } = deriveFigures(example);
    expect(sourcesOf('programme.trainees.current', provenance)).toEqual(['trainees.current']);
  });
});
