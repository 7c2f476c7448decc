import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProgramme } from '../../../functions/programmes/parse-programme.js';
import type { Programme } from '../../../functions/programmes/programme-schema.js';
import { diffFigures } from '../../../functions/snapshots/diff-figures.js';

const example = parseProgramme(
  JSON.parse(
    readFileSync(new URL('../../../local/example-programme.json', import.meta.url), 'utf8'),
  ),
);

function exampleWith(change: (doc: Programme) => void): Programme {
  const doc = structuredClone(example);
  change(doc);
  return doc;
}

describe('Function: diffFigures', () => {
  it('finds no changes between equal documents', () => {
    // Act
    const changes = diffFigures(example, structuredClone(example));

    // Assess
    expect(changes).toEqual([]);
  });

  it('reports a changed count with both values, then the totals derived from it', () => {
    // Prepare
    const after = exampleWith((doc) => {
      if (doc.posts[0]) doc.posts[0].awarded = 30;
    });

    // Act
    const changes = diffFigures(example, after);

    // Assess
    expect(changes).toEqual([
      { path: 'posts[0].awarded', before: 28, after: 30 },
      { path: 'figures.posts.total', before: 41, after: 43 },
    ]);
  });

  it('reports a derived rate changing when its counts change', () => {
    // Prepare
    const after = exampleWith((doc) => {
      if (doc.progression[0]) doc.progression[0].progressed = 43;
    });

    // Act
    const changes = diffFigures(example, after);

    // Assess
    expect(changes).toEqual([
      { path: 'progression[0].progressed', before: 55, after: 43 },
      { path: 'figures.progression[0].progressed', before: 55, after: 43 },
      { path: 'figures.progression[0].rate', before: 64, after: 50 },
    ]);
  });

  it('reports the leaves of a new list entry and a new field as added, without before', () => {
    // Prepare
    const after = exampleWith((doc) => {
      doc.progression[1]?.breakdown?.push({ label: 'professors', count: 3 });
      if (doc.progression[0]) doc.progression[0].breakdown = [{ label: 'fellows', count: 9 }];
    });

    // Act
    const changes = diffFigures(example, after);

    // Assess
    expect(changes).toEqual([
      { path: 'progression[0].breakdown[0].label', after: 'fellows' },
      { path: 'progression[0].breakdown[0].count', after: 9 },
      { path: 'progression[1].breakdown[1].label', after: 'professors' },
      { path: 'progression[1].breakdown[1].count', after: 3 },
    ]);
  });

  it('reports the leaves of a removed entry and a removed field as removed, without after', () => {
    // Prepare
    const after = exampleWith((doc) => {
      doc.posts.pop();
      delete doc.launchedYear;
    });

    // Act
    const changes = diffFigures(example, after);

    // Assess
    expect(changes).toEqual([
      { path: 'launchedYear', before: 2015 },
      { path: 'posts[1].scheme', before: 'Academic Clinical Lecturer' },
      { path: 'posts[1].awarded', before: 13 },
      { path: 'posts[1].period.from', before: 2026 },
      { path: 'posts[1].period.to', before: 2027 },
      { path: 'posts[1].funder', before: 'NIHR' },
      { path: 'figures.posts.total', before: 41, after: 28 },
    ]);
  });

  it('reports an empty list that was added or removed, so figures whose hashes differ never show no change', () => {
    // Prepare
    const before = exampleWith((doc) => {
      if (doc.progression[0]) doc.progression[0].breakdown = [];
    });
    const after = exampleWith((doc) => {
      delete doc.partnerships[0]?.members;
    });

    // Act
    const changes = diffFigures(before, after);

    // Assess
    expect(changes).toEqual([
      { path: 'progression[0].breakdown', before: [] },
      { path: 'partnerships[0].members', before: [] },
    ]);
    expect(diffFigures(after, before)).toEqual([
      { path: 'progression[0].breakdown', after: [] },
      { path: 'partnerships[0].members', after: [] },
    ]);
  });

  it('reports the derived period as removed when the last post goes', () => {
    // Prepare
    const after = exampleWith((doc) => {
      doc.posts = [];
    });

    // Act
    const paths = diffFigures(example, after).map((change) => change.path);

    // Assess
    expect(paths.filter((path) => path.startsWith('figures.'))).toEqual([
      'figures.posts.total',
      'figures.posts.period.from',
      'figures.posts.period.to',
    ]);
  });
});
