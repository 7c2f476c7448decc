import { describe, expect, it, vi } from 'vitest';
import { liquid } from '../../../functions/narrative/liquid-engine.js';
import { renderNarrative } from '../../../functions/narrative/render-narrative.js';
import type { TemplateSource } from '../../../functions/narrative/template-schema.js';
import { blockTexts, exampleScope, oneSection } from './narrative-test-kit.js';

function twoSections(): TemplateSource {
  return {
    manifest: {
      id: 'nihr-icat',
      title: '{{ programme.name }}: bid for NIHR posts',
      competition: 'NIHR Integrated Academic Training competition',
      lang: 'en-GB',
      author: '{{ programme.institution }}',
      sections: [
        {
          id: 'posts',
          heading: 'Posts for {{ figures.posts.period.from }}',
          source: 'posts.md',
          wordLimit: 10,
        },
        { id: 'progression', heading: 'Progression', source: 'progression.md', wordLimit: 400 },
      ],
    },
    sections: {
      'posts.md':
        'We hold {{ figures.posts.total | words }} posts: {{ programme.posts[0].awarded }} fellowships and {{ programme.posts[1].awarded }} lectureships, with {{ programme.highlights | list }}.',
      'progression.md': [
        '{% for p in figures.progression %}{% if p.total > 0 %}',
        '- {{ p.cohort }}: {{ p.progressed | percent: p.total }}',
        '{% endif %}{% endfor %}',
        '',
        'Figures as at {{ snapshot.takenAt | date }} ({{ snapshot.id }}); {{ figures.posts.total }} posts in all.',
      ].join('\n'),
    },
  };
}

