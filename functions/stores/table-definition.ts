import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one DynamoDB table, as plain data: the emulator harness builds its CreateTable input
 * here and the CDK stack its Table (infra/stateful-stack.ts), so the key schema, the key
 * types, the billing mode and the index projection exist once.
 *
 * Base table: PK / SK, one table for every kind of item.
 * GSI1: lists by a shared partition, sorted by GSI1SK:
 *   - bids of a programme, newest first: GSI1PK `PROG#<id>`, GSI1SK `BID#<createdAt>#<bidId>`;
 *   - every programme:                   GSI1PK `PROGRAMMES`,  GSI1SK `PROG#<id>`;
 *   - every template:                    GSI1PK `TEMPLATES`,   GSI1SK `TPL#<id>`.
 * Every item names its kind in `entity` (programme, snapshot, bid, bid-event, …).
 * TTL on `expiresAt` (epoch seconds) removes idempotency records after a day.
 */
export const tableDefinition = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  billingMode: 'PAY_PER_REQUEST',
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    {
      indexName: 'GSI1',
      partitionKey: { name: 'GSI1PK', type: 'S' },
      sortKey: { name: 'GSI1SK', type: 'S' },
      projection: 'ALL',
    },
  ],
} as const;

export const GSI1 = tableDefinition.globalSecondaryIndexes[0];

export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, globalSecondaryIndexes } = tableDefinition;
  const attributes = new Map<string, 'S'>();
  for (const key of [
    partitionKey,
    sortKey,
    ...globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]) {
    attributes.set(key.name, key.type);
  }
  return {
    TableName: tableName,
    BillingMode: tableDefinition.billingMode,
    KeySchema: [
      { AttributeName: partitionKey.name, KeyType: 'HASH' },
      { AttributeName: sortKey.name, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projection },
    })),
  };
}

/** Where a bid's PDF lives in the bucket: one object per bid and content hash. */
export function pdfObjectKey(bidId: string, sha256: string): string {
  return `bids/${bidId}/${sha256}.pdf`;
}

export const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * The PDF bucket's name for a deployment: `bidwright-<stage>-pdfs`, with the account and
 * region appended in AWS (bucket names are global), checked against S3's naming rules.
 */
export function pdfBucketName(stage: string, account?: string, region?: string): string {
  const name = ['bidwright', stage, 'pdfs', account, region]
    .filter(Boolean)
    .join('-')
    .toLowerCase();
  if (!BUCKET_NAME.test(name)) {
    throw new Error(`"${name}" is not a valid S3 bucket name`);
  }
  return name;
}
