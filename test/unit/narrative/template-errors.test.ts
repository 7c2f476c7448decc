import { describe, expect, it } from 'vitest';
import { renderNarrative } from '../../../functions/narrative/render-narrative.js';
import { TemplateError } from '../../../functions/narrative/template-error.js';
import { exampleScope, oneSection, renderSection, thrownBy } from './narrative-test-kit.js';

function renderError(source: string): TemplateError {
  const error = thrownBy(() => renderSection(source));
  expect(error).toBeInstanceOf(TemplateError);
  return error as TemplateError;
}

describe('Function: renderNarrative, when the template is wrong', () => {
  it('refuses a template that uses an unknown figure, naming it and its line', () => {
    // Prepare
    const source = 'Our posts.\n\nWe hold {{ figures.post.total }} posts.';

    // Act
    const error = renderError(source);

    // Assess
    expect(error.kind).toBe('unknown-variable');
    expect(error.section).toBe('body');
    expect(error.line).toBe(3);
    expect(error.reference).toBe('figures.post.total');
    expect(error.message).toBe(
      'section "body", line 3: unknown variable "figures.post.total" (figures has no "post")',
    );
  });

  it('names the data path when a loop variable lacks a field', () => {
    // Prepare
    const source =
      '{% for p in figures.progression %}\n- {{ p.cohort }}: {{ p.rate }}%\n{% endfor %}';

    // Act
    const error = renderError(source);

    // Assess
    expect(error.line).toBe(2);
    expect(error.reference).toBe('p.rate');
    expect(error.detail).toMatch(
      /\(figures\.progression\[2\] has no "rate"\); rate is absent when the cohort total is 0/,
    );
  });

  it('refuses an unknown filter, naming it and its line', () => {
    // Act
    const error = renderError('One.\n{{ figures.posts.total | percentage: 86 }}');

    // Assess
    expect(error.kind).toBe('unknown-filter');
    expect(error.reference).toBe('percentage');
    expect(error.line).toBe(2);
  });

  it('reports a syntax error at the line of the unclosed tag', () => {
    // Act
    const error = renderError('Intro.\n\n{% if figures.posts.total > 0 %}\nMany posts.');

    // Assess
    expect(error.kind).toBe('syntax');
    expect(error.line).toBe(3);
    expect(error.detail).toMatch(/not closed/);
  });

  it('refuses a tag Liquid does not have, naming it', () => {
    // Act
    const error = renderError('a\n{% frobnicate %}');

    // Assess
    expect(error.kind).toBe('syntax');
    expect(error.reference).toBe('frobnicate');
    expect(error.detail).toBe('unknown tag "frobnicate"');
  });

  it('reports an unclosed output at its line', () => {
    // Act
    const error = renderError('a\nb\n{{ figures.posts.total');

    // Assess
    expect(error.kind).toBe('syntax');
    expect(error.line).toBe(3);
  });

  it('locates an error in the title and in a heading by the manifest field', () => {
    // Prepare
    const badTitle = oneSection('Text.', { title: '{{ programme.nme }}' });
    const badHeading = oneSection('Text.', {}, { heading: 'Posts {{ figures.posts.totl }}' });

    // Act
    const titleError = thrownBy(() => renderNarrative(badTitle, exampleScope())) as TemplateError;
    const headingError = thrownBy(() =>
      renderNarrative(badHeading, exampleScope()),
    ) as TemplateError;

    // Assess
    expect(titleError.message).toMatch(/^manifest title: unknown variable "programme.nme"/);
    expect(titleError.section).toBe('title');
    expect(headingError.message).toMatch(
      /^section "body" heading: unknown variable "figures.posts.totl"/,
    );
    expect(headingError.part).toBe('heading');
  });

  it.each([
    ['{{ programme.posts }}', /is a list of 2; print it with \| list/],
    ['{{ programme.lead }}', /is a group of fields/],
    ['{{ nil }}', /has no value \(nil\)/],
    ['{% for p in figures.progression %}{{ forloop }}{% endfor %}', /Liquid helper/],
  ])('refuses to print %s, which has no text', (source, message) => {
    // Act
    const error = renderError(source);

    // Assess
    expect(error.kind).toBe('value');
    expect(error.detail).toMatch(message);
    expect(error.message).not.toMatch(/\[object Object\]|undefined|null(?! |\))/);
  });

  it('refuses data that is null instead of printing a blank', () => {
    // Prepare
    const scope = exampleScope();
    (scope.programme as { funder: unknown }).funder = null;

    // Act
    const error = thrownBy(() => renderSection('Funded by {{ programme.funder }}.', scope));

    // Assess
    expect((error as TemplateError).kind).toBe('value');
  });
});

