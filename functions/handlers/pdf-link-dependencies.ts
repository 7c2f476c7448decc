import { type Config, readConfig } from '../config.js';
import { DynamoDbBidStore } from '../stores/dynamodb/bid-store.js';
import type { PdfLinks } from '../stores/pdf-links.js';
import { S3PdfLinks } from '../stores/s3/pdf-links.js';
import { tableDependencies, type WithStores } from './table-dependencies.js';

/**
 * What get-bid-pdf needs: the bid store and download links. Kept apart from the PDF store
 * so that the function bundles the SigV4 signer but not the S3 client.
 */
export interface PdfLinkDependencies extends WithStores<'bids'> {
  pdfLinks: PdfLinks;
}

/** Links to the configured bucket; a local S3 server (`AWS_ENDPOINT_URL_S3`) path-style. */
export function createPdfLinks(
  config: Config,
  env: Readonly<Record<string, string | undefined>> = process.env,
): PdfLinks {
  return new S3PdfLinks({
    bucketName: config.bucketName,
    region: config.region,
    endpoint: env.AWS_ENDPOINT_URL_S3,
  });
}

let production: PdfLinkDependencies | undefined;

/** As `productionTableDependencies`, with the links: built once per cold container. */
export function productionPdfLinkDependencies(): PdfLinkDependencies {
  if (!production) {
    const config = readConfig();
    production = {
      ...tableDependencies(config, { bids: DynamoDbBidStore }),
      pdfLinks: createPdfLinks(config),
    };
  }
  return production;
}
