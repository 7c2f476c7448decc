import type { Clock } from '../clock.js';
import { ValidationError } from '../errors/errors.js';
import { assertStorable } from '../stores/document-size.js';
import type { ProgrammeStore, VersionExpectation } from '../stores/programme-store.js';
import type { ProgrammeRecord } from './programme-record.js';
import type { Programme } from './programme-schema.js';

export interface PutProgrammeInput {
  /** The id in the path. */
  id: string;
  /** The body, already checked by `parseProgramme`. */
  programme: Programme;
  expected: VersionExpectation;
  by: string;
}

/**
 * Stores a programme's live figures (`PUT /programmes/{id}`).
 *
 * 1. The body's `id` must be the path's id: a programme cannot be renamed by a PUT.
 * 2. The document must fit in one stored item.
 * 3. Save it, bumping the version; a stale `If-Match` fails with PreconditionFailedError
 *    and nothing is written.
 * 4. Say whether it was created (201) or updated (200).
 */
export async function putProgramme(
  { programmes, clock }: { programmes: ProgrammeStore; clock: Clock },
  { id, programme, expected, by }: PutProgrammeInput,
): Promise<{ record: ProgrammeRecord; created: boolean }> {
  if (programme.id !== id) {
    throw new ValidationError('programme', [
      { path: 'id', message: `must be "${id}", the id in the path` },
    ]);
  }
  assertStorable(programme, 'the programme document');
  return programmes.save({ programme, expected, at: clock.now().toISOString(), by });
}
