import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draftBid } from '../../../functions/bids/draft-bid.js';
import { LIMITS } from '../../../functions/narrative/liquid-engine.js';
import { MARKDOWN_LIMITS } from '../../../functions/narrative/markdown-to-blocks.js';
import { renderNarrative } from '../../../functions/narrative/render-narrative.js';
import { TemplateError } from '../../../functions/narrative/template-error.js';
import type { TemplateSource } from '../../../functions/narrative/template-schema.js';
import { validateTemplate } from '../../../functions/narrative/validate-template.js';
import { parseProgramme } from '../../../functions/programmes/parse-programme.js';
import { MAX_PAGES } from '../../../functions/render/render-context.js';
import { snapshotOfDocument } from '../../../functions/snapshots/snapshot-of.js';
import {
  exampleScope,
  oneSection,
  rejectionOf,
  renderSection,
  thrownBy,
} from './narrative-test-kit.js';

/**
 * Each bound of templates/README.md ("Strict, sandboxed, bounded") admits a template right at
 * it and refuses one just past it, with an error of kind `limit`. The hostile templates
 * corpus shows the bounds stop attacks; these show they leave ordinary bids alone.
 */

function limitError(act: () => unknown): TemplateError {
  return asLimitError(thrownBy(act));
}

async function uploadLimitError(act: () => Promise<unknown>): Promise<TemplateError> {
  return asLimitError(await rejectionOf(act));
}

function asLimitError(error: unknown): TemplateError {
  expect(error).toBeInstanceOf(TemplateError);
  expect((error as TemplateError).kind).toBe('limit');
  return error as TemplateError;
}

const nestedIfs = (depth: number) =>
  `${'{% if true %}'.repeat(depth)}Deep.${'{% endif %}'.repeat(depth)}`;
const table = (columns: number, rows: number) =>
  [
    `|${' h |'.repeat(columns)}`,
    `|${' --- |'.repeat(columns)}`,
    ...Array.from({ length: rows }, () => `|${' x |'.repeat(columns)}`),
  ].join('\n');
const chart = (value: string) =>
  `\`\`\`chart\ntype: bar\ntitle: Posts\nlabels: [ACF]\nvalues: [${value}]\n\`\`\`\n`;

