import { ValidationError } from '../errors/errors.js';
import { zodProblems } from '../errors/zod-problems.js';
import { type Programme, programmeSchema } from './programme-schema.js';

/** Checks a programme document against every rule, or throws naming each field at fault. */
export function parseProgramme(input: unknown): Programme {
  const result = programmeSchema.safeParse(input);
  if (!result.success) {
    throw new ValidationError('programme', zodProblems(result.error), { cause: result.error });
  }
  return result.data;
}
