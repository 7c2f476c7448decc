import { snapshotIdSchema } from '../ids/ids.js';
import { programmeSchema, slugSchema } from '../programmes/programme-schema.js';
import * as z from '../zod.js';

export const sha256Schema = z
  .string()
  .check(z.regex(/^[0-9a-f]{64}$/, { error: 'must be a sha256' }));

/** A programme's figures frozen at one time: immutable, the only thing a bid is rendered from. */
export const snapshotSchema = z.object({
  id: snapshotIdSchema,
  programmeId: slugSchema,
  takenAt: z.iso.datetime(),
  /** sha256 of the canonical JSON of `programme`. */
  sha256: sha256Schema,
  takenBy: z.string(),
  programme: programmeSchema,
});

export type Snapshot = z.infer<typeof snapshotSchema>;
export type SnapshotSummary = Omit<Snapshot, 'programme'>;

export function summaryOf({ programme: _, ...summary }: Snapshot): SnapshotSummary {
  return summary;
}
