import type { z } from 'zod/mini';
import { ValidationError } from '../errors/errors.js';
import { zodProblems } from '../errors/zod-problems.js';
import type { Caller } from './auth.js';

/** What a handler's action sees of an API Gateway event, already authorised and parsed. */
export interface HttpRequest {
  requestId: string;
  caller: Caller;
  /** Path parameters as API Gateway decoded them; check each with `pathParameter`. */
  path: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body on routes that take one; undefined otherwise. */
  body: unknown;
}

/** Parses input with its schema, or a ValidationError whose details name each field. */
export function validate<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  subject: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(subject, zodProblems(result.error), { cause: result.error });
  }
  return result.data;
}

/** A path parameter checked against its id pattern before it can reach a store. */
export function pathParameter(
  request: HttpRequest,
  name: string,
  schema: z.ZodMiniType<string>,
): string {
  const value = request.path[name];
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError('path', [
      { path: name, message: result.error.issues[0]?.message ?? 'is not valid' },
    ]);
  }
  return result.data;
}
