import type { Programme } from '../programmes/programme-schema.js';
import { wholePercent } from './percent.js';

export interface YearSpan {
  from: number;
  to: number;
}

export interface ProgressionFigure {
  cohort: string;
  total: number;
  progressed: number;
  /** Whole percent progressed; absent when the cohort is empty. */
  rate?: number;
  destination?: string;
}

export interface Figures {
  posts: {
    total: number;
    /** Years covered by all posts together; absent when there are none. */
    period?: YearSpan;
  };
  progression: ProgressionFigure[];
}

/** Where each derived figure came from: `figures.posts.total` → `posts[0].awarded`, … */
export type Provenance = ReadonlyMap<string, readonly string[]>;

export interface DerivedFigures {
  figures: Figures;
  provenance: Provenance;
}

/**
 * Figures a template may quote beyond the raw counts. Derived here, once, so that a total
 * or a rate can never disagree with the counts it came from.
 */
export function deriveFigures(programme: Programme): DerivedFigures {
  const provenance = new Map<string, string[]>();
  const postFields = (field: string) => programme.posts.map((_, i) => `posts[${i}].${field}`);

  const total = programme.posts.reduce((sum, post) => sum + post.awarded, 0);
  provenance.set('figures.posts.total', postFields('awarded'));

  let period: YearSpan | undefined;
  if (programme.posts.length > 0) {
    period = {
      from: Math.min(...programme.posts.map((p) => p.period.from)),
      to: Math.max(...programme.posts.map((p) => p.period.to)),
    };
    provenance.set('figures.posts.period.from', postFields('period.from'));
    provenance.set('figures.posts.period.to', postFields('period.to'));
  }

  const progression = programme.progression.map((p, i): ProgressionFigure => {
    const at = `figures.progression[${i}]`;
    const from = `progression[${i}]`;
    for (const field of ['cohort', 'total', 'progressed', 'destination']) {
      provenance.set(`${at}.${field}`, [`${from}.${field}`]);
    }
    const figure: ProgressionFigure = {
      cohort: p.cohort,
      total: p.total,
      progressed: p.progressed,
    };
    const rate = wholePercent(p.progressed, p.total);
    if (rate !== undefined) {
      figure.rate = rate;
      provenance.set(`${at}.rate`, [`${from}.progressed`, `${from}.total`]);
    }
    if (p.destination !== undefined) figure.destination = p.destination;
    return figure;
  });

  return {
    figures: { posts: period ? { total, period } : { total }, progression },
    provenance,
  };
}

/**
 * The programme fields behind a value a template read, by its path in the template scope:
 * `programme.posts[0].awarded` is itself, a derived figure is what it was derived from.
 */
export function sourcesOf(path: string, provenance: Provenance): string[] {
  if (path.startsWith('programme.')) return [path.slice('programme.'.length)];
  if (path.startsWith('snapshot.')) return [path];
  return [...(provenance.get(path) ?? [])];
}
