import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient } from './api-client.js';
import { type AccessLogEntry, DEFAULT_HOST, DEFAULT_PORT, PortInUseError } from './dev-server.js';
import {
  DEV_TOKEN_LIFETIME,
  issueDevTokens,
  loadOrCreateDevKeys,
  writeDevTokens,
} from './dev-tokens.js';
import { JavaMissingError, LOCAL_CREDENTIALS, stopOrphanedDynamoDbLocals } from './emulators.js';
import { startLocalStack } from './local-stack.js';
import { renderExampleBid, seedExample } from './seed.js';
import { isLocalStack, writeStackEndpoints } from './stack-endpoints.js';

/**
 * `npm start`: the whole of Bidwright on this machine, with no AWS account. Checks Java,
 * starts DynamoDB Local and s3rver persisted under `.bidwright/`, serves the handlers on
 * PORT (default 3000), writes dev tokens, seeds the example programme and template when
 * absent, renders the example bid and prints how to reach it. Ctrl-C stops everything.
 */

const root = fileURLToPath(new URL('../', import.meta.url));
/** `.bidwright/` in the checkout; BIDWRIGHT_DATA_DIR moves it (tests start stacks apart). */
const dataDir = process.env.BIDWRIGHT_DATA_DIR
  ? resolve(process.env.BIDWRIGHT_DATA_DIR)
  : join(root, '.bidwright');
const keysFile = join(dataDir, 'dev-keys.json');
const tokensFile = join(dataDir, 'dev-tokens.json');
const lockFile = join(dataDir, 'stack.pid');
const shown = (path: string) => relative(process.cwd(), path) || '.';

