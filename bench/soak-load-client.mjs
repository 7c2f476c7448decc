// The clients of bench/soak.bench.ts, in a child process of their own, so that their work
// (fetch, JSON, the latencies they keep) adds nothing to the server process's memory or
// event loop. The parent sends one message per phase:
//   {type: 'run', phase, url, token, body, concurrency, requests}
// and gets {type: 'progress', phase, done, errors} every second, then
// {type: 'done', phase, result} (bench/post-bids-clients.mjs sends the requests).
import { postBids } from './post-bids-clients.mjs';

async function runPhase({ phase, url, token, body, concurrency, requests }) {
  const result = await postBids({
    url,
    token,
    body,
    concurrency,
    requests,
    progressMs: 1_000,
    onProgress: (progress) => process.send({ type: 'progress', phase, ...progress }),
  });
  process.send({ type: 'done', phase, result: { phase, ...result } });
}

process.on('message', (message) => {
  if (message.type === 'run') {
    runPhase(message).catch((error) => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    });
  }
  if (message.type === 'stop') process.disconnect();
});
