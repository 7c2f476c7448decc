import { analyzeSync, type Template, TokenKind } from 'liquidjs';
import { blockCount, tooManyBlocksError } from './document-blocks.js';
import { closesFence, openingFence } from './fences.js';
import { LIMITS, normalizeSource, parseSource, TEMPLATE_ROOTS } from './liquid-engine.js';
import { type TemplatePlace, toTemplateError } from './liquid-errors.js';
import { lineAt, lineStarts } from './source-lines.js';
import { TemplateError } from './template-error.js';
import { parseTemplateSource, type TemplateSource } from './template-schema.js';

const ROOTS: ReadonlySet<string> = new Set(TEMPLATE_ROOTS);

/** Parses Liquid (syntax, unknown filters and tags) and checks every global variable's root. */
function checkLiquid(text: string, place: TemplatePlace): Template[] {
  let templates: Template[];
  try {
    templates = parseSource(text);
  } catch (error) {
    throw toTemplateError(error, place);
  }
  const { globals } = analyzeSync(templates, { partials: false });
  const strays = Object.values(globals)
    .flat()
    .filter((variable) => !ROOTS.has(String(variable.segments[0])))
    .sort((a, b) => a.location.row - b.location.row || a.location.col - b.location.col);
  const first = strays[0];
  if (first) {
    const name = first.toString();
    throw new TemplateError({
      ...place,
      line: place.part === 'body' ? first.location.row : 1,
      kind: 'unknown-variable',
      reference: name,
      detail: `unknown variable "${name}" (a template sees ${TEMPLATE_ROOTS.join(', ')} and the names it assigns)`,
    });
  }
  return templates;
}

interface HtmlToken {
  begin: number;
  end: number;
  trimLeft: number;
  trimRight: number;
}

/** A chart written out in full in text outside any tag: its YAML and its fence's line. */
interface StaticChart {
  yaml: string;
  fenceLine: number;
}

/** Chart blocks written out in full in text outside any tag: rendered exactly as written. */
function staticCharts(text: string, offset: number, starts: number[]): StaticChart[] {
  const charts: StaticChart[] = [];
  const lines = text.split('\n');
  const firstLine = lineAt(starts, offset);
  // Text that starts mid-line (after a tag) cannot open a fence on its first line.
  const startsLine = starts[firstLine - 1] === offset;
  for (let index = startsLine ? 0 : 1; index < lines.length; index++) {
    const open = openingFence(lines[index] ?? '');
    if (open?.info.trim() !== 'chart') continue;
    let close = index + 1;
    while (close < lines.length && !closesFence(lines[close] ?? '', open.fence)) close++;
    if (close === lines.length) break;
    charts.push({ yaml: lines.slice(index + 1, close).join('\n'), fenceLine: firstLine + index });
    index = close;
  }
  return charts;
}

/**
 * What of a section's Markdown can be checked before any data exists; for text without
 * Liquid, the number of blocks it draws (see `blockCount`). The Markdown reader (marked)
 * and the chart reader (yaml) are imported only for text they can check here: a section
 * without Liquid, or a chart written out in full. Most templates have Liquid in every
 * section, and in the upload function's bundle the two were most of its module load;
 * there they are now evaluated when first imported.
 */
async function checkStaticMarkdown(
  templates: Template[],
  source: string,
  section: string,
): Promise<number | undefined> {
  const text = normalizeSource(source);
  if (templates.every((node) => node.token.kind === TokenKind.HTML)) {
    const { markdownToBlocks } = await import('./markdown-to-blocks.js');
    return blockCount(markdownToBlocks(text, { section }));
  }
  const starts = lineStarts(text);
  const charts: StaticChart[] = [];
  for (const node of templates) {
    if (node.token.kind !== TokenKind.HTML) continue;
    const token = node.token as unknown as HtmlToken;
    const begin = token.begin + token.trimLeft;
    charts.push(...staticCharts(text.slice(begin, token.end - token.trimRight), begin, starts));
  }
  if (charts.length > 0) {
    const { parseChartBlock } = await import('./chart-block.js');
    for (const { yaml, fenceLine } of charts) {
      parseChartBlock(yaml, { section, sourceLine: (yamlLine) => fenceLine + yamlLine });
    }
  }
  return undefined;
}

/**
 * The check at template upload (`PUT /templates/{id}`): the shape of manifest and files
 * (TemplateSchemaError naming each path), then for the title, author, every heading and every
 * section: Liquid syntax, unknown filters and tags, variables outside programme / snapshot /
 * figures, and the Markdown and chart blocks that can be checked without data (TemplateError,
 * with section and line). Unknown fields *inside* programme or figures show only at bid time.
 * `admit` runs between the shape check and the others: what it refuses (a template too large
 * to store) costs none of the checks.
 */
export async function validateTemplate(
  source: unknown,
  admit: (template: TemplateSource) => void = () => undefined,
): Promise<TemplateSource> {
  const template = parseTemplateSource(source);
  admit(template);
  const { manifest } = template;
  checkLiquid(manifest.title, { section: 'title', part: 'title' });
  if (manifest.author !== undefined) {
    checkLiquid(manifest.author, { section: 'author', part: 'author' });
  }
  // Sections may share a source; its text is checked once, under the first that names it.
  // The blocks of text without Liquid are known now, and count towards the bid's bound.
  const staticBlocks = new Map<string, number | undefined>();
  let blocks = 0;
  for (const section of manifest.sections) {
    checkLiquid(section.heading, { section: section.id, part: 'heading' });
    if (!staticBlocks.has(section.source)) {
      const body = template.sections[section.source] ?? '';
      const templates = checkLiquid(body, { section: section.id, part: 'body' });
      staticBlocks.set(section.source, await checkStaticMarkdown(templates, body, section.id));
    }
    blocks += staticBlocks.get(section.source) ?? 0;
    if (blocks > LIMITS.documentBlocks) throw tooManyBlocksError(section.id);
  }
  return template;
}
