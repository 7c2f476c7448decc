import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiClient } from '../../../../local/api-client.js';
import { type AccessLogEntry, startDevServer } from '../../../../local/dev-server.js';
import {
  type DevRole,
  devAuthorizerConfig,
  generateDevKeys,
  issueDevTokens,
} from '../../../../local/dev-tokens.js';
import {
  type DynamoDbLocalServer,
  dynamoDbAdminClient,
  type EmulatorServer,
  emulatorEnv,
  ensureBucket,
  ensureTable,
  type S3rverServer,
  s3AdminClient,
  startDynamoDbLocal,
  startS3rver,
} from '../../../../local/emulators.js';
import { createJwtAuthorizer } from '../../../../local/jwt-authorizer.js';
import { objectKeys, tableItems } from '../../support/stored-data.js';

export type Item = Record<string, unknown>;

/** One emulator that a test stops and starts again on the same port and data. */
export interface Restartable<S extends EmulatorServer> {
  readonly port: number;
  readonly endpoint: string;
  /** The running server; throws when it is stopped. */
  running(): S;
  start(): Promise<void>;
  /** `stop` shuts it down; `kill` ends it at once, as a crash would. */
  stop(how?: 'stop' | 'kill'): Promise<void>;
}

export interface FaultStack {
  url: string;
  api: Record<DevRole, ApiClient>;
  tableName: string;
  bucketName: string;
  dynamodb: Restartable<DynamoDbLocalServer>;
  s3: Restartable<S3rverServer>;
  /** Every answer the dev server gave, with its status and duration. */
  accessLog: AccessLogEntry[];
  /** A consistent full scan of the table, in key order (the emulator must be up). */
  tableItems(): Promise<Item[]>;
  /** Every object key in the bucket (s3rver must be up). */
  objectKeys(): Promise<string[]>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('port')),
      );
    });
  });
}

function restartable<S extends EmulatorServer & { kill(): Promise<void> }>(
  port: number,
  launch: () => Promise<S>,
): Restartable<S> {
  let server: S | undefined;
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    running() {
      if (!server) throw new Error(`the emulator on port ${port} is not running`);
      return server;
    },
    async start() {
      // A start may follow a stop closely, while the old process still holds the port.
      for (let attempt = 1; ; attempt++) {
        try {
          server = await launch();
          return;
        } catch (error) {
          if (attempt >= 3) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    },
    async stop(how = 'stop') {
      const stopping = server;
      server = undefined;
      if (stopping) await (how === 'kill' ? stopping.kill() : stopping.stop());
    },
  };
}

/**
 * A stack of this test file's own, which it may break: DynamoDB Local keeping its database
 * in a temporary directory and s3rver keeping its objects in another, each on a fixed
 * loopback port, so that either can be stopped and started again with its data intact;
 * the dev server in front of the real handler modules, which reach both through the SDK's
 * standard endpoint variables (as in Lambda).
 */
export async function startFaultStack(): Promise<FaultStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bidwright-faults-'));
  const dynamodbPath = join(dataDir, 'dynamodb');
  const s3Path = join(dataDir, 's3');
  await Promise.all([mkdir(dynamodbPath), mkdir(s3Path)]);
  const dynamodbPort = await freePort();
  let s3Port = await freePort();
  while (s3Port === dynamodbPort) s3Port = await freePort();
  const dynamodb = restartable(dynamodbPort, () =>
    startDynamoDbLocal({ port: dynamodbPort, path: dynamodbPath }),
  );
  const s3 = restartable(s3Port, () => startS3rver({ port: s3Port, directory: s3Path }));
  const tableName = 'bidwright-faults';
  const bucketName = 'bidwright-faults';
  await Promise.all([dynamodb.start(), s3.start()]);
  await Promise.all([
    ensureTable(dynamodb.endpoint, tableName),
    ensureBucket(s3.endpoint, bucketName),
  ]);
  Object.assign(process.env, emulatorEnv(dynamodb.endpoint, s3.endpoint, tableName, bucketName));

  const keys = await generateDevKeys();
  const accessLog: AccessLogEntry[] = [];
  const server = await startDevServer({
    authorizer: createJwtAuthorizer(devAuthorizerConfig(keys)),
    port: 0,
    log: (entry) => accessLog.push(entry),
  });
  const tokens = await issueDevTokens(keys, '1h');
  const anonymous = new ApiClient(server.url);

  const documents = DynamoDBDocumentClient.from(dynamoDbAdminClient(dynamodb.endpoint));
  const objects = s3AdminClient(s3.endpoint);
  return {
    url: server.url,
    api: {
      writer: anonymous.as(tokens.writer),
      reviewer: anonymous.as(tokens.reviewer),
      admin: anonymous.as(tokens.admin),
    },
    tableName,
    bucketName,
    dynamodb,
    s3,
    accessLog,
    tableItems: () => tableItems(documents, tableName),
    objectKeys: () => objectKeys(objects, bucketName),
    async close() {
      await server.close();
      documents.destroy();
      objects.destroy();
      await Promise.all([dynamodb.stop(), s3.stop()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
