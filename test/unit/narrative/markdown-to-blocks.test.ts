import { describe, expect, it } from 'vitest';
import type { Block } from '../../../functions/document-model.js';
import { markdownToBlocks } from '../../../functions/narrative/markdown-to-blocks.js';
import { TemplateError } from '../../../functions/narrative/template-error.js';
import { renderSection, thrownBy } from './narrative-test-kit.js';

const place = { section: 'posts' };

function refusal(markdown: string): TemplateError {
  const error = thrownBy(() => markdownToBlocks(markdown, place));
  expect(error).toBeInstanceOf(TemplateError);
  return error as TemplateError;
}

describe('Function: markdownToBlocks', () => {
  it('maps ## to ####  to heading levels 2 to 4', () => {
    // Act
    const blocks = markdownToBlocks('## Two\n\n### Three\n\n#### Four', place);

    // Assess
    expect(blocks).toEqual([
      { kind: 'heading', level: 2, content: [{ text: 'Two' }] },
      { kind: 'heading', level: 3, content: [{ text: 'Three' }] },
      { kind: 'heading', level: 4, content: [{ text: 'Four' }] },
    ]);
  });

  it.each([
    ['# Posts', /level-1 heading .* comes from the manifest/],
    ['Posts\n=====', /level-1 heading/],
    ['##### Deep', /headings go down to #### \(level 4\)/],
  ])('refuses the heading %j, naming its line', (heading, message) => {
    // Act
    const error = refusal(`Intro.\n\n${heading}`);

    // Assess
    expect(error.kind).toBe('markdown');
    expect(error.section).toBe('posts');
    expect(error.line).toBe(3);
    expect(error.detail).toMatch(message);
  });

  it('joins the lines of a paragraph, and a hard break, with spaces', () => {
    // Act
    const blocks = markdownToBlocks('One line\nand the next,  \nafter a break.', place);

    // Assess
    expect(blocks).toEqual([
      { kind: 'paragraph', content: [{ text: 'One line and the next, after a break.' }] },
    ]);
  });

  it('keeps bold, italic and bold italic as runs', () => {
    // Act
    const [block] = markdownToBlocks('Plain **bold *both*** and _it_.', place);

    // Assess
    expect(block).toEqual({
      kind: 'paragraph',
      content: [
        { text: 'Plain ' },
        { text: 'bold ', bold: true },
        { text: 'both', bold: true, italic: true },
        { text: ' and ' },
        { text: 'it', italic: true },
        { text: '.' },
      ],
    });
  });

  it('prints links as their text and inline code as plain text', () => {
    // Act
    const [block] = markdownToBlocks(
      'See [the NIHR site](https://www.nihr.ac.uk), https://example.org and `ACF`.',
      place,
    );

    // Assess
    expect(block).toEqual({
      kind: 'paragraph',
      content: [{ text: 'See the NIHR site, https://example.org and ACF.' }],
    });
  });

  it('unescapes entities once', () => {
    // Act
    const [block] = markdownToBlocks(
      'R&amp;D &ndash; AT&T &#169; 2026 &pound;5 \\* &amp;ndash; &bogus;',
      place,
    );

    // Assess
    expect(block).toEqual({
      kind: 'paragraph',
      content: [{ text: 'R&D – AT&T © 2026 £5 * &ndash; &bogus;' }],
    });
  });

  it('keeps ~~struck~~ text as typed rather than silently unstriking it', () => {
    // Act
    const [block] = markdownToBlocks('Was ~~13~~ posts, about ~50 and ~60.', place);

    // Assess
    expect(block).toEqual({
      kind: 'paragraph',
      content: [{ text: 'Was ~~13~~ posts, about ~50 and ~60.' }],
    });
  });

  it('turns bullet lists with nested items into list blocks', () => {
    // Act
    const blocks = markdownToBlocks('- Fellows\n  - ACF\n    - year one\n- Lecturers', place);

    // Assess
    expect(blocks).toEqual([
      {
        kind: 'list',
        ordered: false,
        start: 1,
        items: [
          {
            content: [{ text: 'Fellows' }],
            items: [
              {
                content: [{ text: 'ACF' }],
                items: [{ content: [{ text: 'year one' }], items: [] }],
              },
            ],
          },
          { content: [{ text: 'Lecturers' }], items: [] },
        ],
      },
    ]);
  });

  it('keeps the first number of a numbered list', () => {
    // Act
    const [block] = markdownToBlocks('3. third\n4. **fourth**', place);

    // Assess
    expect(block).toEqual({
      kind: 'list',
      ordered: true,
      start: 3,
      items: [
        { content: [{ text: 'third' }], items: [] },
        { content: [{ text: 'fourth', bold: true }], items: [] },
      ],
    });
  });

  it('keeps the first number of a numbered list nested in another', () => {
    // Act
    const [block] = markdownToBlocks('1. a\n\n   3. x\n   4. y\n2. b', place);

    // Assess
    expect(block).toEqual({
      kind: 'list',
      ordered: true,
      start: 1,
      items: [
        {
          content: [{ text: 'a' }],
          items: [
            { content: [{ text: 'x' }], items: [] },
            { content: [{ text: 'y' }], items: [] },
          ],
          start: 3,
        },
        { content: [{ text: 'b' }], items: [] },
      ],
    });
  });

  it('keeps the first number of each numbered list nested in one item', () => {
    // Act
    const [block] = markdownToBlocks(
      '1. a\n\n   3. x\n   4. y\n\n   note\n\n   7. p\n   8. q\n2. b',
      place,
    );

    // Assess
    expect(block).toEqual({
      kind: 'list',
      ordered: true,
      start: 1,
      items: [
        {
          content: [{ text: 'a note' }],
          items: [
            { content: [{ text: 'x' }], items: [] },
            { content: [{ text: 'y' }], items: [] },
            { content: [{ text: 'p' }], items: [], number: 7 },
            { content: [{ text: 'q' }], items: [] },
          ],
          start: 3,
        },
        { content: [{ text: 'b' }], items: [] },
      ],
    });
  });

  it('runs the paragraphs of one list item together', () => {
    // Act
    const [block] = markdownToBlocks('- First part.\n\n  Second part.\n- Next', place);

    // Assess
    expect(block).toMatchObject({
      kind: 'list',
      items: [{ content: [{ text: 'First part. Second part.' }] }, { content: [{ text: 'Next' }] }],
    });
  });

  it.each([
    ['- a\n  1. b', /must be of the same kind/],
    ['- a\n  - b\n    - c\n      - d', /lists nest at most 3 levels deep/],
    ['- [ ] to do', /task-list check boxes/],
    ['- a\n-\n- c', /this list item is empty/],
    ['- a\n\n  ```chart\n  type: bar\n  ```', /a list item holds text and nested lists only/],
  ])('refuses the list %j', (markdown, message) => {
    // Act
    const error = refusal(markdown);

    // Assess
    expect(error.kind).toBe('markdown');
    expect(error.detail).toMatch(message);
  });

  it.each([
    [
      'a table',
      '1. one\n2. two\n3. three\n\n   | A | B |\n   |---|---|\n   | 1 | 2 |',
      9,
      /not a table/,
    ],
    ['a chart', '- one\n- two\n- three\n\n  ```chart\n  type: bar\n  ```', 9, /not a code block/],
    ['a block quote', '- one\n- two\n- three\n\n  > quoted\n  > more', 9, /not a block quote/],
    ['a heading', '- one\n- two\n- three\n\n  ## Heading', 9, /not a heading/],
    ['HTML', '- one\n- two\n- three\n  two lines\n  <br>', 9, /not HTML/],
    ['an empty nested item', '- one\n- two\n  - x\n  -', 8, /this list item is empty/],
    ['a nested list of the other kind', '- one\n- two\n  text\n  1. a\n  2. b', 8, /same kind/],
    ['a fourth level', '- a\n  - b\n    - c\n      - d\n      - e', 8, /at most 3 levels deep/],
  ])('refuses %s inside a list item at its own line', (_construct, list, line, message) => {
    // Act
    const error = refusal(`## Posts\n\nIntro.\n\n${list}`);

    // Assess
    expect(error.kind).toBe('markdown');
    expect(error.line).toBe(line);
    expect(error.detail).toMatch(message);
  });

  it('turns a GFM table into header, rows and alignment', () => {
    // Act
    const blocks = markdownToBlocks(
      '| Scheme | Posts | Note |\n|:--|--:|:-:|\n| ACF | **28** | a \\| b |\n| ACL | 13 | |',
      place,
    );

    // Assess
    expect(blocks).toEqual([
      {
        kind: 'table',
        header: [[{ text: 'Scheme' }], [{ text: 'Posts' }], [{ text: 'Note' }]],
        rows: [
          [[{ text: 'ACF' }], [{ text: '28', bold: true }], [{ text: 'a | b' }]],
          [[{ text: 'ACL' }], [{ text: '13' }], []],
        ],
        align: ['left', 'right', 'center'],
      },
    ]);
  });

  it('defaults a column without alignment to left', () => {
    // Act
    const [block] = markdownToBlocks('| A |\n|---|\n| 1 |', place);

    // Assess
    expect(block).toMatchObject({ kind: 'table', align: ['left'] });
  });

  it('draws a chart block as a bar chart with an alt text', () => {
    // Act
    const blocks = markdownToBlocks(
      '```chart\ntype: bar\ntitle: Progression by cohort\nlabels: [ACF, ACL]\nvalues: [64, 75]\nunit: "%"\n```',
      place,
    );

    // Assess
    expect(blocks).toEqual([
      {
        kind: 'chart',
        chart: {
          type: 'bar',
          title: 'Progression by cohort',
          labels: ['ACF', 'ACL'],
          values: [64, 75],
          unit: '%',
        },
        alt: 'Bar chart, Progression by cohort. ACF: 64%; ACL: 75%.',
      },
    ]);
  });

  it.each([
    ['<div>Posts</div>', /HTML is not supported/],
    ['Text with <b>bold</b> in it.', /HTML is not supported \(found <b>\)/],
    ['<!-- a note -->', /use \{% comment %\}/],
    ['![logo](logo.png)', /images are not supported/],
    ['> A quotation', /block quotes \(>\) are not supported/],
    ['```js\nlet x;\n```', /code blocks are not supported \(found ```js\)/],
    ['    indented text', /indented by four or more spaces/],
    ['***', /horizontal rules/],
  ])('refuses %j with a markdown error at its line', (markdown, message) => {
    // Act
    const error = refusal(`Intro.\n\n${markdown}`);

    // Assess
    expect(error.kind).toBe('markdown');
    expect(error.line).toBe(3);
    expect(error.detail).toMatch(message);
  });

  // Found by request fuzzing: Markdown nested thousands of levels deep overflowed the
  // Markdown reader's stack, and POST /bids answered 500 instead of naming the section. The
  // Markdown bounds now refuse it before it is read.
  it.each([
    ['block quotes', `${'> '.repeat(5_000)}deep`],
    ['list markers', `${'* '.repeat(3_000)}deep`],
    ['emphasis', `${'*'.repeat(5_000)}x${'*'.repeat(5_000)}`],
  ])('refuses %s nested thousands deep, naming the line, instead of overflowing', (_, deep) => {
    // Act
    const error = refusal(`Intro.\n\n${deep}\n\nOutro.`);

    // Assess
    expect(error.kind).toBe('limit');
    expect(error.section).toBe('posts');
    expect(error.line).toBe(3);
    expect(error.detail).toMatch(/markers|emphasis marks/);
  });

  it('finds the line of a refusal inside a longer paragraph', () => {
    // Act
    const error = refusal('Intro.\n\nFirst line\nsecond line with ![x](y.png)\nthird');

    // Assess
    expect(error.line).toBe(4);
  });

  it('maps the line through the renderer, so loops and ifs do not shift it', () => {
    // Prepare
    const source = [
      'Intro.',
      '{% for p in figures.progression %}',
      '{% if p.total > 0 %}',
      '- {{ p.cohort }}',
      '{% endif %}',
      '{% endfor %}',
      '',
      '<br>',
    ].join('\n');

    // Act
    const error = thrownBy(() => renderSection(source)) as TemplateError;

    // Assess
    expect(error.kind).toBe('markdown');
    expect(error.line).toBe(8);
  });

  it('prints data as text: Markdown characters in a value stay literal', () => {
    // Prepare
    const source = '**{{ programme.name }}**\n\n| Name |\n|--|\n| {{ programme.lead.name }} |';
    const scope = {
      programme: { name: 'R&D *pilot* <unit> #1', lead: { name: 'A | B' } },
      snapshot: {},
      figures: {},
    };

    // Act
    const section = renderSection(source, scope);

    // Assess
    expect(section.blocks).toEqual<Block[]>([
      { kind: 'paragraph', content: [{ text: 'R&D *pilot* <unit> #1', bold: true }] },
      {
        kind: 'table',
        header: [[{ text: 'Name' }]],
        rows: [[[{ text: 'A | B' }]]],
        align: ['left'],
      },
    ]);
  });

  it('prints a line break in a value as a space, so it cannot end a table row, heading or list item', () => {
    // Prepare
    const source = [
      '## {{ programme.lead.role }}',
      '',
      '| Lead | Role |',
      '|--|--|',
      '| {{ programme.lead.name }} | {{ programme.lead.role }} |',
      '',
      '- {{ programme.description }}',
    ].join('\n');
    const scope = {
      programme: {
        lead: { name: 'Ada', role: 'ICAT Academic Lead\nProfessor of Endocrinology' },
        description: 'First part.\r\n\r\n- not a list\n\n2. nor this',
      },
      snapshot: {},
      figures: {},
    };

    // Act
    const section = renderSection(source, scope);

    // Assess
    expect(section.blocks).toEqual<Block[]>([
      {
        kind: 'heading',
        level: 2,
        content: [{ text: 'ICAT Academic Lead Professor of Endocrinology' }],
      },
      {
        kind: 'table',
        header: [[{ text: 'Lead' }], [{ text: 'Role' }]],
        rows: [[[{ text: 'Ada' }], [{ text: 'ICAT Academic Lead Professor of Endocrinology' }]]],
        align: ['left', 'left'],
      },
      expect.objectContaining({ kind: 'list' }),
    ]);
    expect(JSON.stringify(section.blocks[2])).toContain('First part. - not a list 2. nor this');
  });

  it('prints a web address in a value as written, without the escapes Markdown keeps in it', () => {
    // Prepare
    const source = 'See {{ programme.site }} and [the trust](https://example.org/a_b).';
    const scope = {
      programme: { site: 'https://www.bhp.org.uk/our_work?a=1&b=2#top~x' },
      snapshot: {},
      figures: {},
    };

    // Act
    const section = renderSection(source, scope);

    // Assess
    expect(section.blocks).toEqual<Block[]>([
      {
        kind: 'paragraph',
        content: [{ text: 'See https://www.bhp.org.uk/our_work?a=1&b=2#top~x and the trust.' }],
      },
    ]);
  });

  it('prints captured data as text once: no escape of Markdown shows in the bid', () => {
    // Prepare
    const source = [
      '{% capture who %}{{ programme.name }} and {{ programme.lead.name }}{% endcapture %}',
      'Captured: {{ who }}',
      '',
      '{% capture names %}{{ programme.names | json }}{% endcapture %}',
      '```chart',
      'type: bar',
      'title: Partners',
      'labels: {{ names }}',
      'values: [1, 2]',
      '```',
    ].join('\n');
    const scope = {
      programme: {
        name: 'R&D Partners (West_Midlands)',
        lead: { name: 'A | *B*' },
        names: ['R&D', 'West_Midlands'],
      },
      snapshot: {},
      figures: {},
    };

    // Act
    const section = renderSection(source, scope);

    // Assess
    expect(section.blocks).toEqual<Block[]>([
      {
        kind: 'paragraph',
        content: [{ text: 'Captured: R&D Partners (West_Midlands) and A | *B*' }],
      },
      expect.objectContaining({
        kind: 'chart',
        chart: expect.objectContaining({ labels: ['R&D', 'West_Midlands'] }),
      }),
    ]);
  });

  it('leaves values in a chart block unescaped, as YAML', () => {
    // Prepare
    const source =
      '```chart\ntype: bar\ntitle: {{ programme.name }}\nlabels: ["{{ figures.progression[0].cohort }}"]\nvalues: [{{ figures.progression[0].rate }}]\n```';

    // Act
    const [block] = renderSection(source).blocks;

    // Assess
    expect(block).toMatchObject({
      kind: 'chart',
      chart: {
        title: 'Integrated Clinical Academic Training Programme',
        labels: ['Academic Clinical Fellows'],
        values: [64],
      },
    });
  });

  it('produces no "undefined", "null", "NaN" or "[object Object]" from a full example', () => {
    // Prepare
    const source = [
      '## {{ programme.name }}',
      '',
      '{{ figures.posts.total | words | capitalize }} {{ figures.posts.total | plural: "post", "posts" }} ({{ figures.posts.total | number }}) from {{ figures.posts.period.from }} to {{ figures.posts.period.to }}.',
      '',
      '{% for p in figures.progression %}{% if p.total > 0 %}',
      '- {{ p.cohort }}: {{ p.progressed }} of {{ p.total }} ({{ p.progressed | percent: p.total }})',
      '{% endif %}{% endfor %}',
      '',
      'Highlights: {{ programme.highlights | list }}; partners: {{ programme.partnerships | map: "name" | list }}.',
    ].join('\n');

    // Act
    const section = renderSection(source);

    // Assess
    expect(JSON.stringify(section)).not.toMatch(/undefined|null|NaN|\[object Object\]/);
  });
});