describe('Function: renderNarrative', () => {
  it('renders the title, author, headings and sections of a template', () => {
    // Act
    const narrative = renderNarrative(twoSections(), exampleScope());

    // Assess
    expect(narrative.title).toBe(
      'Integrated Clinical Academic Training Programme: bid for NIHR posts',
    );
    expect(narrative.author).toBe('University of Birmingham');
    expect(narrative.competition).toBe('NIHR Integrated Academic Training competition');
    expect(narrative.lang).toBe('en-GB');
    expect(narrative.sections.map((s) => [s.id, s.heading])).toEqual([
      ['posts', 'Posts for 2026'],
      ['progression', 'Progression'],
    ]);
    expect(narrative.sections.map((s) => blockTexts(s.blocks))).toEqual([
      [
        'We hold forty-one posts: 28 fellowships and 13 lectureships, with Research Retreat, trainee experience survey and peer support.',
      ],
      [
        'Academic Clinical Fellows: 64%',
        'Clinical Lecturers: 75%',
        'Figures as at 1 March 2026 (snap-2026-03-01); 41 posts in all.',
      ],
    ]);
  });

  it('warns about a section over its word limit and still renders it', () => {
    // Act
    const narrative = renderNarrative(twoSections(), exampleScope());

    // Assess
    expect(narrative.sections[0]).toMatchObject({ id: 'posts', words: 18, wordLimit: 10 });
    expect(narrative.warnings).toEqual([
      { code: 'word-limit', section: 'posts', words: 18, limit: 10 },
    ]);
  });

  it('gives no warning for a section exactly at its limit, or without one', () => {
    // Prepare
    const atLimit = oneSection('Three words here.', {}, { wordLimit: 3 });
    const noLimit = oneSection('Any number of words at all.');

    // Act
    const first = renderNarrative(atLimit, exampleScope());
    const second = renderNarrative(noLimit, exampleScope());

    // Assess
    expect(first.warnings).toEqual([]);
    expect(first.sections[0]?.wordLimit).toBe(3);
    expect(second.warnings).toEqual([]);
    expect(second.sections[0]).not.toHaveProperty('wordLimit');
  });

  it('records every value read, by full path, once, in first-read order', () => {
    // Act
    const narrative = renderNarrative(twoSections(), exampleScope());

    // Assess
    expect(narrative.reads).toEqual([
      { path: 'programme.name', value: 'Integrated Clinical Academic Training Programme' },
      { path: 'programme.institution', value: 'University of Birmingham' },
      { path: 'figures.posts.period.from', value: 2026 },
      { path: 'figures.posts.total', value: 41 },
      { path: 'programme.posts[0].awarded', value: 28 },
      { path: 'programme.posts[1].awarded', value: 13 },
      { path: 'programme.highlights[0]', value: 'Research Retreat' },
      { path: 'programme.highlights[1]', value: 'trainee experience survey' },
      { path: 'programme.highlights[2]', value: 'peer support' },
      { path: 'figures.progression[0].total', value: 86 },
      { path: 'figures.progression[0].cohort', value: 'Academic Clinical Fellows' },
      { path: 'figures.progression[0].progressed', value: 55 },
      { path: 'figures.progression[1].total', value: 73 },
      { path: 'figures.progression[1].cohort', value: 'Clinical Lecturers' },
      { path: 'figures.progression[1].progressed', value: 55 },
      { path: 'figures.progression[2].total', value: 0 },
      { path: 'snapshot.takenAt', value: '2026-03-01T09:00:00Z' },
      { path: 'snapshot.id', value: 'snap-2026-03-01' },
    ]);
  });

  it('records the elements a filter reads, and only those', () => {
    // Prepare
    const template = oneSection(
      '{{ programme.partnerships | map: "name" | list }}; {{ programme.posts | size }} schemes; first {{ programme.posts.first.scheme }}; {% for p in figures.progression limit: 1 %}{{ p.rate }}{% endfor %}',
    );

    // Act
    const { reads } = renderNarrative(template, exampleScope());

    // Assess
    expect(reads.map((read) => read.path)).toEqual([
      'programme.partnerships[0].name',
      'programme.partnerships[1].name',
      'programme.posts[0].scheme',
      'figures.progression[0].rate',
    ]);
  });

  it('records a value read through an assigned name under its data path', () => {
    // Prepare
    const template = oneSection(
      '{% assign lead = programme.lead %}{% assign acf = figures.progression | first %}{{ lead.name }} leads; {{ acf.rate }}%',
    );

    // Act
    const { reads } = renderNarrative(template, exampleScope());

    // Assess
    expect(reads).toEqual([
      { path: 'programme.lead.name', value: 'Ada Example' },
      { path: 'figures.progression[0].rate', value: 64 },
    ]);
  });

  it('quotes keys that are not plain names in a path', () => {
    // Prepare
    const scope = exampleScope();
    (scope.programme as Record<string, unknown>)['per-year'] = { '2026': 12 };

    // Act
    const { reads } = renderNarrative(oneSection('{{ programme["per-year"]["2026"] }}'), scope);

    // Assess
    expect(reads).toEqual([{ path: 'programme["per-year"]["2026"]', value: 12 }]);
  });

  it('gives the same narrative for the same template and data', () => {
    // Act
    const first = renderNarrative(twoSections(), exampleScope());
    const second = renderNarrative(twoSections(), exampleScope());

    // Assess
    expect(second).toEqual(first);
  });

  it('parses a section source once per process', () => {
    // Prepare
    const template = oneSection(
      'Parsed once: {{ figures.posts.total }} {{ "cache-probe" | upcase }}.',
    );
    renderNarrative(template, exampleScope());
    const parse = vi.spyOn(liquid, 'parse');

    // Act
    renderNarrative(template, exampleScope());

    // Assess
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
  });

  it("reads the data as a copy: the caller's objects are never exposed or changed", () => {
    // Prepare
    class Programme {
      name = 'Class-made';
      secret() {
        return 'hidden';
      }
    }
    const scope = { ...exampleScope(), programme: new Programme() };

    // Act
    const narrative = renderNarrative(oneSection('{{ programme.name }}'), scope);

    // Assess
    expect(blockTexts(narrative.sections[0]?.blocks ?? [])).toEqual(['Class-made']);
    expect(() => renderNarrative(oneSection('{{ programme.secret }}'), scope)).toThrow(
      /unknown variable "programme.secret"/,
    );
  });

  it('lets a template ask whether an optional field is there with contains', () => {
    // Prepare
    const template = oneSection(
      '{% for p in figures.progression %}{% if p contains "rate" %}{{ p.rate }}%{% else %}no rate{% endif %}; {% endfor %}{% if programme contains "constructor" %}leak{% endif %}{% if programme.highlights contains "peer support" %}peers{% endif %}',
    );

    // Act
    const narrative = renderNarrative(template, exampleScope());

    // Assess
    expect(blockTexts(narrative.sections[0]?.blocks ?? [])).toEqual(['64%; 75%; no rate; peers']);
  });

  it('uses the manifest language, en-GB unless the manifest says otherwise', () => {
    // Act
    const narrative = renderNarrative(oneSection('Texte.', { lang: 'fr-FR' }), exampleScope());

    // Assess
    expect(narrative.lang).toBe('fr-FR');
  });

  it('refuses a title that renders as empty text', () => {
    // Prepare
    const template = oneSection('Text.', { title: '{{ "" }}' });

    // Act / Assess
    expect(() => renderNarrative(template, exampleScope())).toThrow(
      /^manifest title: renders as empty text$/,
    );
  });
});
