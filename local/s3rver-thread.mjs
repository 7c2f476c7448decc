// s3rver in a worker thread of its own (started by local/emulators.ts), so that serving
// S3 does not share the event loop of the API and its handlers. Plain JavaScript: the
// thread may be started from a process without a TypeScript loader (Vitest's globalSetup).
import { parentPort, workerData } from 'node:worker_threads';
import S3rver from 's3rver';

const { port, directory } = workerData;
const server = new S3rver({ address: '127.0.0.1', port, directory, silent: true });

try {
  const address = await server.run();
  parentPort.postMessage({ type: 'ready', port: address.port });
} catch (error) {
  parentPort.postMessage({ type: 'failed', message: String(error?.stack ?? error) });
}

parentPort.on('message', async (message) => {
  if (message !== 'close') return;
  await server.close().catch(() => undefined);
  parentPort.postMessage({ type: 'closed' });
  parentPort.close();
});
