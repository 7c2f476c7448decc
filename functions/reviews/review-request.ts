import { reviewDecisionSchema } from '../bids/bid.js';
import * as z from '../zod.js';

export const MAX_COMMENT = 2000;

/** The body of `POST /bids/{id}/reviews`. */
export const reviewRequestSchema = z.strictObject({
  decision: reviewDecisionSchema,
  comment: z
    .string({ error: 'must be text' })
    .check(
      z.trim(),
      z.minLength(1, { error: 'must not be empty' }),
      z.maxLength(MAX_COMMENT, { error: `must be at most ${MAX_COMMENT} characters` }),
    ),
});

export type ReviewRequest = z.infer<typeof reviewRequestSchema>;
