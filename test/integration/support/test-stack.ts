import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDocumentClient } from '../../../functions/clients/dynamodb.js';
import { createS3Client } from '../../../functions/clients/s3.js';
import { createDependencies, type Dependencies } from '../../../functions/handlers/dependencies.js';
import { ensureBucket, ensureTable, LOCAL_CREDENTIALS } from '../../../local/emulators.js';
import { objectKeys, tableItems } from './stored-data.js';

export interface TestStack {
  tableName: string;
  bucketName: string;
  deps: Dependencies;
  /** Every item in the table, in key order: to show that a refused request wrote nothing. */
  tableItems(): Promise<Record<string, unknown>[]>;
  /** Every object key in the bucket. */
  objectKeys(): Promise<string[]>;
}

/**
 * A fresh table and bucket on the shared emulators, so test files (or tests) never see
 * each other's data and can run in parallel against one DynamoDB Local and one s3rver.
 */
export async function createTestStack(): Promise<TestStack> {
  const suffix = randomBytes(6).toString('hex');
  const tableName = `bidwright-test-${suffix}`;
  const bucketName = `bidwright-test-${suffix}`;
  await Promise.all([
    ensureTable(inject('dynamodbEndpoint'), tableName),
    ensureBucket(inject('s3Endpoint'), bucketName),
  ]);
  const deps = createDependencies({ tableName, bucketName, region: LOCAL_CREDENTIALS.region });
  const documents = createDocumentClient(LOCAL_CREDENTIALS.region);
  const s3 = createS3Client(LOCAL_CREDENTIALS.region);
  return {
    tableName,
    bucketName,
    deps,
    tableItems: () => tableItems(documents, tableName),
    objectKeys: () => objectKeys(s3, bucketName),
  };
}
