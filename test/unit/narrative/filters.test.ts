import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../functions/narrative/template-error.js';
import { blockTexts, exampleScope, print, renderSection, thrownBy } from './narrative-test-kit.js';

function filterError(expression: string): TemplateError {
  const error = thrownBy(() => print(expression));
  expect(error).toBeInstanceOf(TemplateError);
  return error as TemplateError;
}

describe('Filter: percent', () => {
  it.each([
    [23, 40, '58%'],
    [55, 86, '64%'],
    [55, 73, '75%'],
    [0, 12, '0%'],
    [12, 12, '100%'],
  ])('prints %i of %i as %s, by the one rounding rule', (part, whole, expected) => {
    // Prepare
    const expression = `${part} | percent: ${whole}`;

    // Act
    const text = print(expression);

    // Assess
    expect(text).toBe(expected);
  });

  it('takes its counts from the figures', () => {
    // Act
    const text = print('figures.progression[0].progressed | percent: figures.progression[0].total');

    // Assess
    expect(text).toBe('64%');
  });

  it('refuses a total of 0, naming the filter, instead of printing NaN%', () => {
    // Act
    const error = filterError(
      'figures.progression[2].progressed | percent: figures.progression[2].total',
    );

    // Assess
    expect(error.kind).toBe('filter');
    expect(error.reference).toBe('percent');
    expect(error.message).toMatch(/percent filter: the total is 0/);
    expect(error.message).not.toMatch(/NaN/);
  });

  it.each([
    ['55 | percent', /needs the total/],
    ['55 | percent: 8.5', /the total must be a whole number/],
    ['55 | percent: "86"', /the total must be a number, got text "86"/],
    ['"55" | percent: 86', /the part must be a number/],
  ])('refuses {{ %s }}', (expression, message) => {
    // Act
    const error = filterError(expression);

    // Assess
    expect(error.kind).toBe('filter');
    expect(error.reference).toBe('percent');
    expect(error.detail).toMatch(message);
  });
});

describe('Filter: number', () => {
  it.each([
    ['1234567', '1,234,567'],
    ['1234', '1,234'],
    ['999', '999'],
    ['0', '0'],
    ['1234.5', '1,234.5'],
    ['-1234', '-1,234'],
  ])('prints %s as %s', (value, expected) => {
    // Act
    const text = print(`${value} | number`);

    // Assess
    expect(text).toBe(expected);
  });

  it('refuses text, even text of digits', () => {
    // Act
    const error = filterError('"1234" | number');

    // Assess
    expect(error.reference).toBe('number');
    expect(error.detail).toBe('number filter: the value must be a number, got text "1234"');
  });
});

