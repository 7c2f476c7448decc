import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3PdfLinks } from '../../../functions/stores/s3/pdf-links.js';
import { LOCAL_CREDENTIALS } from '../../../local/emulators.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
const bytes = randomBytes(4096);
const KEY = 'bids/linked/b.pdf';

beforeAll(async () => {
  stack = await createTestStack();
  await stack.deps.pdfs.put(KEY, bytes);
});

/** Links to the test bucket on s3rver, signed as of `now`. */
function links(options: { now?: Date } = {}): S3PdfLinks {
  return new S3PdfLinks({
    bucketName: stack.bucketName,
    region: LOCAL_CREDENTIALS.region,
    endpoint: process.env.AWS_ENDPOINT_URL_S3,
    credentials: {
      accessKeyId: LOCAL_CREDENTIALS.accessKeyId,
      secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey,
    },
    ...(options.now ? { clock: { now: () => options.now as Date } } : {}),
  });
}

/**
 * s3rver checks a link's expiry but not its V4 signature; that the signature is the one S3
 * expects is shown by the comparison with the S3 client's presigner
 * (test/unit/stores/pdf-links.test.ts).
 */
describe('Class: S3PdfLinks against s3rver', () => {
  it('gives a link that serves the PDF as an attachment, and lives at most five minutes', async () => {
    // Act
    const url = new URL(
      await stack.deps.pdfLinks.presignGet(KEY, {
        expiresInSeconds: 3600,
        fileName: 'bid nihr/icat.pdf',
      }),
    );
    const response = await fetch(url);

    // Assess
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="bid_nihr_icat.pdf"',
    );
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('gives links the server refuses once they have expired', async () => {
    // Prepare: signed six minutes ago, for five.
    const url = await links({ now: new Date(Date.now() - 6 * 60_000) }).presignGet(KEY, {
      expiresInSeconds: 300,
      fileName: 'b.pdf',
    });

    // Act
    const response = await fetch(url);

    // Assess
    expect(response.status).toBe(403);
  });
});
