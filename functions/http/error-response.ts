import type { Logger } from '@aws-lambda-powertools/logger';
import { BidwrightError, ServiceUnavailableError } from '../errors/errors.js';
import { withSourceStack } from '../errors/source-stack.js';
import type { HttpResult } from './response.js';

export const INTERNAL_ERROR_MESSAGE =
  'Something went wrong on our side, not in what you sent. Quote the request id if you report it.';

/**
 * The one place errors become responses. Bidwright's own errors carry their status and
 * say what to fix; anything else is a 500 with a fixed message and the request id, and the
 * error itself goes to the log only. A store that is down is a 503 naming it, with
 * `Retry-After`.
 */
export function errorResult(error: unknown, requestId: string, logger: Logger): HttpResult {
  if (error instanceof BidwrightError) {
    if (error.status >= 500) logger.error('request failed', { error: withSourceStack(error) });
    else logger.info('request refused', { code: error.code, message: error.message });
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, details: error.details } },
      headers: errorHeaders(error),
    };
  }
  if (error instanceof Error) logger.error('unhandled error', withSourceStack(error));
  else logger.error('unhandled error', { thrown: String(error) });
  return {
    status: 500,
    body: {
      error: { code: 'internal-error', message: INTERNAL_ERROR_MESSAGE, details: [{ requestId }] },
    },
  };
}

function errorHeaders(error: BidwrightError): Record<string, string> {
  if (error.status === 401) return { 'www-authenticate': 'Bearer' };
  if (error instanceof ServiceUnavailableError) {
    return { 'retry-after': String(error.retryAfterSeconds) };
  }
  return {};
}