const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`  … ${line}`);
const done = (line: string) => say(`  ✓ ${line}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

class StartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StartError';
  }
}

/** The `java` on PATH, by its version line; undefined when there is none. */
function javaVersion(): string | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.error || result.status !== 0) return undefined;
  return `${result.stderr}${result.stdout}`.split('\n')[0]?.trim() || 'java';
}

function portFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new StartError(`PORT must be a whole number from 1 to 65535, not "${value}"`);
  }
  return port;
}

/** Fails early, before the JVM is started, when PORT is taken. */
async function checkPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' ? new PortInUseError(port, host, { cause: error }) : error,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * One stack per data folder: two DynamoDB Locals on one database file would corrupt it. A
 * lock whose process is gone, or is no longer a local stack (its id reused), is stale; a
 * DynamoDB Local that a stack killed with SIGKILL left on the folder is stopped first.
 */
async function takeLock(): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  let pid = Number.NaN;
  try {
    pid = Number(readFileSync(lockFile, 'utf8').trim());
  } catch {
    // No lock file.
  }
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isLocalStack(pid)) {
    throw new StartError(
      `another local stack (process ${pid}) is running on ${shown(dataDir)}/; stop it first (Ctrl-C in its terminal)`,
    );
  }
  const orphans = await stopOrphanedDynamoDbLocals(join(dataDir, 'dynamodb'));
  if (orphans.length > 0) {
    say(
      `  stopped DynamoDB Local left running on ${shown(dataDir)}/ (process ${orphans.join(', ')})`,
    );
  }
  await writeFile(lockFile, `${process.pid}\n`);
  return () => rm(lockFile, { force: true });
}

function accessLog(entry: AccessLogEntry): void {
  const cold = entry.coldStart ? ', cold start' : '';
  const line = `  ${entry.method} ${entry.path} → ${entry.status} (${Math.round(entry.durationMs)} ms${cold})`;
  say(line);
  if (entry.error !== undefined) {
    process.stderr.write(
      `    ${entry.error instanceof Error ? (entry.error.stack ?? entry.error.message) : String(entry.error)}\n`,
    );
  }
}

async function main(): Promise<number> {
  const cleanups: (() => Promise<void>)[] = [];
  let stopping = false;
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: stopping the API server, DynamoDB Local and s3rver…`);
    void stopAll().then(() => {
      say(`Stopped. Data kept in ${shown(dataDir)}/ for the next \`npm start\`.`);
      process.exit(0);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  try {
    say('Bidwright local stack');
    const java = javaVersion();
    if (!java) throw new JavaMissingError();
    done(`Java found: ${java}`);

    const host = DEFAULT_HOST;
    const port = portFrom(process.env.PORT);
    await checkPortFree(port, host);
    cleanups.push(await takeLock());

    const { keys, created } = await loadOrCreateDevKeys(keysFile);
    done(`${created ? 'new dev signing key made' : 'dev signing key reused'}: ${shown(keysFile)}`);

    const stack = await startLocalStack({
      keys,
      dataDir,
      port,
      host,
      log: (entry) => {
        if (!stopping) accessLog(entry);
      },
      progress: (what, finished) => {
        if (what === 'emulators' && !finished) {
          step(
            `starting DynamoDB Local (Java) and s3rver, data in ${shown(dataDir)}/ — the JVM takes a few seconds`,
          );
        } else if (what === 'emulators' && finished) {
          done(`DynamoDB Local and s3rver up in ${seconds(finished.ms)}`);
        }
      },
    });
    cleanups.push(() => stack.stop());
    if (stopping) return 0;
    const { url } = stack.server;
    done(`API listening on ${url}`);
    const { emulators } = stack;
    if (emulators.tableName && emulators.bucketName) {
      cleanups.push(
        await writeStackEndpoints(dataDir, {
          pid: process.pid,
          apiUrl: url,
          dynamodbEndpoint: emulators.dynamodbEndpoint,
          s3Endpoint: emulators.s3Endpoint,
          tableName: emulators.tableName,
          bucketName: emulators.bucketName,
          region: LOCAL_CREDENTIALS.region,
        }),
      );
    }

    const tokens = await issueDevTokens(keys);
    await writeDevTokens(tokensFile, tokens);
    done(
      `dev tokens written to ${shown(tokensFile)} (writer, reviewer, admin; valid ${DEV_TOKEN_LIFETIME.replace('d', ' days')})`,
    );

    const writer = new ApiClient(url, tokens.writer);
    step('seeding the example programme and template when absent');
    const seeded = await seedExample(writer);
    done(
      `programme birmingham-icat ${seeded.programme.created ? 'seeded' : 'already there, kept as it is'} (ETag ${seeded.programme.etag})`,
    );
    done(
      `template nihr-icat ${seeded.template.created ? 'seeded' : 'already there, kept as it is'} (version ${seeded.template.version})`,
    );

    step('rendering the example bid (POST /bids as the writer)');
    const started = performance.now();
    const example = await renderExampleBid(writer, seeded);
    const { bid } = example;
    done(
      example.reused
        ? `example bid reused: already rendered today from the same figures and template (Idempotency-Key ${example.idempotencyKey})`
        : example.replaced
          ? `example bid rendered in ${seconds(performance.now() - started)}, in place of ${example.replaced}, whose PDF is gone from ${shown(dataDir)}/s3/`
          : `example bid rendered in ${seconds(performance.now() - started)}`,
    );
    done('its presigned download link returns the PDF (sha256 checked)');

    const fromHere = relative(process.cwd(), tokensFile);
    const tokensPath =
      fromHere.startsWith('..') || isAbsolute(fromHere) ? tokensFile : `./${fromHere}`;
    const writerToken = `$(node -p "require('${tokensPath}').writer")`;
    say();
    say(`Bidwright is running at ${url}`);
    say(`  Tokens      ${shown(tokensFile)}  {"writer", "reviewer", "admin"}`);
    say(`  Example bid ${bid.id}${example.reused ? ' (reused)' : ''}`);
    say(
      `    programme ${bid.programmeId}, template ${bid.templateId} v${bid.templateVersion}, snapshot ${bid.snapshotId}`,
    );
    say(
      `    ${bid.pdf.pages} pages, ${bid.pdf.bytes.toLocaleString('en-GB')} bytes, sha256 ${bid.pdf.sha256}`,
    );
    for (const warning of bid.warnings) {
      say(
        `    warning: section ${warning.section} has ${warning.words} words (limit ${warning.limit})`,
      );
    }
    say(
      `  PDF link (valid until ${example.download.expiresAt}; GET /bids/${bid.id}/pdf gives a new one):`,
    );
    say(`    ${example.download.url}`);
    say();
    say('Try:');
    say(`  curl -s -H "Authorization: Bearer ${writerToken}" ${url}/bids/${bid.id}`);
    say(
      `  curl -s -o bid.pdf "$(curl -s -H "Authorization: Bearer ${writerToken}" ${url}/bids/${bid.id}/pdf | node -p 'JSON.parse(require("fs").readFileSync(0)).url')"`,
    );
    say();
    say('Requests are logged below. Press Ctrl-C to stop.');
    return -1;
  } catch (error) {
    // Stopped by a signal while starting: the signal's handler stops what had started.
    if (stopping) return -1;
    process.stdout.write('\n');
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (error instanceof PortInUseError || error instanceof StartError) {
      process.stderr.write(`Cannot start: ${error.message}\n`);
    } else if (error instanceof JavaMissingError) {
      process.stderr.write(
        "Cannot start: DynamoDB Local needs Java and no `java` command was found.\nInstall Debian's default-jre-headless and try again:\n  sudo apt-get update && sudo apt-get install -y default-jre-headless\n",
      );
    } else if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      process.stderr.write(
        `Cannot start: ${(error as Error).message}\n${shown(dataDir)}/ must be writable by you (files left by \`sudo npm start\` are not: sudo chown -R "$USER" ${shown(dataDir)})\n`,
      );
    } else {
      process.stderr.write(
        `Cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    if (cleanups.length > 0) process.stderr.write('Stopping what had started…\n');
    await stopAll();
    return 1;
  }
}

const status = await main();
if (status >= 0) process.exit(status);
