import type { ProgrammeRecord, ProgrammeSummary } from '../programmes/programme-record.js';
import type { Programme } from '../programmes/programme-schema.js';
import type { Page, PageRequest } from './page.js';

/** What a save requires of the stored programme: the `If-Match` / `If-None-Match` of a PUT. */
export type VersionExpectation =
  /** No precondition: create or update. */
  | { kind: 'any' }
  /** `If-None-Match: *`: only if there is no programme yet. */
  | { kind: 'absent' }
  /** `If-Match: *`: only if there is one. */
  | { kind: 'exists' }
  /** `If-Match: "<n>"`: only if the stored version is still n. */
  | { kind: 'version'; version: number };

export interface SaveProgramme {
  programme: Programme;
  expected: VersionExpectation;
  at: string;
  by: string;
}

/**
 * One programme as `listRecords` returns it: its record, or, when the stored item does not
 * parse, the error and whatever id its key holds, so that one bad item cannot hide the rest.
 */
export type ListedProgramme =
  | { id: string; record: ProgrammeRecord }
  | { id: string; error: Error };

export interface ProgrammeStore {
  get(id: string): Promise<ProgrammeRecord | null>;
  /** Writes the figures and bumps the version; PreconditionFailedError when `expected` fails. */
  save(input: SaveProgramme): Promise<{ record: ProgrammeRecord; created: boolean }>;
  /** Programmes in id order. */
  list(page: PageRequest): Promise<Page<ProgrammeSummary>>;
  /** Programmes in id order with their full figures, for jobs that visit every programme. */
  listRecords(page: PageRequest): Promise<Page<ListedProgramme>>;
}
