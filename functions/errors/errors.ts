import { groupDigits } from '../group-digits.js';
/**
 * Errors Bidwright raises on purpose. Each carries the HTTP status it maps to, so the
 * mapping to a response (or a CLI exit code) is an `instanceof`, never string matching.
 * `details` is what a client may read: never a stack, a key expression or a stored item.
 */

export interface FieldProblem {
  /** Field path in the input, e.g. `progression[0].progressed`; empty for the whole input. */
  path: string;
  message: string;
}

export abstract class BidwrightError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Specifics for the response's `details`; empty unless a subclass says more. */
  readonly details: readonly object[] = [];
}

/** Input that breaks a rule: the details name every field at fault. */
export class ValidationError extends BidwrightError {
  readonly status = 400;
  readonly code = 'invalid-input';

  constructor(
    readonly subject: string,
    override readonly details: FieldProblem[],
    options?: ErrorOptions,
  ) {
    super(
      `${subject} is invalid: ${details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ')}`,
      options,
    );
    this.name = 'ValidationError';
  }
}

/** A request body that is not JSON at all. */
export class MalformedJsonError extends BidwrightError {
  readonly status = 400;
  readonly code = 'malformed-json';

  constructor(options?: ErrorOptions) {
    super('the request body is not valid JSON', options);
    this.name = 'MalformedJsonError';
  }
}

/** No token, or a token without the claims a caller is known by. */
export class UnauthorizedError extends BidwrightError {
  readonly status = 401;
  readonly code = 'unauthorized';

  constructor(message = 'sign in first: the request carries no valid token') {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** A caller whose groups do not include any the route admits. */
export class ForbiddenError extends BidwrightError {
  readonly status = 403;
  readonly code = 'forbidden';

  constructor(readonly allowed: readonly string[]) {
    super(`this needs membership of one of: ${allowed.join(', ')}`);
    this.name = 'ForbiddenError';
  }
}

/** Something the request names that does not exist; `resource` says which thing. */
export class NotFoundError extends BidwrightError {
  readonly status = 404;
  readonly code = 'not-found';
  override readonly details: readonly { resource: string; id: string }[];

  constructor(
    readonly resource: string,
    readonly id: string,
    message = `${resource} "${id}" does not exist`,
  ) {
    super(message);
    this.name = 'NotFoundError';
    this.details = [{ resource, id }];
  }
}

/** A write that would replace something that must stay as it is. */
export class ConflictError extends BidwrightError {
  readonly status = 409;
  readonly code: string = 'conflict';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConflictError';
  }
}

/** An `Idempotency-Key` used before with a different request body. */
export class IdempotencyKeyReusedError extends ConflictError {
  override readonly code = 'idempotency-key-reused';

  constructor() {
    super('this Idempotency-Key was already used for a different request; use a new key');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** An `If-Match` (or `If-None-Match`) that the stored version no longer satisfies. */
export class PreconditionFailedError extends BidwrightError {
  readonly status = 412;
  readonly code = 'precondition-failed';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PreconditionFailedError';
  }
}

/** A body (or a document to be stored) larger than Bidwright accepts. */
export class PayloadTooLargeError extends BidwrightError {
  readonly status = 413;
  readonly code = 'payload-too-large';

  constructor(
    readonly limitBytes: number,
    what = 'the request body',
  ) {
    super(`${what} is larger than ${groupDigits(limitBytes)} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

/** A body that is not sent as JSON. */
export class UnsupportedMediaTypeError extends BidwrightError {
  readonly status = 415;
  readonly code = 'unsupported-media-type';

  constructor(contentType: string | undefined) {
    super(
      contentType
        ? `the body is sent as "${contentType}"; send it as application/json`
        : 'the body has no Content-Type; send it as application/json',
    );
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** Where in a template a problem is, as a client receives it. */
export interface TemplateProblem {
  /** Section id, or "title" / "author"; for a shape problem, the path in the template object. */
  section?: string;
  line?: number;
  /** The unknown variable or filter. */
  reference?: string;
  kind?: string;
  path?: string;
  message: string;
}

/** A template refused at upload: its shape, Liquid or Markdown, located by section and line. */
export class InvalidTemplateError extends BidwrightError {
  readonly status = 400;
  readonly code = 'invalid-template';

  constructor(
    message: string,
    override readonly details: TemplateProblem[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'InvalidTemplateError';
  }
}

/** Valid inputs that cannot make a bid: the template reads a figure the snapshot lacks. */
export class UnrenderableBidError extends BidwrightError {
  readonly status = 422;
  readonly code = 'unrenderable';

  constructor(
    message: string,
    override readonly details: TemplateProblem[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'UnrenderableBidError';
  }
}

/**
 * A store Bidwright depends on (the table or the PDF bucket) refused the connection, did not
 * answer within the client's timeouts, or answered with a server fault, on every attempt.
 * Nothing the client sent is at fault: the same request may succeed later.
 */
export class ServiceUnavailableError extends BidwrightError {
  readonly status = 503;
  readonly code = 'service-unavailable';
  override readonly details: readonly { service: string }[];

  constructor(
    /** Which store: `database` or `pdf-store`. */
    readonly service: string,
    description: string,
    /** Sent as `Retry-After`. */
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(
      `${description} is not answering, so the request was not completed; try it again in a few seconds`,
      options,
    );
    this.name = 'ServiceUnavailableError';
    this.details = [{ service }];
  }
}
