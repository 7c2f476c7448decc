import { templateSourceSchema } from '../narrative/template-schema.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { sha256Schema } from '../snapshots/snapshot.js';
import * as z from '../zod.js';

/** Versions are numbered 1, 2, 3…; the sort key pads them to four digits (`V#0003`). */
export const MAX_TEMPLATE_VERSION = 9999;

/** One uploaded version of a competition template: immutable once stored. */
export const templateVersionSchema = z.object({
  id: slugSchema,
  version: z.int().check(z.gte(1), z.lte(MAX_TEMPLATE_VERSION)),
  source: templateSourceSchema,
  /** sha256 of the canonical JSON of `source`. */
  sha256: sha256Schema,
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
});

export type TemplateVersion = z.infer<typeof templateVersionSchema>;

export interface TemplateSummary {
  id: string;
  latestVersion: number;
  title: string;
  competition: string;
  updatedAt: string;
}
