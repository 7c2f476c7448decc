// Runs one Lambda bundle as Lambda would: plain node, no TypeScript loader, no node_modules
// but the bundle's own. Usage: node run-bundle.mjs <bundle dir> <event.json>
// Prints one JSON line: {loadMs, firstResponseMs, result}. Times are from before the import.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const started = performance.now();
const { handler } = await import(pathToFileURL(join(dir, 'index.mjs')).href);
const loaded = performance.now();
const result = await handler(event, { awsRequestId: 'bundle-test', functionName: 'bundle' });
const answered = performance.now();
process.stdout.write(
  `${JSON.stringify({ loadMs: loaded - started, firstResponseMs: answered - started, result })}\n`,
);
