import type { Block, DocumentSection } from '../document-model.js';
import { blockCount, tooManyBlocksError } from './document-blocks.js';
import {
  LIMITS,
  newRenderBudget,
  parseSource,
  type RenderBudget,
  renderSource,
} from './liquid-engine.js';
import { type TemplatePlace, toTemplateError } from './liquid-errors.js';
import { markdownToBlocks } from './markdown-to-blocks.js';
import { type FigureRead, ReadRecorder } from './read-recorder.js';
import { TemplateError, TemplateSchemaError } from './template-error.js';
import type { TemplateSource } from './template-schema.js';
import { countWords } from './word-count.js';

export type { FigureRead } from './read-recorder.js';

/** What a template sees. Plain JSON data: it is copied, so nothing else of the objects leaks in. */
export interface NarrativeScope {
  /** The snapshot's programme document (functions/programmes/programme-schema.ts). */
  programme: unknown;
  /** `{ id, takenAt, sha256 }` of the snapshot. */
  snapshot: unknown;
  /** Figures derived by Bidwright: `posts.total`, `posts.period`, `progression[i]`. */
  figures: unknown;
}

export interface WordLimitWarning {
  code: 'word-limit';
  section: string;
  words: number;
  limit: number;
}

export interface Narrative {
  title: string;
  competition: string;
  /** BCP 47 language tag, from the manifest (default "en-GB"). */
  lang: string;
  /** The manifest's author line rendered, when it has one. */
  author?: string;
  sections: DocumentSection[];
  /** Every value the template read from its data, by full path, in first-read order: the data-sources appendix. */
  reads: FigureRead[];
  /** The line of its section's source each block came from, for problems found when drawing it. */
  blockLines: ReadonlyMap<Block, number>;
  warnings: WordLimitWarning[];
}

interface RenderState {
  scope: object;
  recorder: ReadRecorder;
  deadline: number;
  budget: RenderBudget;
  /** Characters the section bodies still to be rendered may add up to (LIMITS.documentChars). */
  documentCharsLeft: number;
  /** Blocks, list items and table rows the sections still to be rendered may add up to. */
  documentBlocksLeft: number;
  blockLines: Map<Block, number>;
}

/** Renders a one-line text (title, author, heading): Liquid only, no Markdown, whitespace collapsed. */
function renderLine(text: string, state: RenderState, place: TemplatePlace): string {
  state.recorder.clearMiss();
  try {
    const rendered = renderSource(parseSource(text), state.scope, {
      deadline: state.deadline,
      budget: state.budget,
      markdown: false,
      limit: { chars: LIMITS.lineChars, scope: 'line' },
    });
    const line = rendered.text.replace(/\s+/g, ' ').trim();
    if (line === '') {
      throw new TemplateError({
        ...place,
        line: 1,
        kind: 'value',
        detail: 'renders as empty text',
      });
    }
    return line;
  } catch (error) {
    throw toTemplateError(error, place, state.recorder.lastMiss);
  }
}

function renderBody(source: string, state: RenderState, section: string): Block[] {
  state.recorder.clearMiss();
  let rendered: ReturnType<typeof renderSource>;
  try {
    const documentBound = state.documentCharsLeft < LIMITS.outputChars;
    rendered = renderSource(parseSource(source), state.scope, {
      deadline: state.deadline,
      budget: state.budget,
      markdown: true,
      limit: documentBound
        ? { chars: state.documentCharsLeft, scope: 'document', stated: LIMITS.documentChars }
        : { chars: LIMITS.outputChars, scope: 'section' },
    });
  } catch (error) {
    throw toTemplateError(error, { section, part: 'body' }, state.recorder.lastMiss);
  }
  state.documentCharsLeft -= rendered.text.length;
  const blocks = markdownToBlocks(rendered.text, {
    section,
    sourceLine: rendered.sourceLine,
    blockLines: state.blockLines,
  });
  state.documentBlocksLeft -= blockCount(blocks);
  if (state.documentBlocksLeft < 0) throw tooManyBlocksError(section);
  return blocks;
}

/**
 * Fills a template with one snapshot's data: each section's Liquid is rendered, its Markdown
 * turned into document blocks and its words counted against the section's limit. Synchronous
 * (LiquidJS renderSync): nothing here waits on I/O, and the whole narrative shares one time
 * budget (LIMITS.renderMs). Throws TemplateError for anything the template gets wrong,
 * located by section and line; word-limit overruns are warnings, not errors.
 */
export function renderNarrative(template: TemplateSource, scope: NarrativeScope): Narrative {
  const recorder = new ReadRecorder();
  const state: RenderState = {
    scope: recorder.scope({
      programme: scope.programme,
      snapshot: scope.snapshot,
      figures: scope.figures,
    }),
    recorder,
    deadline: performance.now() + LIMITS.renderMs,
    budget: newRenderBudget(),
    documentCharsLeft: LIMITS.documentChars,
    documentBlocksLeft: LIMITS.documentBlocks,
    blockLines: new Map(),
  };
  const { manifest } = template;

  const title = renderLine(manifest.title, state, { section: 'title', part: 'title' });
  const author =
    manifest.author === undefined
      ? undefined
      : renderLine(manifest.author, state, { section: 'author', part: 'author' });

  const sections: DocumentSection[] = [];
  const warnings: WordLimitWarning[] = [];
  for (const section of manifest.sections) {
    const place: TemplatePlace = { section: section.id, part: 'heading' };
    const heading = renderLine(section.heading, state, place);
    const source = template.sections[section.source];
    if (source === undefined) {
      throw new TemplateSchemaError([
        { path: `sections[${JSON.stringify(section.source)}]`, message: 'is missing' },
      ]);
    }
    const blocks = renderBody(source, state, section.id);
    const words = countWords(blocks);
    const limit = section.wordLimit;
    sections.push({
      id: section.id,
      heading,
      blocks,
      words,
      ...(limit === undefined ? {} : { wordLimit: limit }),
    });
    if (limit !== undefined && words > limit) {
      warnings.push({ code: 'word-limit', section: section.id, words, limit });
    }
  }

  return {
    title,
    competition: manifest.competition,
    lang: manifest.lang,
    ...(author === undefined ? {} : { author }),
    sections,
    reads: recorder.reads,
    blockLines: state.blockLines,
    warnings,
  };
}
