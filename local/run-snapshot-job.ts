import { readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScheduledEvent } from 'aws-lambda';
import { emulatorEnv, LOCAL_CREDENTIALS } from './emulators.js';
import { jobFailure } from './job-failure.js';
import { endpointsFile, readStackEndpoints } from './stack-endpoints.js';

/**
 * `npm run snapshot`: the scheduled snapshot job, once, against the stack `npm start` is
 * running. It finds DynamoDB Local through `.bidwright/endpoints.json`, invokes the real
 * take-snapshots handler with an EventBridge "Scheduled Event" and prints its summary.
 * Exit 1 when no stack is running or the run as a whole fails; programmes that fail are
 * logged and counted in the summary, as in Lambda.
 */

const root = fileURLToPath(new URL('../', import.meta.url));
const dataDir = process.env.BIDWRIGHT_DATA_DIR
  ? resolve(process.env.BIDWRIGHT_DATA_DIR)
  : join(root, '.bidwright');
const fixture = join(root, 'test', 'fixtures', 'events', 'scheduled-event.json');

async function main(): Promise<number> {
  const endpoints = await readStackEndpoints(dataDir);
  if (!endpoints) {
    process.stderr.write(
      `No local stack is running on ${relative(process.cwd(), dataDir) || '.'}/ (no live ${basename(endpointsFile(dataDir))}): start it with npm start, then run npm run snapshot again.\n`,
    );
    return 1;
  }
  Object.assign(
    process.env,
    emulatorEnv(
      endpoints.dynamodbEndpoint,
      endpoints.s3Endpoint,
      endpoints.tableName,
      endpoints.bucketName,
    ),
  );
  // Per-programme failures are still logged (as errors); the EMF metric lines are not
  // printed unless asked for with POWERTOOLS_METRICS_DISABLED=false.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Imported only now: the handler reads its environment when it is loaded and first called.
  const { handler } = await import('../functions/handlers/take-snapshots.js');

  const event: ScheduledEvent = {
    ...JSON.parse(await readFile(fixture, 'utf8')),
    id: `local-${Date.now()}`,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_CREDENTIALS.region,
  };
  process.stdout.write(
    `Scheduled snapshot job on table ${endpoints.tableName} (DynamoDB Local at ${endpoints.dynamodbEndpoint})\n`,
  );
  const summary = await handler(event);
  process.stdout.write(
    `  scanned ${summary.scanned}, taken ${summary.taken}, unchanged ${summary.unchanged}, failed ${summary.failed}\n`,
  );
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(jobFailure(error));
  process.exitCode = 1;
}
