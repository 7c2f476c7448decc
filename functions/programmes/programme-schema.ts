import { z } from 'zod';

/**
 * The programme document: the live figures a research office keeps, and the body of
 * `PUT /programmes/{id}`. Field names are part of the API contract (DESIGN.md).
 * Every object is strict so that a misspelt field is refused rather than silently dropped.
 */

export const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
const MAX_TEXT = 2000;
const MAX_ENTRIES = 50;

const text = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_TEXT, `must be at most ${MAX_TEXT.toLocaleString('en-GB')} characters`);

const count = z.int({ error: 'must be a whole number' }).min(0, 'must not be negative');

const year = z
  .int({ error: 'must be a whole year' })
  .min(1900, 'must be 1900 or later')
  .max(2100, 'must be 2100 or earlier');

function list<T extends z.ZodType>(item: T) {
  return z
    .array(item, { error: 'must be a list' })
    .max(MAX_ENTRIES, `must have at most ${MAX_ENTRIES} entries`);
}

export const slugSchema = z
  .string({ error: 'must be text' })
  .regex(
    SLUG,
    'must be 2–63 lower-case letters, digits or hyphens, starting with a letter or digit',
  );

const periodSchema = z.strictObject({ from: year, to: year }).refine((p) => p.from <= p.to, {
  path: ['to'],
  error: (issue) => {
    const p = issue.input as { from: number };
    return `must be ≥ period.from (${p.from})`;
  },
});

const postSchema = z.strictObject({
  scheme: text,
  awarded: count,
  period: periodSchema,
  funder: text.optional(),
});

const breakdownSchema = z.strictObject({ label: text, count });

const progressionSchema = z
  .strictObject({
    cohort: text,
    total: count,
    progressed: count,
    destination: text.optional(),
    breakdown: list(breakdownSchema).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.progressed > p.total) {
      ctx.addIssue({
        code: 'custom',
        path: ['progressed'],
        message: `must be ≤ total (${p.total})`,
      });
    }
    const sum = (p.breakdown ?? []).reduce((acc, b) => acc + b.count, 0);
    if (sum > p.progressed) {
      ctx.addIssue({
        code: 'custom',
        path: ['breakdown'],
        message: `counts add up to ${sum}, more than progressed (${p.progressed})`,
      });
    }
  });

const partnershipSchema = z.strictObject({
  name: text,
  kind: slugSchema,
  role: text.optional(),
  members: list(text).optional(),
});

export const programmeSchema = z.strictObject({
  id: slugSchema,
  name: text,
  institution: text,
  funder: text,
  scheme: text,
  launchedYear: year.optional(),
  lead: z.strictObject({ name: text, role: text }).optional(),
  trainees: z.strictObject({ current: count, description: text.optional() }).optional(),
  posts: list(postSchema),
  progression: list(progressionSchema),
  partnerships: list(partnershipSchema),
  highlights: list(text),
});

export type Programme = z.infer<typeof programmeSchema>;
export type Post = z.infer<typeof postSchema>;
export type Progression = z.infer<typeof progressionSchema>;