describe('Function: renderNarrative, sandbox', () => {
  it.each([
    ['{{ programme.constructor }}', 'programme.constructor'],
    ['{{ programme.name.constructor }}', 'programme.name.constructor'],
    ['{{ programme.posts.constructor.name }}', 'programme.posts.constructor.name'],
    ['{{ programme.__proto__ }}', 'programme.__proto__'],
    ['{% assign x = programme["__proto__"] %}', 'programme["__proto__"]'],
    ['{{ programme.toString }}', 'programme.toString'],
    ['{{ process.env }}', 'process.env'],
    ['{{ globalThis }}', 'globalThis'],
    ['{{ constructor }}', 'constructor'],
    [
      '{% for p in figures.progression %}{{ forloop.constructor }}{% endfor %}',
      'forloop.constructor',
    ],
    ['{% for p in figures.progression %}{{ forloop.toString }}{% endfor %}', 'forloop.toString'],
  ])('refuses %s as an unknown variable', (source, reference) => {
    // Act
    const error = renderError(source);

    // Assess
    expect(error.kind).toBe('unknown-variable');
    expect(error.reference).toBe(reference);
  });

  it('refuses {{ "x" | constructor }} as an unknown filter', () => {
    // Act
    const error = renderError('{{ "x" | constructor }}');

    // Assess
    expect(error.kind).toBe('unknown-filter');
    expect(error.reference).toBe('constructor');
  });

  it('reaches no prototype through a filter that reads fields', () => {
    // Act
    const error = renderError('{{ programme.posts | map: "constructor" | join: ", " }}');

    // Assess
    expect(error.reference).toBe('join');
    expect(error.detail).toMatch(/item 1 is nothing/);
  });

  it.each([
    ['{% include "secrets" %}', 'include'],
    ['{% render "secrets" %}', 'render'],
    ['{% layout "page" %}', 'layout'],
    ['{% cycle "a", "b" %}', 'cycle'],
    ['{% tablerow p in figures.progression %}{% endtablerow %}', 'tablerow'],
  ])('refuses %s at parse time, before anything is read', (source, tag) => {
    // Act
    const error = renderError(`Intro.\n${source}`);

    // Assess
    expect(error.kind).toBe('syntax');
    expect(error.reference).toBe(tag);
    expect(error.line).toBe(2);
    expect(error.detail).toMatch(new RegExp(`the tag \\{% ${tag} %\\} is not available`));
  });

  it('cannot change the data it reads', () => {
    // Prepare
    const scope = exampleScope();
    const before = JSON.stringify(scope);

    // Act
    renderSection(
      '{% assign programme = "x" %}{{ programme }} {{ figures.progression | sort: "total" | size }}',
      scope,
    );

    // Assess
    expect(JSON.stringify(scope)).toBe(before);
  });
});

describe('Function: renderNarrative, limits', () => {
  it.each([
    ['a loop over a huge range', '{% for i in (1..100000000) %}{{ i }}{% endfor %}'],
    [
      'nested loops of huge output',
      '{% for i in (1..1000) %}{% for j in (1..1000) %}{% for k in (1..1000) %}words words words {% endfor %}{% endfor %}{% endfor %}',
    ],
    [
      'text doubled until it is enormous',
      '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}',
    ],
    [
      'a capture grown in a loop',
      '{% capture c %}{% for i in (1..100000) %}{% for j in (1..100000) %}abc{% endfor %}{% endfor %}{% endcapture %}{{ c }}',
    ],
  ])('stops %s with a limit error', (_, source) => {
    // Act
    const error = renderError(source);

    // Assess
    expect(error.kind).toBe('limit');
  });

  it('caps the rendered text of a section', () => {
    // Act
    const error = renderError('{% for i in (1..30000) %}0123456789{% endfor %}');

    // Assess
    expect(error.kind).toBe('limit');
    expect(error.detail).toBe('the rendered section is longer than 200,000 characters');
  });
});
