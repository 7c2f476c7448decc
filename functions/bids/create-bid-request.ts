import { z } from 'zod';
import { snapshotIdSchema } from '../ids/ids.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { MAX_TEMPLATE_VERSION } from '../templates/template-version.js';

/** The body of `POST /bids`. */
export const createBidRequestSchema = z.strictObject({
  programmeId: slugSchema,
  templateId: slugSchema,
  /** The newest version when left out. */
  templateVersion: z
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be 1 or more' })
    .max(MAX_TEMPLATE_VERSION, { error: `must be at most ${MAX_TEMPLATE_VERSION}` })
    .optional(),
  /** The newest snapshot when left out, taken first if the live figures changed since. */
  snapshotId: snapshotIdSchema.optional(),
});

export type CreateBidRequest = z.infer<typeof createBidRequestSchema>;
