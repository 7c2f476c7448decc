/**
 * Errors Bidwright raises on purpose. Each carries the HTTP status it maps to, so the
 * mapping to a response (or a CLI exit code) is an `instanceof`, never string matching.
 */

export interface FieldProblem {
  /** Field path in the input, e.g. `progression[0].progressed`; empty for the whole input. */
  path: string;
  message: string;
}

export abstract class BidwrightError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
}

/** Input that breaks a rule: the details name every field at fault. */
export class ValidationError extends BidwrightError {
  readonly status = 400;
  readonly code = 'invalid-input';

  constructor(
    readonly subject: string,
    readonly details: FieldProblem[],
    options?: ErrorOptions,
  ) {
    super(
      `${subject} is invalid: ${details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ')}`,
      options,
    );
    this.name = 'ValidationError';
  }
}
