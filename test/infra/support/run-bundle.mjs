// Runs one Lambda bundle as Lambda would: plain node, no TypeScript loader, no node_modules
// but the bundle's own. Usage: node run-bundle.mjs <bundle dir> <event.json>
// Prints one JSON line: {loadMs, firstResponseMs, awaitingHttpMs, result}. Times are from
// before the import; awaitingHttpMs is how long, of that, an HTTP call (to DynamoDB or S3)
// was in flight, from the request's creation to the end of its response.
import { subscribe } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));

let inFlight = 0;
let busySince = 0;
let awaitingHttpMs = 0;
subscribe('http.client.request.start', () => {
  if (inFlight++ === 0) busySince = performance.now();
});
subscribe('http.client.response.finish', () => {
  if (--inFlight === 0) awaitingHttpMs += performance.now() - busySince;
});

const started = performance.now();
const { handler } = await import(pathToFileURL(join(dir, 'index.mjs')).href);
const loaded = performance.now();
const result = await handler(event, { awsRequestId: 'bundle-test', functionName: 'bundle' });
const answered = performance.now();
// A call that failed without a response is counted up to the answer.
if (inFlight > 0) awaitingHttpMs += answered - busySince;
process.stdout.write(
  `${JSON.stringify({ loadMs: loaded - started, firstResponseMs: answered - started, awaitingHttpMs, result })}\n`,
);
