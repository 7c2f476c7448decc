import type {
  Block,
  DocumentSection,
  Inline,
  ListItem,
} from '../../../functions/document-model.js';
import type { NarrativeScope } from '../../../functions/narrative/render-narrative.js';
import { renderNarrative } from '../../../functions/narrative/render-narrative.js';
import type { TemplateSource } from '../../../functions/narrative/template-schema.js';

/** A programme-like scope built here: the real programme schema belongs to another module. */
export function exampleScope(): NarrativeScope {
  return {
    programme: {
      id: 'example-icat',
      name: 'Integrated Clinical Academic Training Programme',
      institution: 'University of Birmingham',
      funder: 'NIHR',
      lead: { name: 'Ada Example', role: 'Academic Lead' },
      trainees: { current: 116 },
      posts: [
        { scheme: 'Academic Clinical Fellow', awarded: 28, period: { from: 2026, to: 2027 } },
        { scheme: 'Academic Clinical Lecturer', awarded: 13, period: { from: 2026, to: 2027 } },
      ],
      partnerships: [
        { name: 'Birmingham Health Partners', kind: 'health-partnership' },
        { name: 'West Midlands NHS trusts', kind: 'nhs' },
      ],
      highlights: ['Research Retreat', 'trainee experience survey', 'peer support'],
    },
    snapshot: {
      id: 'snap-2026-03-01',
      takenAt: '2026-03-01T09:00:00Z',
      sha256: '9f2c0b1e',
    },
    figures: {
      posts: { total: 41, period: { from: 2026, to: 2027 } },
      progression: [
        {
          cohort: 'Academic Clinical Fellows',
          total: 86,
          progressed: 55,
          rate: 64,
          destination: 'research training fellowships',
        },
        {
          cohort: 'Clinical Lecturers',
          total: 73,
          progressed: 55,
          rate: 75,
          destination: 'senior academic posts',
        },
        { cohort: 'New cohort', total: 0, progressed: 0, destination: 'not yet known' },
      ],
    },
  };
}

/** A template of one section, "body" from body.md, unless the manifest is overridden. */
export function oneSection(
  source: string,
  manifest: Partial<TemplateSource['manifest']> = {},
  section: Partial<TemplateSource['manifest']['sections'][number]> = {},
): TemplateSource {
  return {
    manifest: {
      id: 'test-bid',
      title: 'Test bid',
      competition: 'Test competition',
      lang: 'en-GB',
      sections: [{ id: 'body', heading: 'Body', source: 'body.md', ...section }],
      ...manifest,
    },
    sections: { 'body.md': source },
  };
}

export function renderSection(source: string, scope = exampleScope()): DocumentSection {
  const narrative = renderNarrative(oneSection(source), scope);
  const [section] = narrative.sections;
  if (!section) throw new Error('no section rendered');
  return section;
}

function inlineText(content: readonly Inline[]): string {
  return content.map((run) => run.text).join('');
}

function itemText(items: readonly ListItem[]): string[] {
  return items.flatMap((item) => [inlineText(item.content), ...itemText(item.items)]);
}

/** The words of a section's blocks as a reader sees them, block by block. */
export function blockTexts(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block): string[] => {
    if (block.kind === 'heading' || block.kind === 'paragraph') return [inlineText(block.content)];
    if (block.kind === 'list') return itemText(block.items);
    if (block.kind === 'table') return [...block.header, ...block.rows.flat()].map(inlineText);
    return [block.alt];
  });
}

/** What `{{ expression }}` prints. */
export function print(expression: string, scope = exampleScope()): string {
  return blockTexts(renderSection(`{{ ${expression} }}`, scope).blocks).join('\n');
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(act: () => Promise<unknown>): Promise<unknown> {
  try {
    await act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}

/** The error a function throws (fails the test if it throws nothing). */
export function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}