describe('Bounds of the narrative engine', () => {
  it(`nests block tags ${LIMITS.nesting} levels deep, and refuses one more at upload`, async () => {
    // Act
    const section = renderSection(nestedIfs(LIMITS.nesting));
    const error = await uploadLimitError(() =>
      validateTemplate(oneSection(nestedIfs(LIMITS.nesting + 1))),
    );

    // Assess
    expect(section.blocks).toHaveLength(1);
    expect(error.detail).toBe(
      'block tags (if, unless, case, for, capture) nest more than 30 levels deep',
    );
  });

  it('counts block tags inside a {% liquid %} tag, and skips those inside a comment', async () => {
    // Prepare
    const inLiquid = `{% if true %}{% liquid\n${'if true\n'.repeat(LIMITS.nesting)}echo "x"\n${'endif\n'.repeat(LIMITS.nesting)}%}{% endif %}`;
    const inComment = `{% comment %}${'{% if true %}'.repeat(100)}{% endcomment %}Text.`;

    // Act
    const error = await uploadLimitError(() => validateTemplate(oneSection(inLiquid)));
    const section = renderSection(inComment);

    // Assess
    // The outer if and the liquid tag are two levels: the 29th if inside, on line 30, is the 31st.
    expect(error.line).toBe(30);
    expect(section.blocks).toHaveLength(1);
  });

  it('nests brackets 30 deep in one tag, and refuses 31', async () => {
    // Prepare
    const brackets = (depth: number) =>
      `{{ ${'programme['.repeat(depth)}"name"${']'.repeat(depth)} }}`;

    // Act
    const error = await uploadLimitError(() =>
      validateTemplate(oneSection(brackets(LIMITS.nesting + 1))),
    );

    // Assess
    expect(error.detail).toBe('brackets and ranges nest more than 30 levels deep in one tag');
    await expect(validateTemplate(oneSection(brackets(LIMITS.nesting)))).resolves.toBeDefined();
    await expect(
      validateTemplate(oneSection(`{{ programme.name | append: "${'[('.repeat(40)}" }}`)),
    ).resolves.toBeDefined();
  });

  it('counts every tag, value, run of text and loop repeat of a narrative against one budget', () => {
    // Prepare: each repeat of an empty loop renders its empty body, one step.
    const repeats = (count: number) => `{% for i in (1..${count}) %}{% endfor %}Text.`;
    const half = LIMITS.renderSteps / 2;

    // Act
    const kept = renderSection(repeats(LIMITS.renderSteps - 100));
    const error = limitError(() =>
      renderNarrative(
        {
          ...oneSection(repeats(half)),
          manifest: {
            ...oneSection('').manifest,
            sections: [
              { id: 'one', heading: 'One', source: 'body.md' },
              { id: 'two', heading: 'Two', source: 'body.md' },
            ],
          },
        },
        exampleScope(),
      ),
    );

    // Assess
    expect(kept.blocks).toHaveLength(1);
    expect(error).toMatchObject({ section: 'two' });
    expect(error.detail).toContain('renders more than 200,000 tags, values, runs of text');
  });

  it('keeps a capture up to the section cap, and stops one that outgrows it', () => {
    // Act
    const kept = renderSection(
      `{% capture s %}{% for i in (1..${LIMITS.outputChars / 10}) %}0123456789{% endfor %}{% endcapture %}{{ s | size }}`,
    );
    const error = limitError(() =>
      renderSection(
        `{% capture s %}{% for i in (1..${LIMITS.outputChars / 10 + 1}) %}0123456789{% endfor %}{% endcapture %}`,
      ),
    );

    // Assess
    expect(kept.blocks).toEqual([{ kind: 'paragraph', content: [{ text: '200000' }] }]);
    expect(error.detail).toBe(
      'the text captured by {% capture %} is longer than 200,000 characters',
    );
  });

  it('caps a rendered heading at 5,000 characters', () => {
    // Prepare
    const template = oneSection(
      'Text.',
      {},
      {
        heading: `{% for i in (1..${LIMITS.lineChars / 10 + 1}) %}Heading 12{% endfor %}`,
      },
    );

    // Act
    const error = limitError(() => renderNarrative(template, exampleScope()));

    // Assess
    expect(error).toMatchObject({ section: 'body', part: 'heading' });
    expect(error.detail).toBe('the rendered text is longer than 5,000 characters');
  });

  it('caps the text and the blocks of all sections together', () => {
    // Prepare
    const manySections = (source: string, count: number): TemplateSource => ({
      ...oneSection(source),
      manifest: {
        ...oneSection(source).manifest,
        sections: Array.from({ length: count }, (_, index) => ({
          id: `part-${index + 1}`,
          heading: 'Part',
          source: 'body.md',
        })),
      },
    });
    const line = `${'word '.repeat(40).trimEnd()}\n`; // 200 characters
    const words = `{% for i in (1..500) %}${line}{% endfor %}`; // 100,000 characters

    // Act
    const fits = renderNarrative(manySections(words, 2), exampleScope());
    const tooLong = limitError(() => renderNarrative(manySections(words, 4), exampleScope()));
    const tooMany = limitError(() =>
      renderNarrative(
        manySections('{% for i in (1..700) %}- item\n{% endfor %}', 3),
        exampleScope(),
      ),
    );

    // Assess
    expect(fits.sections).toHaveLength(2);
    expect(tooLong).toMatchObject({ section: 'part-4' });
    expect(tooLong.detail).toBe(
      'the rendered sections together are longer than 300,000 characters',
    );
    expect(tooMany).toMatchObject({ section: 'part-3' });
  });

  it('refuses at upload text without Liquid that draws more than 2,000 blocks in all', async () => {
    // Prepare: one source of paragraphs, named by two sections; Liquid text is counted at bid time.
    const twice = (paragraphs: number, body = 'Text.\n\n'.repeat(paragraphs)): TemplateSource => ({
      ...oneSection(body),
      manifest: {
        ...oneSection(body).manifest,
        sections: ['first', 'second'].map((id) => ({ id, heading: 'Part', source: 'body.md' })),
      },
    });

    // Act
    const error = await uploadLimitError(() =>
      validateTemplate(twice(LIMITS.documentBlocks / 2 + 1)),
    );

    // Assess
    await expect(validateTemplate(twice(LIMITS.documentBlocks / 2))).resolves.toBeDefined();
    await expect(
      validateTemplate(twice(0, `{{ programme.name }}\n\n${'Text.\n\n'.repeat(1_500)}`)),
    ).resolves.toBeDefined();
    expect(error).toMatchObject({ section: 'second', line: 1 });
    expect(error.detail).toBe(
      'the sections together have more than 2,000 headings, paragraphs, list items, table rows and charts',
    );
  });

  it('reads 1,000 emphasis marks in a section, and refuses 1,001; escaped ones do not count', () => {
    // Prepare
    const marks = (count: number) => '*a* '.repeat(count / 2);

    // Act
    const kept = renderSection(marks(MARKDOWN_LIMITS.emphasisMarks));
    const escaped = renderSection('\\* '.repeat(5_000));
    const error = limitError(() => renderSection(`${marks(MARKDOWN_LIMITS.emphasisMarks)}_`));

    // Assess
    expect(kept.blocks).toHaveLength(1);
    expect(escaped.blocks).toHaveLength(1);
    expect(error.detail).toContain('more than 1,000 emphasis marks');
  });

  it('reads a line of 20,000 characters and 2,000 lines in a row, and refuses more', () => {
    // Prepare: chart YAML inside its fence is not Markdown.
    const line = (chars: number) => `${'word '.repeat(chars / 5 - 1)}word.`;
    const rows = (count: number) => 'Text\n'.repeat(count);
    const longList = '- item\n'.repeat(1_500);

    // Act
    const kept = [
      line(20_000),
      rows(2_000),
      `${rows(1_999)}${chart('1')}${rows(1_999)}`,
      longList,
    ].map((source) => renderSection(source));
    const long = limitError(() => renderSection(`Intro.\n\n${line(20_005)}`));
    const run = limitError(() => renderSection(`Intro.\n\n${rows(2_001)}`));

    // Assess
    expect(kept.map((section) => section.blocks[0]?.kind)).toEqual([
      'paragraph',
      'paragraph',
      'paragraph',
      'list',
    ]);
    expect(long).toMatchObject({ line: 3 });
    expect(long.detail).toBe(
      'this line has 20,005 characters, more than 20,000; break it into paragraphs',
    );
    expect(run).toMatchObject({ line: 3 });
    expect(run.detail).toBe(
      'the text from this line runs on for more than 2,000 lines without a blank line; put blank lines between paragraphs, or split the list or table',
    );
  });

  it("reads a list item's text of 300 lines, and refuses 301 at the item's line", async () => {
    // Prepare: items whose text runs on over lines of their own, as a loop may write them,
    // and an item whose text goes on, indented, after a blank line.
    const runOn = (lines: number) => `- item\n${'and more\n'.repeat(lines)}`;
    const afterBlank = (lines: number) => `- item\n\n${'  and more\n'.repeat(lines)}`;
    const longList = '- item\n'.repeat(1_000);
    const longParagraph = `- item\n\n${'and more\n'.repeat(1_000)}`;

    // Act
    const kept = [runOn(300), afterBlank(300), longList, longParagraph].map((source) =>
      renderSection(source),
    );
    const error = limitError(() => renderSection(`Intro.\n\n${runOn(301)}`));
    const indented = limitError(() => renderSection(afterBlank(301)));
    const upload = await uploadLimitError(() =>
      validateTemplate(oneSection(`Intro.\n\n${runOn(301)}`)),
    );

    // Assess: each item starts its count afresh; a paragraph after the list is not counted
    expect(kept.map((section) => section.blocks[0]?.kind)).toEqual([
      'list',
      'list',
      'list',
      'list',
    ]);
    expect(error.line).toBe(3);
    expect(error.detail).toBe(
      "this list item's text runs on for more than 300 lines; start a new item, or end the list with a blank line",
    );
    expect(indented.line).toBe(1);
    expect(upload.line).toBe(3);
  });

  it('reads a sub-heading of 200 characters, and refuses a longer one at upload, at its line', async () => {
    // Prepare: a heading of 1,700 words fits in a line of the section, not on a page.
    const heading = (chars: number) => `## ${'Heading '.repeat(chars / 8 - 1)}Heading.`;

    // Act
    const kept = renderSection(heading(MARKDOWN_LIMITS.headingChars));
    const justOver = limitError(() => renderSection(`## ${'H'.repeat(201)}`));
    const error = await uploadLimitError(() =>
      validateTemplate(oneSection(`Intro.\n\n${heading(13_600)}\n\nText.`)),
    );

    // Assess
    expect(kept.blocks[0]).toMatchObject({ kind: 'heading', level: 2 });
    expect(justOver.detail).toContain('this heading has 201 characters, more than 200');
    expect(error).toMatchObject({ section: 'body', line: 3 });
    expect(error.detail).toBe(
      'this heading has 13,600 characters, more than 200; a heading is drawn whole on one page, so put the rest in a paragraph under it',
    );
  });

  it('draws a table of 10 columns and 200 rows, and refuses one column or row more', () => {
    // Act
    const kept = renderSection(table(10, 200));
    const wide = limitError(() => renderSection(table(11, 1)));
    const long = limitError(() => renderSection(table(1, 201)));

    // Assess
    expect(kept.blocks[0]).toMatchObject({ kind: 'table' });
    expect(wide.detail).toBe('this table has 11 columns; a table may have at most 10');
    expect(long.detail).toBe('this table has 201 rows; a table may have at most 200');
  });

  it('reads lines opening 8 markers and indented 40 columns, and refuses more', () => {
    // Act
    const markers = limitError(() => renderSection(`${'> '.repeat(9)}quoted`));
    const indented = limitError(() => renderSection(`- item\n${' '.repeat(41)}text`));
    const eight = thrownBy(() => renderSection(`${'- '.repeat(8)}item`));

    // Assess
    expect(markers.detail).toContain('opens 9 list or quote markers, more than 8');
    expect(indented.detail).toContain('indented by 41 columns, more than 40');
    // Eight markers are read; the list is then refused for its depth, as any deep list is.
    expect(eight).toMatchObject({ kind: 'markdown', detail: 'lists nest at most 3 levels deep' });
  });

  it('charts values up to 10^12, and refuses larger ones', () => {
    // Act
    const kept = renderSection(chart('1000000000000'));
    const error = thrownBy(() => renderSection(chart('1000000000001')));

    // Assess
    expect(kept.blocks[0]).toMatchObject({ kind: 'chart', chart: { values: [1e12] } });
    expect(error).toMatchObject({
      kind: 'chart',
      detail: 'chart values[0]: must be at most 1,000,000,000,000',
    });
  });

  it('refuses at bid time a chart, a title or a heading too tall for a page, naming where it is', async () => {
    // Prepare: 50 labels of 100 characters wrap, one or two letters a line, far down the page.
    const labels = Array.from({ length: 50 }, (_, index) => `"${index} ${'x'.repeat(96)}"`);
    const tallChart = `Intro.\n\n\`\`\`chart\ntype: bar\ntitle: Labels\nlabels: [${labels.join(', ')}]\nvalues: [${labels.map(() => 1).join(', ')}]\n\`\`\`\n`;
    const long = `{% for i in (1..445) %}Long title {% endfor %}`; // 4,895 characters
    const programme = parseProgramme(
      JSON.parse(
        readFileSync(new URL('../../../local/example-programme.json', import.meta.url), 'utf8'),
      ),
    );
    const bid = async (template: TemplateSource) =>
      asLimitError(
        await rejectionOf(() =>
          draftBid({
            programme,
            snapshot: snapshotOfDocument(programme, '2026-03-01T00:00:00.000Z'),
            template,
            date: '2026-03-01',
          }),
        ),
      );

    // Act
    const chartError = await bid(oneSection(tallChart));
    const titleError = await bid(oneSection('Text.', { title: long }));
    const headingError = await bid(oneSection('Text.', {}, { heading: long }));

    // Assess
    await expect(validateTemplate(oneSection(tallChart))).resolves.toBeDefined();
    expect(chartError).toMatchObject({ section: 'body', part: 'body', line: 3 });
    expect(chartError.message).toBe(
      'section "body", line 3: the chart "Labels" is taller than a page; give it fewer bars or shorter labels',
    );
    expect(titleError).toMatchObject({ section: 'title', part: 'title' });
    expect(titleError.detail).toMatch(/^the title page is taller than a page, the title alone/);
    expect(headingError).toMatchObject({ section: 'body', part: 'heading' });
    expect(headingError.message).toBe(
      'section "body" heading: the section heading is taller than a page; shorten it',
    );
  });

  it(`stops a bid at ${MAX_PAGES} pages with a limit error naming the section`, async () => {
    // Prepare
    const template = oneSection(
      '{% for i in (1..350) %}```chart\ntype: bar\ntitle: Chart\nlabels: [A]\nvalues: [1]\n```\n\n{% endfor %}',
    );
    const programme = parseProgramme(
      JSON.parse(
        readFileSync(new URL('../../../local/example-programme.json', import.meta.url), 'utf8'),
      ),
    );

    // Act
    const error = await draftBid({
      programme,
      snapshot: snapshotOfDocument(programme, '2026-03-01T00:00:00.000Z'),
      template,
      date: '2026-03-01',
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({
      kind: 'limit',
      section: 'body',
      detail: 'the bid would be longer than 100 pages; shorten the text, tables or lists',
    });
  });
});
