// POST /bids from `concurrency` clients at once, each request with a fresh Idempotency-Key,
// until `requests` have been sent or `seconds` have passed. Shared by the load generators of
// bench/api.bench.ts (bench/api-load-worker.mjs) and bench/soak.bench.ts
// (bench/soak-load-client.mjs), which run it off the server's event loop.
import { randomUUID } from 'node:crypto';

/**
 * Resolves to {concurrency, requests, errors, statuses, errorSamples, seconds, latencies}:
 * `latencies` are the successful (201) requests' times, sorted; `onProgress({done, errors})`
 * is called every `progressMs`.
 */
export async function postBids({
  url,
  token,
  body,
  concurrency,
  requests,
  seconds = Number.POSITIVE_INFINITY,
  progressMs,
  onProgress,
}) {
  const latencies = [];
  const statuses = {};
  const errorSamples = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const progress = setInterval(
    () => onProgress({ done: latencies.length + errors, errors }),
    progressMs,
  );
  const count = (status, detail) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === '201') return;
    errors += 1;
    if (errorSamples.length < 5) errorSamples.push(`${status} ${detail}`.slice(0, 300));
  };
  async function client() {
    while (issued < requests && performance.now() < deadline) {
      issued += 1;
      const sent = performance.now();
      try {
        const response = await fetch(`${url}/bids`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify(body),
        });
        const text = await response.text();
        if (response.status === 201) latencies.push(performance.now() - sent);
        count(String(response.status), text);
      } catch (error) {
        count('network', String(error));
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  clearInterval(progress);
  return {
    concurrency,
    requests: latencies.length + errors,
    errors,
    statuses,
    errorSamples,
    seconds: (performance.now() - started) / 1000,
    latencies: latencies.sort((a, b) => a - b),
  };
}
