// The load generator of bench/api.bench.ts, in a worker thread so that the clients' own
// work (fetch, JSON) does not share the event loop of the server it measures. Each of
// `concurrency` clients sends POST /bids with a fresh Idempotency-Key until `requests` have
// been sent or `seconds` have passed.
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const { url, token, body, concurrency, requests, seconds } = workerData;
const latencies = [];
const errorSamples = [];
let errors = 0;
let issued = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
const progress = setInterval(
  () => parentPort.postMessage({ type: 'progress', done: latencies.length + errors }),
  2_000,
);

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
      else {
        errors += 1;
        if (errorSamples.length < 3) errorSamples.push(`${response.status} ${text.slice(0, 200)}`);
      }
    } catch (error) {
      errors += 1;
      if (errorSamples.length < 3) errorSamples.push(String(error));
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, client));
clearInterval(progress);
parentPort.postMessage({
  type: 'done',
  result: {
    concurrency,
    requests: latencies.length + errors,
    errors,
    errorSamples,
    seconds: (performance.now() - started) / 1000,
    latencies: latencies.sort((a, b) => a - b),
  },
});
