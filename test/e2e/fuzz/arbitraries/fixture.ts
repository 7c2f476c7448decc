import type { TemplateSource } from '../../../../functions/narrative/template-schema.js';
import type { Programme } from '../../../../functions/programmes/programme-schema.js';

/** The seeded data the generators aim at, so that requests reach past the 404s. */
export interface FuzzFixture {
  programmeId: string;
  /** Two snapshots of the programme, oldest first (the newer one has a previous one). */
  snapshotIds: readonly string[];
  templateId: string;
  bidId: string;
  programme: Programme;
  template: TemplateSource;
}
