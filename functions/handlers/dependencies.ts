import { createDocumentClient } from '../clients/dynamodb.js';
import { createS3Client } from '../clients/s3.js';
import { type Clock, systemClock } from '../clock.js';
import { type Config, readConfig } from '../config.js';
import { type IdGenerator, randomIds } from '../ids/ids.js';
import type { BidStore } from '../stores/bid-store.js';
import { DynamoDbBidStore } from '../stores/dynamodb/bid-store.js';
import { DynamoDbProgrammeStore } from '../stores/dynamodb/programme-store.js';
import { DynamoDbSnapshotStore } from '../stores/dynamodb/snapshot-store.js';
import { DynamoDbTemplateStore } from '../stores/dynamodb/template-store.js';
import type { PdfStore } from '../stores/pdf-store.js';
import type { ProgrammeStore } from '../stores/programme-store.js';
import { S3PdfStore } from '../stores/s3/pdf-store.js';
import type { SnapshotStore } from '../stores/snapshot-store.js';
import type { TemplateStore } from '../stores/template-store.js';

/** Everything a use case may need, as interfaces. The renderer is added by create-bid alone. */
export interface Dependencies {
  programmes: ProgrammeStore;
  snapshots: SnapshotStore;
  templates: TemplateStore;
  bids: BidStore;
  pdfs: PdfStore;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * The composition root: the only place that builds real clients and adapters. One
 * DocumentClient and one S3Client serve every store. Tests call it with an emulator's
 * table and bucket; Lambda calls it through `productionDependencies`.
 */
export function createDependencies(config: Config): Dependencies {
  const documents = createDocumentClient(config.region);
  const s3 = createS3Client(config.region);
  return {
    programmes: new DynamoDbProgrammeStore(documents, config.tableName),
    snapshots: new DynamoDbSnapshotStore(documents, config.tableName),
    templates: new DynamoDbTemplateStore(documents, config.tableName),
    bids: new DynamoDbBidStore(documents, config.tableName),
    pdfs: new S3PdfStore(s3, config.bucketName),
    clock: systemClock,
    ids: randomIds,
  };
}

let production: Dependencies | undefined;

/**
 * Built at the first invocation of a cold container and kept for its warm invocations.
 * Not at import: tests import handler modules to inject their own dependencies, and must
 * not need TABLE_NAME to do so. A missing variable is a ConfigError naming it.
 */
export function productionDependencies(): Dependencies {
  production ??= createDependencies(readConfig());
  return production;
}
