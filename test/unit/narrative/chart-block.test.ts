import { describe, expect, it } from 'vitest';
import { chartAlt, parseChartBlock } from '../../../functions/narrative/chart-block.js';
import { TemplateError } from '../../../functions/narrative/template-error.js';
import { renderSection, thrownBy } from './narrative-test-kit.js';

/** A chart whose fence is on source line 10, so YAML line n is source line 10 + n. */
const place = { section: 'progression', sourceLine: (yamlLine: number) => 10 + yamlLine };

function chartError(yaml: string): TemplateError {
  const error = thrownBy(() => parseChartBlock(yaml, place));
  expect(error).toBeInstanceOf(TemplateError);
  return error as TemplateError;
}

describe('Function: parseChartBlock', () => {
  it('reads a bar chart with an optional unit', () => {
    // Act
    const block = parseChartBlock(
      'type: bar\ntitle: Posts\nlabels: [ACF, ACL, 2026]\nvalues: [28, 13, 0]\nunit: " posts"',
      place,
    );

    // Assess
    expect(block).toEqual({
      kind: 'chart',
      chart: {
        type: 'bar',
        title: 'Posts',
        labels: ['ACF', 'ACL', '2026'],
        values: [28, 13, 0],
        unit: ' posts',
      },
      alt: 'Bar chart, Posts. ACF: 28 posts; ACL: 13 posts; 2026: 0 posts.',
    });
  });

  it('refuses malformed YAML at the line the YAML parser stopped', () => {
    // Act
    const error = chartError('type: bar\ntitle: Posts\nlabels: [ACF, ACL\nvalues: [1, 2]');

    // Assess
    expect(error.kind).toBe('chart');
    expect(error.section).toBe('progression');
    expect(error.line).toBeGreaterThanOrEqual(13);
    expect(error.detail).toMatch(/^chart YAML: /);
  });

  it('refuses a value that is not a number, naming the line of that value', () => {
    // Act
    const error = chartError(
      'type: bar\ntitle: Progression\nlabels: [ACF, ACL]\nvalues:\n  - 64\n  - Clinical Lecturers',
    );

    // Assess
    expect(error.kind).toBe('chart');
    expect(error.line).toBe(16);
    expect(error.detail).toBe('chart values[1]: must be a number, got text "Clinical Lecturers"');
  });

  it.each([
    ['type: pie\ntitle: T\nlabels: [a]\nvalues: [1]', 11, /chart type: must be "bar"/],
    ['type: bar\ntitle: T\nlabels: [a, b]\nvalues: [1]', 14, /has 1 values for 2 labels/],
    ['type: bar\ntitle: T\nlabels: [a]\nvalues: [-1]', 14, /must be 0 or more/],
    ['type: bar\ntitle: T\nlabels: [a]\nvalues: [.nan]', 14, /must be a number/],
    ['type: bar\nlabels: [a]\nvalues: [1]', 11, /title/],
    ['type: bar\ntitle: T\nlabels: []\nvalues: []', 13, /at least one label/],
    [
      'type: bar\ntitle: T\nlabels: [a]\nvalues: [1]\ncolour: red',
      11,
      /Unrecognized key: "colour"/,
    ],
    [
      'type: bar\ntitle: T\ntitle: U\nlabels: [a]\nvalues: [1]',
      13,
      /chart YAML: Map keys must be unique/,
    ],
    ['', 11, /must have type, title, labels and values/],
    [
      'type: bar\ntitle: T\nlabels: ["", b]\nvalues: [1, 2]',
      13,
      /^chart labels\[0\]: must be text of 1 to 100 characters$/,
    ],
    [
      `type: bar\ntitle: T\nlabels: [${'x'.repeat(101)}]\nvalues: [1]`,
      13,
      /^chart labels\[0\]: must be text of 1 to 100 characters$/,
    ],
    [
      'type: bar\ntitle: T\nlabels: [a]\nvalues: [1]\n---\ntype: bar',
      15,
      /^chart YAML: a chart is one YAML document: remove the --- or \.\.\. line/,
    ],
  ])('refuses %j at source line %i', (yaml, line, message) => {
    // Act
    const error = chartError(yaml);

    // Assess
    expect(error.kind).toBe('chart');
    expect(error.line).toBe(line);
    expect(error.detail).toMatch(message);
  });

  it('refuses more than 50 bars', () => {
    // Prepare
    const many = Array.from({ length: 51 }, (_, i) => i);

    // Act
    const error = chartError(
      `type: bar\ntitle: T\nlabels: [${many.join(', ')}]\nvalues: [${many.join(', ')}]`,
    );

    // Assess
    expect(error.detail).toMatch(/at most 50/);
  });
});

describe('Function: chartAlt', () => {
  it('names every bar with its value and unit, numbers grouped', () => {
    // Act
    const alt = chartAlt({ type: 'bar', title: 'Trainees.', labels: ['All'], values: [1234] });

    // Assess
    expect(alt).toBe('Bar chart, Trainees. All: 1,234.');
  });
});

describe('Function: renderNarrative, chart blocks', () => {
  it('refuses a chart whose value a template typo made text, at the source line', () => {
    // Prepare
    const source = [
      'Progression:',
      '',
      '```chart',
      'type: bar',
      'title: Progression',
      'labels: [ACF]',
      'values: [{{ figures.progression[0].cohort }}]',
      '```',
    ].join('\n');

    // Act
    const error = thrownBy(() => renderSection(source)) as TemplateError;

    // Assess
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.kind).toBe('chart');
    expect(error.section).toBe('body');
    expect(error.line).toBe(7);
    expect(error.detail).toBe(
      'chart values[0]: must be a number, got text "Academic Clinical Fellows"',
    );
  });

  it('builds a chart from lists written with json', () => {
    // Prepare
    const source = [
      '{% assign cohorts = figures.progression | where: "total", 86 %}',
      '```chart',
      'type: bar',
      'title: Progression',
      'labels: {{ cohorts | map: "cohort" | json }}',
      'values: {{ cohorts | map: "rate" | json }}',
      '```',
    ].join('\n');

    // Act
    const [block] = renderSection(source).blocks;

    // Assess
    expect(block).toMatchObject({
      kind: 'chart',
      chart: { labels: ['Academic Clinical Fellows'], values: [64] },
    });
  });

  it('builds a chart from a loop over the figures', () => {
    // Prepare
    const source = [
      '```chart',
      'type: bar',
      'title: Progression',
      'labels: [{% for p in figures.progression limit: 2 %}"{{ p.cohort }}"{% unless forloop.last %}, {% endunless %}{% endfor %}]',
      'values: [{% for p in figures.progression limit: 2 %}{{ p.rate }}{% unless forloop.last %}, {% endunless %}{% endfor %}]',
      'unit: "%"',
      '```',
    ].join('\n');

    // Act
    const [block] = renderSection(source).blocks;

    // Assess
    expect(block).toEqual({
      kind: 'chart',
      chart: {
        type: 'bar',
        title: 'Progression',
        labels: ['Academic Clinical Fellows', 'Clinical Lecturers'],
        values: [64, 75],
        unit: '%',
      },
      alt: 'Bar chart, Progression. Academic Clinical Fellows: 64%; Clinical Lecturers: 75%.',
    });
  });
});
