/**
 * Bounds shared by every AWS client: an unreachable store fails in about
 * MAX_ATTEMPTS × (CONNECTION_TIMEOUT_MS or REQUEST_TIMEOUT_MS) plus back-off, well inside a
 * Lambda's timeout, instead of hanging until the function is killed.
 */
export const CONNECTION_TIMEOUT_MS = 1_000;
export const REQUEST_TIMEOUT_MS = 5_000;
export const MAX_ATTEMPTS = 3;

export const requestHandler = {
  connectionTimeout: CONNECTION_TIMEOUT_MS,
  requestTimeout: REQUEST_TIMEOUT_MS,
  throwOnRequestTimeout: true,
};
