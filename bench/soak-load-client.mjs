// The clients of bench/soak.bench.ts, in a child process of their own, so that their work
// (fetch, JSON, the latencies they keep) adds nothing to the server process's memory or
// event loop. The parent sends one message per phase:
//   {type: 'run', phase, url, token, body, concurrency, requests}
// and gets {type: 'progress', phase, done, errors} every second, then
// {type: 'done', phase, result}. Each of `concurrency` clients sends POST /bids with a
// fresh Idempotency-Key until `requests` have been sent.
import { randomUUID } from 'node:crypto';

async function runPhase({ phase, url, token, body, concurrency, requests }) {
  const latencies = [];
  const statuses = {};
  const errorSamples = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const progress = setInterval(
    () => process.send({ type: 'progress', phase, done: latencies.length + errors, errors }),
    1_000,
  );
  const count = (status, detail) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === '201') return;
    errors += 1;
    if (errorSamples.length < 5) errorSamples.push(`${status} ${detail}`.slice(0, 300));
  };
  async function client() {
    while (issued < requests) {
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
  process.send({
    type: 'done',
    phase,
    result: {
      phase,
      concurrency,
      requests: latencies.length + errors,
      errors,
      statuses,
      errorSamples,
      seconds: (performance.now() - started) / 1000,
      latencies: latencies.sort((a, b) => a - b),
    },
  });
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
