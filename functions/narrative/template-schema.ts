import * as z from '../zod.js';
import { type TemplateIssue, TemplateSchemaError } from './template-error.js';

export const TEMPLATE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const SECTION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** A plain file name ending in .md: no folders, no `..`, no hidden files. */
export const SOURCE_FILE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.md$/;
export const MAX_SECTIONS = 30;
/** Largest section source, in UTF-8 bytes. */
export const MAX_SOURCE_BYTES = 100 * 1024;
export const DEFAULT_LANG = 'en-GB';
/** Section ids that would be confused with the manifest fields errors also point at. */
const RESERVED_SECTION_IDS = ['title', 'author'];

/** One line of text: trimmed, not empty, no line breaks or other control characters. */
function oneLine(max: number) {
  return z
    .string({ error: 'must be text' })
    .check(
      z.trim(),
      z.minLength(1, { error: 'must not be empty' }),
      z.maxLength(max, { error: `must be at most ${max} characters` }),
      z.regex(/^[^\p{Cc}]*$/u, { error: 'must be one line, without control characters' }),
    );
}

export const sectionManifestSchema = z.strictObject({
  id: z.string({ error: 'must be text' }).check(
    z.regex(SECTION_ID_PATTERN, {
      error: 'must be a slug: lower-case letters, digits and hyphens, at most 63 characters',
    }),
    z.refine((id) => !RESERVED_SECTION_IDS.includes(id), {
      error: `must not be ${RESERVED_SECTION_IDS.map((id) => `"${id}"`).join(' or ')}`,
    }),
  ),
  /** Section heading (level 1 in the PDF); may contain Liquid. */
  heading: oneLine(200),
  /** File name of the section's Liquid + Markdown source, e.g. "posts.md". */
  source: z.string({ error: 'must be text' }).check(
    z.maxLength(100, { error: 'must be at most 100 characters' }),
    z.regex(SOURCE_FILE_PATTERN, {
      error: 'must be a file name ending in .md, such as "posts.md", with no folder or ".."',
    }),
  ),
  /** Funder's word limit for the section's prose; an overrun is a warning, not an error. */
  wordLimit: z.optional(
    z.pipe(
      z.number({ error: 'must be a number' }),
      z
        .int({ error: 'must be a whole number' })
        .check(
          z.positive({ error: 'must be above 0' }),
          z.lte(100_000, { error: 'must be at most 100000' }),
        ),
    ),
  ),
});

export const manifestSchema = z.strictObject({
  id: z.string({ error: 'must be text' }).check(
    z.regex(TEMPLATE_ID_PATTERN, {
      error: 'must be a slug: lower-case letters, digits and hyphens, 2 to 63 characters',
    }),
  ),
  /** Document title; may contain Liquid. */
  title: oneLine(300),
  /** Name of the funding competition, printed as written. */
  competition: oneLine(300),
  /** BCP 47 language tag of the text, for the PDF and hyphenation. */
  lang: z._default(
    z.string({ error: 'must be text' }).check(
      z.regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, {
        error: 'must be a language tag such as "en-GB"',
      }),
    ),
    DEFAULT_LANG,
  ),
  /** Author for the PDF metadata, e.g. "{{ programme.institution }}"; may contain Liquid. */
  author: z.optional(oneLine(200)),
  sections: z.array(sectionManifestSchema, { error: 'must be a list of sections' }).check(
    z.minLength(1, { error: 'must name at least one section' }),
    z.maxLength(MAX_SECTIONS, { error: `must name at most ${MAX_SECTIONS} sections` }),
    z.superRefine((sections, ctx) => {
      const seen = new Set<string>();
      sections.forEach((section, index) => {
        if (seen.has(section.id)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: `"${section.id}" is used by an earlier section; section ids must be unique`,
          });
        }
        seen.add(section.id);
      });
    }),
  ),
});

