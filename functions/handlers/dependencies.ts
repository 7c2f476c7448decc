import { createS3Client } from '../clients/s3.js';
import { type Config, readConfig } from '../config.js';
import type { PdfStore } from '../stores/pdf-store.js';
import { S3PdfStore } from '../stores/s3/pdf-store.js';
import {
  createTableDependencies,
  productionTableDependencies,
  type TableDependencies,
} from './table-dependencies.js';

/** Everything a use case may need, as interfaces. The renderer is added by create-bid alone. */
export interface Dependencies extends TableDependencies {
  pdfs: PdfStore;
}

function pdfStore(config: Config): PdfStore {
  return new S3PdfStore(createS3Client(config.region), config.bucketName);
}

/**
 * The composition root for the functions that read or write PDFs: the table's stores plus
 * one S3Client. Tests call it with an emulator's table and bucket; Lambda calls it through
 * `productionDependencies`.
 */
export function createDependencies(config: Config): Dependencies {
  return { ...createTableDependencies(config), pdfs: pdfStore(config) };
}

let production: Dependencies | undefined;

/** As `productionTableDependencies`, with the PDF store: built once per cold container. */
export function productionDependencies(): Dependencies {
  production ??= { ...productionTableDependencies(), pdfs: pdfStore(readConfig()) };
  return production;
}
