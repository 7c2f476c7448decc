import { ServiceUnavailableError } from '../errors/errors.js';
import { RETRY_AFTER_SECONDS } from './client-options.js';

/** Node's codes for a connection that could not be made or was cut. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The services' names for "too many requests" (DynamoDB, S3). */
const THROTTLING_ERROR_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
]);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $fault?: unknown;
  $retryable?: { throttling?: unknown };
  cause?: unknown;
  errors?: unknown;
}

/**
 * True for a failure that says the store is down or overloaded rather than that the
 * request was wrong: a refused, reset or timed-out connection (the SDK names its own
 * timeouts `TimeoutError`), a server fault (5xx) or throttling. The SDK has already spent
 * its attempts on it when this is asked.
 */
export function isUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const shape = error as SdkErrorShape;
  if (shape.name === 'TimeoutError') return true;
  if (typeof shape.code === 'string' && NETWORK_ERROR_CODES.has(shape.code)) return true;
  if (shape.$fault === 'server' || shape.$retryable?.throttling === true) return true;
  if (typeof shape.name === 'string' && THROTTLING_ERROR_NAMES.has(shape.name)) return true;
  if (Array.isArray(shape.errors) && shape.errors.some((e) => isUnavailable(e, depth + 1))) {
    return true;
  }
  return isUnavailable(shape.cause, depth + 1);
}

/** The part of an SDK client this needs: its middleware stack. */
interface WithMiddleware {
  middlewareStack: {
    add(
      middleware: (next: (args: never) => Promise<unknown>) => (args: never) => Promise<unknown>,
      options: { step: 'initialize'; name: string; override: boolean },
    ): void;
  };
}

/**
 * Makes every call on `client` that fails for want of the store throw a
 * ServiceUnavailableError naming it (a 503 with `Retry-After`), with the SDK's error as its
 * cause. Added at the outermost step, so it sees only what is left after the SDK's retries;
 * errors the stores handle themselves (a failed condition, a missing key) pass unchanged.
 */
export function reportUnavailable<C extends WithMiddleware>(
  client: C,
  service: 'database' | 'pdf-store',
  description: string,
): C {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        throw new ServiceUnavailableError(service, description, RETRY_AFTER_SECONDS, {
          cause: error,
        });
      }
    },
    { step: 'initialize', name: 'bidwrightReportUnavailable', override: true },
  );
  return client;
}
