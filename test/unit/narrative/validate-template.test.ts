import { describe, expect, it } from 'vitest';
import { TemplateError, TemplateSchemaError } from '../../../functions/narrative/template-error.js';
import { validateTemplate } from '../../../functions/narrative/validate-template.js';
import { oneSection, rejectionOf } from './narrative-test-kit.js';

async function uploadError(template: unknown): Promise<TemplateError> {
  const error = await rejectionOf(() => validateTemplate(template));
  expect(error).toBeInstanceOf(TemplateError);
  return error as TemplateError;
}

describe('Function: validateTemplate', () => {
  it('returns the checked template when everything can be rendered', async () => {
    // Prepare
    const template = oneSection(
      '{% assign acf = figures.progression | first %}{% for p in figures.progression %}{{ forloop.index }}. {{ p.cohort }}\n{% endfor %}{{ acf.rate }} {{ programme.name | upcase }} {{ snapshot.id }}',
    );

    // Act
    const checked = await validateTemplate(template);

    // Assess
    expect(checked).toEqual(template);
  });

  it('refuses a variable outside programme, snapshot and figures, naming it and its line', async () => {
    // Act
    const error = await uploadError(oneSection('Intro.\n\nWe hold {{ posts.total }} posts.'));

    // Assess
    expect(error.kind).toBe('unknown-variable');
    expect(error.reference).toBe('posts.total');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^section "body", line 3: unknown variable "posts\.total"/);
  });

  it('refuses a name used before it is assigned', async () => {
    // Act
    const error = await uploadError(
      oneSection('{{ total }}\n{% assign total = figures.posts.total %}'),
    );

    // Assess
    expect(error.reference).toBe('total');
    expect(error.line).toBe(1);
  });

  it('refuses an unknown filter at upload', async () => {
    // Act
    const error = await uploadError(oneSection('a\nb\n{{ figures.posts.total | percentage: 2 }}'));

    // Assess
    expect(error.kind).toBe('unknown-filter');
    expect(error.reference).toBe('percentage');
    expect(error.line).toBe(3);
  });

  it('refuses a syntax error at upload, at its line', async () => {
    // Act
    const error = await uploadError(
      oneSection('a\n{% for p in figures.progression %}\n{{ p.cohort }}'),
    );

    // Assess
    expect(error.kind).toBe('syntax');
    expect(error.line).toBe(2);
  });

  it('refuses include and render at upload', async () => {
    // Act
    const error = await uploadError(oneSection('{% render "other" %}'));

    // Assess
    expect(error.kind).toBe('syntax');
    expect(error.reference).toBe('render');
  });

  it('checks the title, author and headings too', async () => {
    // Act
    const title = await uploadError(oneSection('Text.', { title: '{{ env.SECRET }}' }));
    const author = await uploadError(
      oneSection('Text.', { author: '{{ programme.institution | nope }}' }),
    );
    const heading = await uploadError(oneSection('Text.', {}, { heading: '{% if %}' }));

    // Assess
    expect([title.section, title.kind, title.reference]).toEqual([
      'title',
      'unknown-variable',
      'env.SECRET',
    ]);
    expect([author.section, author.kind]).toEqual(['author', 'unknown-filter']);
    expect([heading.section, heading.part, heading.kind]).toEqual(['body', 'heading', 'syntax']);
  });

  it('refuses Markdown it will not draw in a section without Liquid', async () => {
    // Act
    const error = await uploadError(oneSection('Intro.\n\n# Our posts\n\nText.'));

    // Assess
    expect(error.kind).toBe('markdown');
    expect(error.line).toBe(3);
  });

  it('refuses a malformed chart written out in full, even among Liquid', async () => {
    // Prepare
    const source = [
      'We hold {{ figures.posts.total }} posts.',
      '',
      '```chart',
      'type: bar',
      'title: Posts',
      'labels: [ACF, ACL]',
      'values: [28, lots]',
      '```',
    ].join('\n');

    // Act
    const error = await uploadError(oneSection(source));

    // Assess
    expect(error.kind).toBe('chart');
    expect(error.line).toBe(7);
  });

  it('leaves a chart filled by Liquid to render time', async () => {
    // Prepare
    const source =
      '```chart\ntype: bar\ntitle: Posts\nlabels: [All]\nvalues: [{{ figures.posts.total }}]\n```';

    // Act
    const checked = await validateTemplate(oneSection(source));

    // Assess
    expect(checked.sections['body.md']).toBe(source);
  });

  it('refuses a template of the wrong shape with a schema error', async () => {
    // Act
    const error = await rejectionOf(() => validateTemplate({ manifest: {}, sections: {} }));

    // Assess
    expect(error).toBeInstanceOf(TemplateSchemaError);
    expect((error as TemplateSchemaError).issues.map((issue) => issue.path)).toEqual([
      'manifest.id',
      'manifest.title',
      'manifest.competition',
      'manifest.sections',
    ]);
  });
});
