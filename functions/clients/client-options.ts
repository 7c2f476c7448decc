/**
 * Bounds shared by every AWS client. A store that refuses connections fails a call at once
 * (after MAX_ATTEMPTS quick attempts); one that accepts but never answers fails it after at
 * most MAX_ATTEMPTS × (CONNECTION_TIMEOUT_MS + REQUEST_TIMEOUT_MS) plus the back-off between
 * attempts (WORST_CASE_CALL_MS): inside the 10 s a Bidwright Lambda is given
 * (infra/bidwright-function.ts), so the caller gets a 503 that says which store is down
 * instead of the function being killed. REQUEST_TIMEOUT_MS is the longest a socket may sit
 * idle waiting for the store; DynamoDB and S3 answer in milliseconds.
 */
export const CONNECTION_TIMEOUT_MS = 1_000;
export const REQUEST_TIMEOUT_MS = 2_000;
export const MAX_ATTEMPTS = 3;

/**
 * The most the SDK's standard retry strategy sleeps between MAX_ATTEMPTS attempts after
 * timeouts or refused connections: a random share of 50 ms × 2^retry, summed (rounded up).
 * Throttling, which the store answers at once, backs off from 1 s instead.
 */
export const MAX_BACKOFF_MS = 200;

export const WORST_CASE_CALL_MS =
  MAX_ATTEMPTS * (CONNECTION_TIMEOUT_MS + REQUEST_TIMEOUT_MS) + MAX_BACKOFF_MS;

/** What a 503 tells the caller to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;

export const requestHandler = {
  connectionTimeout: CONNECTION_TIMEOUT_MS,
  requestTimeout: REQUEST_TIMEOUT_MS,
  throwOnRequestTimeout: true,
};
