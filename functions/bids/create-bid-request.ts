import { snapshotIdSchema } from '../ids/ids.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { MAX_TEMPLATE_VERSION } from '../templates/template-version.js';
import * as z from '../zod.js';

/** The body of `POST /bids`. */
export const createBidRequestSchema = z.strictObject({
  programmeId: slugSchema,
  templateId: slugSchema,
  /** The newest version when left out. */
  templateVersion: z.optional(
    z
      .int({ error: 'must be a whole number' })
      .check(
        z.gte(1, { error: 'must be 1 or more' }),
        z.lte(MAX_TEMPLATE_VERSION, { error: `must be at most ${MAX_TEMPLATE_VERSION}` }),
      ),
  ),
  /** The newest snapshot when left out, taken first if the live figures changed since. */
  snapshotId: z.optional(snapshotIdSchema),
});

export type CreateBidRequest = z.infer<typeof createBidRequestSchema>;
