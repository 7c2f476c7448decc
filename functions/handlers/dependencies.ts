import { createS3Client } from '../clients/s3.js';
import { type Config, readConfig, type TableConfig } from '../config.js';
import { DynamoDbBidStore } from '../stores/dynamodb/bid-store.js';
import { DynamoDbProgrammeStore } from '../stores/dynamodb/programme-store.js';
import { DynamoDbSnapshotStore } from '../stores/dynamodb/snapshot-store.js';
import { DynamoDbTemplateStore } from '../stores/dynamodb/template-store.js';
import type { PdfStore } from '../stores/pdf-store.js';
import { S3PdfStore } from '../stores/s3/pdf-store.js';
import { createPdfLinks, type PdfLinkDependencies } from './pdf-link-dependencies.js';
import {
  type StoreClasses,
  type TableDependencies,
  type TableStores,
  tableDependencies,
} from './table-dependencies.js';

/** Every store of the table. */
const TABLE_STORES: StoreClasses<TableStores> = {
  programmes: DynamoDbProgrammeStore,
  snapshots: DynamoDbSnapshotStore,
  templates: DynamoDbTemplateStore,
  bids: DynamoDbBidStore,
};

/** Every store of the table on one DocumentClient, with the clock and the ids. */
export function createTableDependencies(config: TableConfig): TableDependencies {
  return tableDependencies(config, TABLE_STORES);
}

/** What create-bid needs: the table's stores and the PDF store. The renderer is its own. */
export interface PdfDependencies extends TableDependencies {
  pdfs: PdfStore;
}

/** Everything a use case may need, as interfaces: what tests and the benches build. */
export interface Dependencies extends PdfDependencies, PdfLinkDependencies {}

function pdfStore(config: Config): PdfStore {
  return new S3PdfStore(createS3Client(config.region), config.bucketName);
}

/**
 * The composition root for tests and benches: the table's stores, one S3Client and the
 * download links, against an emulator's table and bucket.
 */
export function createDependencies(config: Config): Dependencies {
  return {
    ...createTableDependencies(config),
    pdfs: pdfStore(config),
    pdfLinks: createPdfLinks(config),
  };
}

let production: PdfDependencies | undefined;

/**
 * create-bid's: every store of the table and the PDF store, built at the first invocation
 * of a cold container (see `productionTableDependencies`).
 */
export function productionDependencies(): PdfDependencies {
  if (!production) {
    const config = readConfig();
    production = { ...createTableDependencies(config), pdfs: pdfStore(config) };
  }
  return production;
}
