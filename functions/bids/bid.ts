import { bidIdSchema, snapshotIdSchema } from '../ids/ids.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { sha256Schema } from '../snapshots/snapshot.js';
import * as z from '../zod.js';

export const bidStatusSchema = z.enum(['draft', 'approved', 'changes-requested']);
export type BidStatus = z.infer<typeof bidStatusSchema>;

export const bidWarningSchema = z.object({
  code: z.literal('word-limit'),
  section: z.string(),
  words: z.int(),
  limit: z.int(),
});

/** A bid as stored and as returned (DESIGN.md, HTTP API contract). */
export const bidSchema = z.object({
  id: bidIdSchema,
  programmeId: slugSchema,
  templateId: slugSchema,
  templateVersion: z.int().check(z.positive()),
  snapshotId: snapshotIdSchema,
  status: bidStatusSchema,
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  pdf: z.object({
    sha256: sha256Schema,
    bytes: z.int().check(z.positive()),
    pages: z.int().check(z.positive()),
  }),
  warnings: z.array(bidWarningSchema),
});

export type Bid = z.infer<typeof bidSchema>;

export const reviewDecisionSchema = z.enum(['approve', 'request-changes'], {
  error: 'must be "approve" or "request-changes"',
});
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

/** The audit trail of a bid: who made it, downloaded it and reviewed it, and when. */
export const bidEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('created'), at: z.iso.datetime(), by: z.string() }),
  z.object({ type: z.literal('downloaded'), at: z.iso.datetime(), by: z.string() }),
  z.object({
    type: z.literal('reviewed'),
    at: z.iso.datetime(),
    by: z.string(),
    decision: reviewDecisionSchema,
    comment: z.string(),
  }),
]);

export type BidEvent = z.infer<typeof bidEventSchema>;

export const STATUS_AFTER: Record<ReviewDecision, BidStatus> = {
  approve: 'approved',
  'request-changes': 'changes-requested',
};