describe('Filter: words', () => {
  it.each([
    [0, 'zero'],
    [15, 'fifteen'],
    [28, 'twenty-eight'],
    [40, 'forty'],
    [100, 'one hundred'],
    [115, 'one hundred and fifteen'],
    [999, 'nine hundred and ninety-nine'],
  ])('writes %i as "%s"', (value, expected) => {
    // Act
    const text = print(`${value} | words`);

    // Assess
    expect(text).toBe(expected);
  });

  it.each([
    ['1000', '1,000'],
    ['2.5', '2.5'],
    ['-3', '-3'],
  ])('leaves %s in digits, formatted as by number', (value, expected) => {
    // Act
    const text = print(`${value} | words`);

    // Assess
    expect(text).toBe(expected);
  });

  it('refuses text', () => {
    // Act
    const error = filterError('programme.name | words');

    // Assess
    expect(error.reference).toBe('words');
    expect(error.detail).toMatch(/must be a number, got text "Integrated Clinical/);
  });
});

describe('Filter: plural', () => {
  it.each([
    [0, 'posts'],
    [1, 'post'],
    [2, 'posts'],
  ])('gives %i the word "%s"', (count, expected) => {
    // Act
    const text = print(`${count} | plural: "post", "posts"`);

    // Assess
    expect(text).toBe(expected);
  });

  it('refuses a missing plural form', () => {
    // Act
    const error = filterError('2 | plural: "post"');

    // Assess
    expect(error.reference).toBe('plural');
    expect(error.detail).toMatch(/needs the singular and the plural word/);
  });

  it('refuses a count that is not a number', () => {
    // Act
    const error = filterError('programme.highlights | plural: "post", "posts"');

    // Assess
    expect(error.detail).toMatch(/must be a number, got a list of 3/);
  });
});

describe('Filter: list', () => {
  it.each([
    [[], ''],
    [['Research Retreat'], 'Research Retreat'],
    [['Research Retreat', 'peer support'], 'Research Retreat and peer support'],
    [
      ['Research Retreat', 'trainee experience survey', 'peer support'],
      'Research Retreat, trainee experience survey and peer support',
    ],
  ])('joins %j as "%s"', (items, expected) => {
    // Prepare
    const scope = exampleScope();
    (scope.programme as { highlights: string[] }).highlights = items;

    // Act
    const text = print('programme.highlights | list', scope);

    // Assess
    expect(text).toBe(expected);
  });

  it('formats numbers in the list as by number', () => {
    // Prepare
    const scope = exampleScope();
    (scope.programme as { highlights: unknown[] }).highlights = [1234, 56];

    // Act
    const text = print('programme.highlights | list', scope);

    // Assess
    expect(text).toBe('1,234 and 56');
  });

  it('refuses a list of objects, pointing at map', () => {
    // Act
    const error = filterError('programme.partnerships | list');

    // Assess
    expect(error.reference).toBe('list');
    expect(error.detail).toMatch(/item 1 is a group of fields.*map: "name"/);
  });

  it('joins a field picked with map', () => {
    // Act
    const text = print('programme.partnerships | map: "name" | list');

    // Assess
    expect(text).toBe('Birmingham Health Partners and West Midlands NHS trusts');
  });

  it('refuses something that is not a list', () => {
    // Act
    const error = filterError('programme.name | list');

    // Assess
    expect(error.detail).toMatch(/needs a list, got text/);
  });
});

describe('Filters: the standard Liquid ones kept', () => {
  it('prints a snapshot date the same way on every machine', () => {
    // Act
    const text = print('snapshot.takenAt | date');

    // Assess
    expect(text).toBe('1 March 2026');
  });

  it('refuses "now", which would make the same bid differ from day to day', () => {
    // Act
    const error = filterError('"now" | date: "%Y"');

    // Assess
    expect(error.reference).toBe('date');
    expect(error.detail).toMatch(/needs a date such as "2026-03-01"/);
  });

  it('refuses arithmetic on text instead of treating it as 0', () => {
    // Act
    const error = filterError('programme.name | plus: 1');

    // Assess
    expect(error.reference).toBe('plus');
    expect(error.detail).toMatch(/needs a number, got text/);
  });

  it('refuses to join objects, which would print [object Object]', () => {
    // Act
    const error = filterError('programme.posts | join: ", "');

    // Assess
    expect(error.reference).toBe('join');
    expect(error.message).not.toMatch(/\[object Object\]/);
  });

  it('keeps text and list filters working on the data', () => {
    // Act
    const text = print('programme.posts | map: "scheme" | join: "; " | upcase');

    // Assess
    expect(text).toBe('ACADEMIC CLINICAL FELLOW; ACADEMIC CLINICAL LECTURER');
  });

  it('writes text and numbers as JSON, the safe way into a chart', () => {
    // Act
    const text = print('figures.progression | map: "cohort" | json');

    // Assess
    expect(text).toBe('["Academic Clinical Fellows","Clinical Lecturers","New cohort"]');
  });

  it('refuses JSON of a list with a missing field, rather than writing null', () => {
    // Act
    const error = filterError('figures.progression | map: "rate" | json');

    // Assess
    expect(error.reference).toBe('json');
    expect(error.detail).toMatch(/item 3 is nothing/);
  });

  it('refuses JSON of whole records, which would dump raw data', () => {
    // Act
    const error = filterError('programme.lead | json');

    // Assess
    expect(error.detail).toMatch(/got a group of fields/);
  });

  it.each(['times', 'divided_by', 'round', 'modulo', 'inspect', 'jsonify', 'raw', 'sample'])(
    'does not offer %s',
    (filter) => {
      // Act
      const error = filterError(`figures.posts.total | ${filter}: 2`);

      // Assess
      expect(error.kind).toBe('unknown-filter');
      expect(error.reference).toBe(filter);
    },
  );
});

describe('Filters: sum, size and sort', () => {
  it('adds up a number field of every item, or a list of numbers', () => {
    // Act
    const byField = print('programme.posts | sum: "awarded"');
    const ofNumbers = print('programme.posts | map: "awarded" | sum');

    // Assess
    expect(byField).toBe('41');
    expect(ofNumbers).toBe('41');
  });

  it.each([
    ['programme.posts | sum: "awarde"', /item 1 has no "awarde"/],
    ['programme.highlights | sum', /item 1 is text "Research Retreat"; sum adds numbers/],
    ['programme.posts | map: "scheme" | sum', /item 1 is text "Academic Clinical Fellow"/],
    ['programme.posts | sum: "scheme"', /the "scheme" of item 1 is text .*; sum adds numbers/],
    ['programme.highlights | sum: "awarded"', /item 1 is text "Research Retreat", which has no/],
  ])('refuses {{ %s }} instead of printing 0', (expression, message) => {
    // Act
    const error = filterError(expression);

    // Assess
    expect(error.kind).toBe('filter');
    expect(error.reference).toBe('sum');
    expect(error.detail).toMatch(/^sum filter: /);
    expect(error.detail).toMatch(message);
  });

  it('counts the items of a list and the characters of text', () => {
    // Act
    const items = print('programme.posts | size');
    const characters = print('programme.funder | size');

    // Assess
    expect(items).toBe('2');
    expect(characters).toBe('4');
  });

  it.each([
    ['programme.lead', 'a group of fields'],
    ['figures.posts.total', 'the number 41'],
    ['nil', 'nothing'],
  ])('refuses the size of %s instead of printing 0', (expression, got) => {
    // Act
    const error = filterError(`${expression} | size`);

    // Assess
    expect(error.kind).toBe('filter');
    expect(error.reference).toBe('size');
    expect(error.detail).toBe(`size filter: needs text or a list, got ${got}`);
  });

  it('sorts records by a field every item has', () => {
    // Act
    const text = print('programme.posts | sort: "awarded" | map: "scheme" | join: "; "');

    // Assess
    expect(text).toBe('Academic Clinical Lecturer; Academic Clinical Fellow');
  });

  it.each(['sort', 'sort_natural'])(
    'refuses %s by a field an item lacks instead of leaving the list unsorted',
    (filter) => {
      // Act
      const error = filterError(`programme.posts | ${filter}: "awarde" | map: "scheme" | json`);

      // Assess
      expect(error.kind).toBe('filter');
      expect(error.reference).toBe(filter);
      expect(error.detail).toMatch(/item 1 has no "awarde"/);
    },
  );

  it('refuses to sort records without a field to sort by', () => {
    // Act
    const error = filterError('programme.posts | sort | map: "scheme" | json');

    // Assess
    expect(error.reference).toBe('sort');
    expect(error.detail).toMatch(/item 1 is a group of fields; sort orders text and numbers/);
  });
});

describe('Filters: where, reject and find', () => {
  it('leaves out cohorts with no rate by a field every cohort has, as the guide shows', () => {
    // Act
    const labels = print('figures.progression | reject: "total", 0 | map: "cohort" | json');
    const values = print('figures.progression | reject: "total", 0 | map: "rate" | json');

    // Assess
    expect(labels).toBe('["Academic Clinical Fellows","Clinical Lecturers"]');
    expect(values).toBe('[64,75]');
  });

  it('refuses a field an item lacks, naming it a field of the item rather than a variable', () => {
    // Act
    const error = filterError('figures.progression | where: "rate" | map: "cohort" | json');

    // Assess
    expect(error.kind).toBe('filter');
    expect(error.reference).toBe('where');
    expect(error.detail).toMatch(
      /^where filter: item 3 has no "rate" \(where reads it in every item\)/,
    );
    expect(error.detail).toMatch(/leave those cohorts out first with \| reject: "total", 0/);
    expect(error.detail).not.toMatch(/unknown variable|a template sees/);
  });

  it.each([
    ['reject', 'figures.progression | reject: "totl", 0 | size'],
    ['find', 'figures.progression | find: "cohrt", "New cohort" | size'],
  ])('refuses a misspelt field in %s', (filter, expression) => {
    // Act
    const error = filterError(expression);

    // Assess
    expect(error.kind).toBe('filter');
    expect(error.reference).toBe(filter);
    expect(error.detail).toMatch(/item 1 has no "(totl|cohrt)"/);
  });

  it('tests a field written as a path', () => {
    // Act
    const text = print('programme.posts | where: "period.from", 2026 | size');

    // Assess
    expect(text).toBe('2');
  });
});

describe('Filters: forloop, empty and blank are not values', () => {
  function loopError(output: string): TemplateError {
    const error = thrownBy(() =>
      renderSection(`{% for post in programme.posts %}{{ ${output} }}{% endfor %}`),
    );
    expect(error).toBeInstanceOf(TemplateError);
    return error as TemplateError;
  }

  it.each([
    ['forloop | append: ""', 'append'],
    ['forloop | json', 'json'],
    ['forloop | default: 1', 'default'],
    ['forloop | upcase', 'upcase'],
    ['forloop | number', 'number'],
    ['"Post " | append: forloop', 'append'],
  ])("refuses {{ %s }} instead of printing the loop's internals", (output, filter) => {
    // Act
    const error = loopError(output);

    // Assess
    expect(error.kind).toBe('filter');
    expect(error.reference).toBe(filter);
    expect(error.detail).toBe(
      `${filter} filter: forloop is not a value: use one of its fields, such as forloop.index or forloop.last`,
    );
  });

  it.each([
    ['empty | json', 'json', 'empty'],
    ['blank | json', 'json', 'blank'],
    ['programme.name | append: empty', 'append', 'empty'],
  ])(
    'refuses {{ %s }} rather than reading the helper as {} or empty text',
    (expression, filter, helper) => {
      // Act
      const error = filterError(expression);

      // Assess
      expect(error.kind).toBe('filter');
      expect(error.reference).toBe(filter);
      expect(error.detail).toBe(
        `${filter} filter: ${helper} is not a value (for empty text, write "")`,
      );
    },
  );

  it('keeps the fields of forloop, and nil, as values', () => {
    // Act
    const section = renderSection(
      '{% for post in programme.posts %}{{ forloop.index | plus: 10 }} {% endfor %}{{ nil | default: "none" }}',
    );

    // Assess
    expect(blockTexts(section.blocks)).toEqual(['11 12 none']);
  });
});
