import { NotFoundError } from '../errors/errors.js';
import type { Page, PageRequest } from '../stores/page.js';
import type { ProgrammeStore } from '../stores/programme-store.js';
import type { ProgrammeRecord, ProgrammeSummary } from './programme-record.js';

/** The programme, or NotFoundError naming it. */
export async function getProgramme(
  { programmes }: { programmes: ProgrammeStore },
  id: string,
): Promise<ProgrammeRecord> {
  const record = await programmes.get(id);
  if (!record) throw new NotFoundError('programme', id);
  return record;
}

export async function listProgrammes(
  { programmes }: { programmes: ProgrammeStore },
  page: PageRequest,
): Promise<Page<ProgrammeSummary>> {
  return programmes.list(page);
}