const sectionSourceSchema = z.string({ error: 'must be the text of the section' }).check(
  z.refine((text) => Buffer.byteLength(text, 'utf8') <= MAX_SOURCE_BYTES, {
    error: `must be at most ${MAX_SOURCE_BYTES / 1024} KB`,
  }),
);

/** The template as one object: the body of `PUT /templates/{id}`. */
export const templateSourceSchema = z
  .strictObject({
    manifest: manifestSchema,
    sections: z.record(
      z.string().check(
        z.regex(SOURCE_FILE_PATTERN, {
          error: 'must be a file name ending in .md, with no folder or ".."',
        }),
      ),
      sectionSourceSchema,
      { error: 'must map file names to section sources' },
    ),
  })
  .check(
    z.superRefine((template, ctx) => {
      // Files are matched against the manifest only once the manifest itself is right; otherwise
      // one typo in a source name would also be reported as a missing and a stray file.
      if (!manifestSchema.safeParse(template.manifest).success) return;
      const named = new Set<string>();
      template.manifest.sections.forEach((section, index) => {
        named.add(section.source);
        if (!Object.hasOwn(template.sections, section.source)) {
          ctx.addIssue({
            code: 'custom',
            path: ['manifest', 'sections', index, 'source'],
            message: `"${section.source}" is not among the section files`,
          });
        }
      });
      for (const file of Object.keys(template.sections)) {
        if (!named.has(file)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sections', file],
            message: 'is not the source of any section in the manifest',
          });
        }
      }
    }),
  );

export type SectionManifest = z.output<typeof sectionManifestSchema>;
export type Manifest = z.output<typeof manifestSchema>;
/** A checked template: what `validateTemplate` and `loadTemplateFolder` return. */
export type TemplateSource = z.output<typeof templateSourceSchema>;
/** A template as an author writes it (`lang` may be left out). */
export type TemplateSourceInput = z.input<typeof templateSourceSchema>;

/** `manifest.sections[1].source`, `sections["posts.md"]`: the path as an author would look for it. */
export function formatPath(path: readonly PropertyKey[], root: string): string {
  let text = root;
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) {
      text += `.${segment}`;
    } else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

function issuesOf(
  error: z.core.$ZodError,
  root: string,
  prefix: readonly PropertyKey[],
): TemplateIssue[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    const where = path.length === 0 ? root : formatPath(path.slice(1), String(path[0]));
    return { path: where, message: issue.message };
  });
}

/**
 * zod's record leaves out a `__proto__` key without a word (so it cannot pollute anything),
 * which would let a stray file of that name pass unnoticed; it is refused like any stray file.
 */
function protoFileIssues(input: unknown): TemplateIssue[] {
  const sections =
    typeof input === 'object' && input !== null ? Reflect.get(input, 'sections') : undefined;
  if (typeof sections !== 'object' || sections === null || !Object.hasOwn(sections, '__proto__')) {
    return [];
  }
  return [
    {
      path: formatPath(['__proto__'], 'sections'),
      message: 'must be a file name ending in .md, with no folder or ".."',
    },
  ];
}

/** Checks the template object's shape; throws TemplateSchemaError naming every problem's path. */
export function parseTemplateSource(input: unknown): TemplateSource {
  const protoFile = protoFileIssues(input);
  if (protoFile.length > 0) throw new TemplateSchemaError(protoFile);
  const result = templateSourceSchema.safeParse(input);
  if (!result.success) {
    throw new TemplateSchemaError(issuesOf(result.error, 'template', []), {
      cause: result.error,
    });
  }
  return result.data;
}

/** Checks a manifest on its own (a template folder's manifest.json). */
export function parseManifest(input: unknown): Manifest {
  const result = manifestSchema.safeParse(input);
  if (!result.success) {
    throw new TemplateSchemaError(issuesOf(result.error, 'manifest', ['manifest']), {
      cause: result.error,
    });
  }
  return result.data;
}
