import { createDocumentClient } from '../clients/dynamodb.js';
import { type Clock, systemClock } from '../clock.js';
import { readTableConfig, type TableConfig } from '../config.js';
import { type IdGenerator, randomIds } from '../ids/ids.js';
import type { BidStore } from '../stores/bid-store.js';
import { DynamoDbBidStore } from '../stores/dynamodb/bid-store.js';
import { DynamoDbProgrammeStore } from '../stores/dynamodb/programme-store.js';
import { DynamoDbSnapshotStore } from '../stores/dynamodb/snapshot-store.js';
import { DynamoDbTemplateStore } from '../stores/dynamodb/template-store.js';
import type { ProgrammeStore } from '../stores/programme-store.js';
import type { SnapshotStore } from '../stores/snapshot-store.js';
import type { TemplateStore } from '../stores/template-store.js';

/**
 * What a use case that touches only the table needs. Kept apart from the PDF store so that
 * the functions that never see S3 do not bundle or load the S3 client.
 */
export interface TableDependencies {
  programmes: ProgrammeStore;
  snapshots: SnapshotStore;
  templates: TemplateStore;
  bids: BidStore;
  clock: Clock;
  ids: IdGenerator;
}

/** One DocumentClient serves every store. */
export function createTableDependencies(config: TableConfig): TableDependencies {
  const documents = createDocumentClient(config.region);
  return {
    programmes: new DynamoDbProgrammeStore(documents, config.tableName),
    snapshots: new DynamoDbSnapshotStore(documents, config.tableName),
    templates: new DynamoDbTemplateStore(documents, config.tableName),
    bids: new DynamoDbBidStore(documents, config.tableName),
    clock: systemClock,
    ids: randomIds,
  };
}

let production: TableDependencies | undefined;

/**
 * Built at the first invocation of a cold container and kept for its warm invocations.
 * Not at import: tests import handler modules to inject their own dependencies, and must
 * not need TABLE_NAME to do so. A missing variable is a ConfigError naming it; BUCKET_NAME
 * is not read here, only by the functions that add the PDF store.
 */
export function productionTableDependencies(): TableDependencies {
  production ??= createTableDependencies(readTableConfig());
  return production;
}
