import * as z from '../zod.js';
import { programmeSchema } from './programme-schema.js';

/** A programme as stored: the live figures and the version that guards them against lost updates. */
export const programmeRecordSchema = z.object({
  programme: programmeSchema,
  /** 1 when first stored, +1 on every update; sent as the ETag `"<version>"`. */
  version: z.int().check(z.positive()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
});

export type ProgrammeRecord = z.infer<typeof programmeRecordSchema>;

export interface ProgrammeSummary {
  id: string;
  name: string;
  institution: string;
  version: number;
  updatedAt: string;
}
