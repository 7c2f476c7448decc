import { createS3Client } from '../clients/s3.js';
import { type Config, readConfig } from '../config.js';
import type { PdfStore } from '../stores/pdf-store.js';
import { S3PdfStore } from '../stores/s3/pdf-store.js';
import { createPdfLinks, type PdfLinkDependencies } from './pdf-link-dependencies.js';
import {
  createTableDependencies,
  productionTableDependencies,
  type TableDependencies,
} from './table-dependencies.js';

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

/** As `productionTableDependencies`, with the PDF store: built once per cold container. */
export function productionDependencies(): PdfDependencies {
  production ??= { ...productionTableDependencies(), pdfs: pdfStore(readConfig()) };
  return production;
}
