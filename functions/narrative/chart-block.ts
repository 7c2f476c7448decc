import { LineCounter, parseDocument } from 'yaml';
import type { BarChart, ChartBlock } from '../document-model.js';
import { groupDigits } from '../group-digits.js';
import * as z from '../zod.js';
import { describeValue, formatNumber } from './filters.js';
import { TemplateError } from './template-error.js';
import { formatPath } from './template-schema.js';

const MAX_BARS = 50;
/** Largest bar value: beyond it the chart's scale has no drawable steps. */
export const MAX_CHART_VALUE = 1e12;
/** Longest chart YAML, in characters: 50 labels of 100 characters fit several times over. */
export const MAX_CHART_CHARS = 20_000;

const chartSchema = z
  .strictObject(
    {
      type: z.literal('bar', { error: 'must be "bar", the only chart type' }),
      title: z
        .string({ error: 'must be text' })
        .check(
          z.trim(),
          z.minLength(1, { error: 'must not be empty' }),
          z.maxLength(200, { error: 'must be at most 200 characters' }),
        ),
      labels: z
        .array(
          z.union(
            [
              z
                .string()
                .check(
                  z.trim(),
                  z.minLength(1, { error: 'must be text of 1 to 100 characters' }),
                  z.maxLength(100, { error: 'must be text of 1 to 100 characters' }),
                ),
              z.pipe(
                z.number(),
                z.transform((n) => String(n)),
              ),
            ],
            { error: 'must be text of 1 to 100 characters' },
          ),
          { error: 'must be a list, e.g. [ACF, ACL]' },
        )
        .check(
          z.minLength(1, { error: 'must have at least one label' }),
          z.maxLength(MAX_BARS, { error: `must have at most ${MAX_BARS} labels` }),
        ),
      values: z
        .array(
          z
            .number({ error: 'must be a number' })
            .check(
              z.gte(0, { error: 'must be 0 or more' }),
              z.lte(MAX_CHART_VALUE, { error: 'must be at most 1,000,000,000,000' }),
            ),
          { error: 'must be a list of numbers, e.g. [64, 75]' },
        )
        .check(
          z.minLength(1, { error: 'must have at least one value' }),
          z.maxLength(MAX_BARS, { error: `must have at most ${MAX_BARS} values` }),
        ),
      unit: z.optional(
        z
          .string({ error: 'must be text, e.g. "%" or " posts"' })
          .check(z.maxLength(20, { error: 'must be at most 20 characters' })),
      ),
    },
    {
      error: (issue) =>
        issue.code === 'invalid_type' ? 'must have type, title, labels and values' : undefined,
    },
  )
  .check(
    z.superRefine((chart, ctx) => {
      if (chart.labels.length !== chart.values.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['values'],
          message: `has ${chart.values.length} values for ${chart.labels.length} labels; they must pair up`,
        });
      }
    }),
  );

/** Text alternative for readers who cannot see the chart: every bar, in words a screen reader says. */
export function chartAlt(chart: BarChart): string {
  const title = chart.title.replace(/[\s.:;]+$/, '');
  const bars = chart.labels
    .map((label, index) => `${label}: ${formatNumber(chart.values[index])}${chart.unit ?? ''}`)
    .join('; ');
  return `Bar chart, ${title}. ${bars}.`;
}

export interface ChartPlace {
  section: string;
  /** The source line of a line of the chart's YAML (1-based). */
  sourceLine(yamlLine: number): number;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The first line of a YAML error message, without the "at line N, column M" it repeats. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  if (/multiple documents/i.test(first)) {
    return 'a chart is one YAML document: remove the --- or ... line that starts a second';
  }
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Turns the YAML of a ```chart block into a chart block, or a TemplateError of kind 'chart'
 * naming the section and the line of the offending entry.
 */
export function parseChartBlock(yamlText: string, place: ChartPlace): ChartBlock {
  const fail = (yamlLine: number, detail: string, cause?: unknown) =>
    new TemplateError({
      kind: 'chart',
      section: place.section,
      part: 'body',
      line: place.sourceLine(yamlLine),
      detail,
      cause,
    });
  if (yamlText.length > MAX_CHART_CHARS) {
    throw new TemplateError({
      kind: 'limit',
      section: place.section,
      part: 'body',
      line: place.sourceLine(1),
      detail: `the chart's YAML is longer than ${groupDigits(MAX_CHART_CHARS)} characters`,
    });
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const line = syntaxError.linePos?.[0].line ?? 1;
    const message = /call stack/i.test(syntaxError.message)
      ? 'nests too deeply (brackets inside one another)'
      : yamlMessage(syntaxError.message);
    throw fail(line, `chart YAML: ${message}`, syntaxError);
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 0 });
  } catch (error) {
    const detail =
      error instanceof RangeError && /call stack/i.test(error.message)
        ? 'chart YAML: nests too deeply (brackets inside one another)'
        : 'chart YAML: anchors and aliases (&, *) are not supported';
    throw fail(1, detail, error);
  }
  const result = chartSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path ?? [];
    const node = path.length > 0 ? document.getIn(path, true) : undefined;
    const start = (node as { range?: [number, number, number] } | undefined)?.range?.[0];
    const line = start === undefined ? 1 : lineCounter.linePos(start).line;
    const where = path.length > 0 ? ` ${formatPath(path.slice(1), String(path[0]))}` : '';
    const actual = valueAt(data, path);
    const got =
      issue?.code === 'invalid_type' || issue?.code === 'invalid_union'
        ? `, got ${describeValue(actual)}`
        : '';
    throw fail(
      line,
      `chart${where}: ${issue?.message ?? 'is not a bar chart'}${got}`,
      result.error,
    );
  }
  const parsed = result.data;
  const chart: BarChart = {
    type: 'bar',
    title: parsed.title,
    labels: parsed.labels,
    values: parsed.values,
    ...(parsed.unit === undefined ? {} : { unit: parsed.unit }),
  };
  return { kind: 'chart', chart, alt: chartAlt(chart) };
}
