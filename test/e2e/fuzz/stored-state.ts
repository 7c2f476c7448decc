import {
  type AttributeValue,
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/**
 * Everything stored, exactly: every item of a full, consistent table scan as DynamoDB
 * returns it (attribute values with their types, not unmarshalled numbers), keys sorted
 * and items in key order, and every object in the bucket with its ETag (the MD5 of its
 * bytes), size and modification time. Two states are equal when their canonical texts are.
 */
export interface StoredState {
  items: Record<string, AttributeValue>[];
  objects: { key: string; etag: string; size: number; modified: string }[];
  /** Canonical JSON of both: the text compared byte for byte. */
  text: string;
}

type Canonical = null | boolean | number | string | Canonical[] | { [key: string]: Canonical };

/** Attribute values in a fixed form: map keys sorted, sets sorted, binary as base64. */
function canonical(value: unknown): Canonical {
  if (value instanceof Uint8Array) return { $binary: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Canonical } = {};
    for (const key of Object.keys(value).sort()) {
      const inner = (value as Record<string, unknown>)[key];
      if (inner === undefined) continue;
      out[key] =
        (key === 'SS' || key === 'NS') && Array.isArray(inner)
          ? [...(inner as string[])].sort()
          : key === 'BS' && Array.isArray(inner)
            ? (inner as Uint8Array[]).map((b) => Buffer.from(b).toString('base64')).sort()
            : canonical(inner);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return null;
}

const keyOf = (item: Record<string, AttributeValue>) => `${item.PK?.S}\u0000${item.SK?.S}`;

export async function readStoredState(
  dynamodb: DynamoDBClient,
  s3: S3Client,
  tableName: string,
  bucketName: string,
): Promise<StoredState> {
  const [items, objects] = await Promise.all([
    scanAll(dynamodb, tableName),
    listAll(s3, bucketName),
  ]);
  items.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  return {
    items,
    objects,
    text: JSON.stringify({ items: items.map(canonical), objects }),
  };
}

async function scanAll(
  dynamodb: DynamoDBClient,
  tableName: string,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function listAll(s3: S3Client, bucketName: string): Promise<StoredState['objects']> {
  const objects: StoredState['objects'] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucketName, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      objects.push({
        key: object.Key ?? '',
        etag: object.ETag ?? '',
        size: object.Size ?? -1,
        modified: object.LastModified?.toISOString() ?? '',
      });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** What differs between two states, in a few lines: for a failure report. */
export function describeChange(before: StoredState, after: StoredState): string[] {
  const lines: string[] = [];
  const itemsBefore = new Map(before.items.map((i) => [keyOf(i), JSON.stringify(canonical(i))]));
  const itemsAfter = new Map(after.items.map((i) => [keyOf(i), JSON.stringify(canonical(i))]));
  for (const [key, text] of itemsAfter) {
    const was = itemsBefore.get(key);
    if (was === undefined) lines.push(`item added: ${key.replace('\u0000', ' ')}`);
    else if (was !== text) lines.push(`item changed: ${key.replace('\u0000', ' ')}`);
  }
  for (const key of itemsBefore.keys()) {
    if (!itemsAfter.has(key)) lines.push(`item removed: ${key.replace('\u0000', ' ')}`);
  }
  const objectsBefore = new Map(before.objects.map((o) => [o.key, JSON.stringify(o)]));
  const objectsAfter = new Map(after.objects.map((o) => [o.key, JSON.stringify(o)]));
  for (const [key, text] of objectsAfter) {
    const was = objectsBefore.get(key);
    if (was === undefined) lines.push(`object added: ${key}`);
    else if (was !== text) lines.push(`object changed: ${key}`);
  }
  for (const key of objectsBefore.keys()) {
    if (!objectsAfter.has(key)) lines.push(`object removed: ${key}`);
  }
  return lines;
}

/** The seeded data, kept so that it can be put back after requests that changed it. */
export interface Baseline {
  state: StoredState;
  bytes: Map<string, Uint8Array>;
}

export async function captureBaseline(
  dynamodb: DynamoDBClient,
  s3: S3Client,
  tableName: string,
  bucketName: string,
): Promise<Baseline> {
  const state = await readStoredState(dynamodb, s3, tableName, bucketName);
  const bytes = new Map<string, Uint8Array>();
  for (const object of state.objects) {
    const reply = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: object.key }));
    bytes.set(object.key, (await reply.Body?.transformToByteArray()) ?? new Uint8Array());
  }
  return { state, bytes };
}

/**
 * Puts the table and bucket back as they were at the baseline: items and objects that
 * were added are deleted, changed ones written back. Modification times of rewritten
 * objects differ, so callers read the state again afterwards.
 */
export async function restoreBaseline(
  dynamodb: DynamoDBClient,
  s3: S3Client,
  tableName: string,
  bucketName: string,
  baseline: Baseline,
  current: StoredState,
): Promise<void> {
  const wanted = new Map(baseline.state.items.map((i) => [keyOf(i), i]));
  const wantedText = new Map(
    baseline.state.items.map((i) => [keyOf(i), JSON.stringify(canonical(i))]),
  );
  const present = new Map(current.items.map((i) => [keyOf(i), JSON.stringify(canonical(i))]));
  const writes: WriteRequest[] = [];
  for (const item of current.items) {
    if (!wanted.has(keyOf(item))) {
      writes.push({
        DeleteRequest: { Key: { PK: item.PK as AttributeValue, SK: item.SK as AttributeValue } },
      });
    }
  }
  for (const [key, item] of wanted) {
    if (present.get(key) !== wantedText.get(key)) writes.push({ PutRequest: { Item: item } });
  }
  for (let at = 0; at < writes.length; at += 25) {
    let batch: Record<string, WriteRequest[]> | undefined = {
      [tableName]: writes.slice(at, at + 25),
    };
    while (batch && Object.keys(batch).length > 0) {
      const reply: BatchWriteItemCommandOutput = await dynamodb.send(
        new BatchWriteItemCommand({ RequestItems: batch }),
      );
      batch = reply.UnprocessedItems;
    }
  }
  const wantedObjects = new Map(baseline.state.objects.map((o) => [o.key, o]));
  const extra = current.objects.filter((o) => !wantedObjects.has(o.key)).map((o) => o.key);
  for (const key of extra) {
    await s3.send(new DeleteObjectCommand({ Bucket: bucketName, Key: key }));
  }
  const currentObjects = new Map(current.objects.map((o) => [o.key, o]));
  for (const [key, object] of wantedObjects) {
    const now = currentObjects.get(key);
    if (now && now.etag === object.etag && now.size === object.size) continue;
    await s3.send(
      new PutObjectCommand({ Bucket: bucketName, Key: key, Body: baseline.bytes.get(key) }),
    );
  }
}
