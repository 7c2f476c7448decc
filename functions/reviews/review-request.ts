import { z } from 'zod';
import { reviewDecisionSchema } from '../bids/bid.js';

export const MAX_COMMENT = 2000;

/** The body of `POST /bids/{id}/reviews`. */
export const reviewRequestSchema = z.strictObject({
  decision: reviewDecisionSchema,
  comment: z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(MAX_COMMENT, { error: `must be at most ${MAX_COMMENT} characters` }),
});

export type ReviewRequest = z.infer<typeof reviewRequestSchema>;
