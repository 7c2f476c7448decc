import { describe, expect, it } from 'vitest';
import { TemplateSchemaError } from '../../../functions/narrative/template-error.js';
import { parseTemplateSource } from '../../../functions/narrative/template-schema.js';
import { thrownBy } from './narrative-test-kit.js';

function validTemplate() {
  return {
    manifest: {
      id: 'nihr-icat',
      title: '{{ programme.name }}: bid',
      competition: 'NIHR ICAT',
      sections: [
        { id: 'posts', heading: 'Posts', source: 'posts.md', wordLimit: 400 },
        { id: 'progression', heading: 'Progression', source: 'progression.md' },
      ],
    },
    sections: { 'posts.md': 'Posts.', 'progression.md': 'Progression.' },
  };
}

type Template = ReturnType<typeof validTemplate> & Record<string, unknown>;

function sectionOf(template: Template, index: number): Record<string, unknown> {
  const section = template.manifest.sections[index];
  if (!section) throw new Error(`no section ${index}`);
  return section;
}

function issuesOf(change: (template: Template) => void) {
  const template = validTemplate() as Template;
  change(template);
  const error = thrownBy(() => parseTemplateSource(template));
  expect(error).toBeInstanceOf(TemplateSchemaError);
  return (error as TemplateSchemaError).issues;
}

describe('Function: parseTemplateSource', () => {
  it('accepts a valid template and fills in the language', () => {
    // Act
    const template = parseTemplateSource(validTemplate());

    // Assess
    expect(template.manifest.lang).toBe('en-GB');
    expect(template.manifest.sections).toHaveLength(2);
  });

  it.each<[string, (t: Template) => void, string, RegExp]>([
    [
      'an id that is not a slug',
      (t) => {
        t.manifest.id = 'NIHR ICAT';
      },
      'manifest.id',
      /slug/,
    ],
    [
      'a one-letter id',
      (t) => {
        t.manifest.id = 'x';
      },
      'manifest.id',
      /2 to 63 characters/,
    ],
    [
      'an empty title',
      (t) => {
        t.manifest.title = '  ';
      },
      'manifest.title',
      /must not be empty/,
    ],
    [
      'a title over two lines',
      (t) => {
        t.manifest.title = 'A\nB';
      },
      'manifest.title',
      /one line/,
    ],
    [
      'a source with a folder',
      (t) => {
        sectionOf(t, 1).source = 'parts/progression.md';
      },
      'manifest.sections[1].source',
      /no folder/,
    ],
    [
      'a source climbing out',
      (t) => {
        sectionOf(t, 1).source = '../progression.md';
      },
      'manifest.sections[1].source',
      /no folder or "\.\."/,
    ],
    [
      'a source that is not Markdown',
      (t) => {
        sectionOf(t, 0).source = 'posts.txt';
      },
      'manifest.sections[0].source',
      /ending in \.md/,
    ],
    [
      'a word limit of 0',
      (t) => {
        sectionOf(t, 0).wordLimit = 0;
      },
      'manifest.sections[0].wordLimit',
      /above 0/,
    ],
    [
      'a fractional word limit',
      (t) => {
        sectionOf(t, 0).wordLimit = 1.5;
      },
      'manifest.sections[0].wordLimit',
      /whole number/,
    ],
    [
      'a repeated section id',
      (t) => {
        sectionOf(t, 1).id = 'posts';
      },
      'manifest.sections[1].id',
      /must be unique/,
    ],
    [
      'a reserved section id',
      (t) => {
        sectionOf(t, 0).id = 'title';
      },
      'manifest.sections[0].id',
      /must not be "title"/,
    ],
    [
      'no sections',
      (t) => {
        t.manifest.sections = [];
      },
      'manifest.sections',
      /at least one section/,
    ],
    [
      'an unknown manifest field',
      (t) => {
        (t.manifest as Record<string, unknown>).colour = 'blue';
      },
      'manifest',
      /Unrecognized key: "colour"/,
    ],
    [
      'an unknown section field',
      (t) => {
        sectionOf(t, 0).limit = 5;
      },
      'manifest.sections[0]',
      /Unrecognized key: "limit"/,
    ],
    [
      'a bad language tag',
      (t) => {
        (t.manifest as Record<string, unknown>).lang = 'English';
      },
      'manifest.lang',
      /language tag/,
    ],
    [
      'an unknown top-level field',
      (t) => {
        t.extra = true;
      },
      'template',
      /Unrecognized key: "extra"/,
    ],
  ])('refuses %s, naming the field', (_, change, path, message) => {
    // Act
    const issues = issuesOf(change);

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(path);
    expect(issues[0]?.message).toMatch(message);
  });

  it('refuses more than 30 sections', () => {
    // Act
    const issues = issuesOf((t) => {
      t.manifest.sections = Array.from({ length: 31 }, (_, i) => ({
        id: `s${i}`,
        heading: `S${i}`,
        source: 'posts.md',
      }));
    });

    // Assess
    expect(issues).toEqual([
      { path: 'manifest.sections', message: 'must name at most 30 sections' },
    ]);
  });

  it('refuses a section whose source file is missing', () => {
    // Act
    const issues = issuesOf((t) => {
      t.sections = { 'posts.md': 'Posts.' } as typeof t.sections;
    });

    // Assess
    expect(issues).toEqual([
      {
        path: 'manifest.sections[1].source',
        message: '"progression.md" is not among the section files',
      },
    ]);
  });

  it('refuses a section file no section uses', () => {
    // Act
    const issues = issuesOf((t) => {
      (t.sections as Record<string, string>)['old draft.md'] = 'x';
    });

    // Assess
    expect(issues.map((issue) => issue.path)).toContain('sections["old draft.md"]');
  });

  it('refuses a section source over 100 KB', () => {
    // Act
    const issues = issuesOf((t) => {
      t.sections['posts.md'] = 'x'.repeat(100 * 1024 + 1);
    });

    // Assess
    expect(issues).toEqual([{ path: 'sections["posts.md"]', message: 'must be at most 100 KB' }]);
  });

  it('puts every problem in one error message', () => {
    // Act
    const error = thrownBy(() =>
      parseTemplateSource({
        manifest: { id: 'X', title: '', competition: 'C', sections: [] },
        sections: {},
      }),
    ) as TemplateSchemaError;

    // Assess
    expect(error.name).toBe('TemplateSchemaError');
    expect(error.message).toMatch(
      /^the template is not valid: manifest\.id: .*; manifest\.title: .*; manifest\.sections: /,
    );
  });
});
