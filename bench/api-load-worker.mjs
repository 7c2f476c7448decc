// The load generator of bench/api.bench.ts, in a worker thread so that the clients' own
// work (fetch, JSON) does not share the event loop of the server it measures.
import { parentPort, workerData } from 'node:worker_threads';
import { postBids } from './post-bids-clients.mjs';

const result = await postBids({
  ...workerData,
  progressMs: 2_000,
  onProgress: ({ done }) => parentPort.postMessage({ type: 'progress', done }),
});
parentPort.postMessage({ type: 'done', result });
