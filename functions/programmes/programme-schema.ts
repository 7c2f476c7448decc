import { groupDigits } from '../group-digits.js';
import * as z from '../zod.js';

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
  .check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(MAX_TEXT, `must be at most ${groupDigits(MAX_TEXT)} characters`),
  );

const count = z.int({ error: 'must be a whole number' }).check(z.gte(0, 'must not be negative'));

const year = z
  .int({ error: 'must be a whole year' })
  .check(z.gte(1900, 'must be 1900 or later'), z.lte(2100, 'must be 2100 or earlier'));

function list<T extends z.ZodMiniType>(item: T) {
  return z
    .array(item, { error: 'must be a list' })
    .check(z.maxLength(MAX_ENTRIES, `must have at most ${MAX_ENTRIES} entries`));
}

export const slugSchema = z
  .string({ error: 'must be text' })
  .check(
    z.regex(
      SLUG,
      'must be 2–63 lower-case letters, digits or hyphens, starting with a letter or digit',
    ),
  );

const periodSchema = z.strictObject({ from: year, to: year }).check(
  z.refine((p) => p.from <= p.to, {
    path: ['to'],
    error: (issue) => {
      const p = issue.input as { from: number };
      return `must be ≥ period.from (${p.from})`;
    },
  }),
);

const postSchema = z.strictObject({
  scheme: text,
  awarded: count,
  period: periodSchema,
  funder: z.optional(text),
});

/**
 * `figures.posts.total` adds the posts' awarded counts; beyond the largest safe integer a
 * JavaScript number rounds, and the total would disagree with the counts it came from.
 */
const postsSchema = list(postSchema).check(
  z.refine(
    (posts) =>
      posts.reduce(
        (sum, post) => sum + (Number.isSafeInteger(post.awarded) ? BigInt(post.awarded) : 0n),
        0n,
      ) <= BigInt(Number.MAX_SAFE_INTEGER),
    `awarded counts add up to more than ${groupDigits(Number.MAX_SAFE_INTEGER)}, the largest total counted exactly`,
  ),
);

const breakdownSchema = z.strictObject({ label: text, count });

const progressionSchema = z
  .strictObject({
    cohort: text,
    total: count,
    progressed: count,
    destination: z.optional(text),
    breakdown: z.optional(list(breakdownSchema)),
  })
  .check(
    z.superRefine((p, ctx) => {
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
    }),
  );

const partnershipSchema = z.strictObject({
  name: text,
  kind: slugSchema,
  role: z.optional(text),
  members: z.optional(list(text)),
});

export const programmeSchema = z.strictObject({
  id: slugSchema,
  name: text,
  institution: text,
  funder: text,
  scheme: text,
  launchedYear: z.optional(year),
  lead: z.optional(z.strictObject({ name: text, role: text })),
  trainees: z.optional(z.strictObject({ current: count, description: z.optional(text) })),
  posts: postsSchema,
  progression: list(progressionSchema),
  partnerships: list(partnershipSchema),
  highlights: list(text),
});

export type Programme = z.infer<typeof programmeSchema>;
export type Post = z.infer<typeof postSchema>;
export type Progression = z.infer<typeof progressionSchema>;
