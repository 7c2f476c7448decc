import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { loadTemplateFolder } from '../../../functions/narrative/load-template-folder.js';
import type { Programme } from '../../../functions/programmes/programme-schema.js';
import { ApiClient } from '../../../local/api-client.js';
import type { AccessLogEntry } from '../../../local/dev-server.js';
import { generateDevKeys } from '../../../local/dev-tokens.js';
import {
  dynamoDbAdminClient,
  ensureBucket,
  ensureTable,
  s3AdminClient,
} from '../../../local/emulators.js';
import { startWatchedDevServer } from '../support/e2e-stack.js';
import type { FuzzFixture } from './arbitraries/fixture.js';
import { closeRawConnections } from './raw-http.js';
import {
  type Baseline,
  captureBaseline,
  readStoredState,
  restoreBaseline,
  type StoredState,
} from './stored-state.js';
import { issueTokenPool, type TokenPool } from './tokens.js';

/**
 * The local stack for fuzzing: the dev server in front of the real handlers, on a table
 * and bucket of its own on the given emulators, seeded over HTTP with a small data set
 * (two programmes, one with two snapshots, the NIHR ICAT template and a copy, two rendered
 * bids). Between
 * requests it can read everything stored and put the seeded data back.
 */
export interface FuzzStack {
  url: string;
  fixture: FuzzFixture;
  tokens: TokenPool;
  /** Requests the dev server answered with a 5xx, with the error behind each. */
  serverErrors: AccessLogEntry[];
  read(): Promise<StoredState>;
  /** Puts the seeded data back if `current` differs from it; returns the state now stored. */
  reset(current: StoredState): Promise<StoredState>;
  close(): Promise<void>;
}

export interface FuzzStackOptions {
  dynamodbEndpoint: string;
  s3Endpoint: string;
}

const root = new URL('../../../', import.meta.url);

/**
 * Handlers read TABLE_NAME and BUCKET_NAME once per process, so one stack per process;
 * the SDK's endpoint variables must already point at the emulators.
 */
export async function startFuzzStack(options: FuzzStackOptions): Promise<FuzzStack> {
  const suffix = randomBytes(6).toString('hex');
  const tableName = `bidwright-fuzz-${suffix}`;
  const bucketName = `bidwright-fuzz-${suffix}`;
  await Promise.all([
    ensureTable(options.dynamodbEndpoint, tableName),
    ensureBucket(options.s3Endpoint, bucketName),
  ]);
  process.env.TABLE_NAME = tableName;
  process.env.BUCKET_NAME = bucketName;
  const keys = await generateDevKeys();
  const { server, serverErrors } = await startWatchedDevServer(keys);
  const tokens = await issueTokenPool(keys);
  const fixture = await seed(new ApiClient(server.url, tokens.writer));
  const dynamodb: DynamoDBClient = dynamoDbAdminClient(options.dynamodbEndpoint);
  const s3: S3Client = s3AdminClient(options.s3Endpoint);
  const baseline: Baseline = await captureBaseline(dynamodb, s3, tableName, bucketName);
  const read = () => readStoredState(dynamodb, s3, tableName, bucketName);
  return {
    url: server.url,
    fixture,
    tokens,
    serverErrors,
    read,
    async reset(current) {
      if (current.text === baseline.state.text) return current;
      await restoreBaseline(dynamodb, s3, tableName, bucketName, baseline, current);
      const restored = await read();
      baseline.state = restored;
      return restored;
    },
    async close() {
      closeRawConnections();
      await server.close();
      dynamodb.destroy();
      s3.destroy();
    },
  };
}

async function seed(writer: ApiClient): Promise<FuzzFixture> {
  const programme: Programme = {
    ...JSON.parse(await readFile(new URL('local/example-programme.json', root), 'utf8')),
    id: 'fuzz-programme',
  };
  const expectStatus = (what: string, status: number, expected: number) => {
    if (status !== expected)
      throw new Error(`seeding: ${what} answered ${status}, not ${expected}`);
  };
  const put = await writer.put(`/programmes/${programme.id}`, programme);
  expectStatus('PUT /programmes', put.status, 201);
  const first = await writer.post<{ id: string }>(`/programmes/${programme.id}/snapshots`);
  expectStatus('POST …/snapshots', first.status, 201);
  const changed = { ...programme, trainees: { ...programme.trainees, current: 117 } };
  expectStatus(
    'PUT /programmes',
    (await writer.put(`/programmes/${programme.id}`, changed)).status,
    200,
  );
  const second = await writer.post<{ id: string }>(`/programmes/${programme.id}/snapshots`);
  expectStatus('POST …/snapshots', second.status, 201);
  const template = await loadTemplateFolder(fileURLToPath(new URL('templates/nihr-icat', root)));
  expectStatus('PUT /templates', (await writer.put('/templates/nihr-icat', template)).status, 201);
  const bid = await writer.post<{ id: string }>('/bids', {
    programmeId: programme.id,
    templateId: 'nihr-icat',
  });
  expectStatus('POST /bids', bid.status, 201);
  // A second of each, so that every list has a second page and a cursor to reach it.
  const other = { ...programme, id: 'fuzz-other-programme' };
  expectStatus('PUT /programmes', (await writer.put(`/programmes/${other.id}`, other)).status, 201);
  const otherTemplate = {
    ...template,
    manifest: { ...template.manifest, id: 'fuzz-other-template' },
  };
  expectStatus(
    'PUT /templates',
    (await writer.put('/templates/fuzz-other-template', otherTemplate)).status,
    201,
  );
  const secondBid = await writer.post('/bids', {
    programmeId: programme.id,
    templateId: 'nihr-icat',
  });
  expectStatus('POST /bids', secondBid.status, 201);
  return {
    programmeId: programme.id,
    snapshotIds: [first.body.id, second.body.id],
    templateId: 'nihr-icat',
    bidId: bid.body.id,
    programme: changed,
    template,
  };
}
