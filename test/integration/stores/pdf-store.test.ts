import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../functions/clients/s3.js';
import type { PdfStore } from '../../../functions/stores/pdf-store.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let pdfs: PdfStore;

beforeAll(async () => {
  stack = await createTestStack();
  pdfs = stack.deps.pdfs;
});

/** Bytes that look like a PDF and hold every byte value, line endings included. */
function pdfLikeBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(Buffer.from('%PDF-1.7\r\n%\xe2\xe3\xcf\xd3\r\n', 'latin1'));
  bytes.set(randomBytes(size - 32), 32);
  return bytes;
}

describe('Class: S3PdfStore', () => {
  it('gives back exactly the bytes it was given', async () => {
    // Prepare
    const bytes = pdfLikeBytes(300 * 1024);

    // Act
    await pdfs.put('bids/round-trip/a.pdf', bytes);
    const back = await pdfs.get('bids/round-trip/a.pdf');

    // Assess
    expect(back?.byteLength).toBe(bytes.byteLength);
    expect(Buffer.from(back ?? []).equals(Buffer.from(bytes))).toBe(true);
  });

  it('returns null for a PDF that is not there', async () => {
    expect(await pdfs.get('bids/missing/none.pdf')).toBeNull();
  });

  it('deletes a PDF', async () => {
    // Prepare
    await pdfs.put('bids/deleted/c.pdf', pdfLikeBytes(64));

    // Act
    await pdfs.delete('bids/deleted/c.pdf');

    // Assess
    expect(await pdfs.get('bids/deleted/c.pdf')).toBeNull();
  });

  it('stores a streamed upload byte for byte through Bidwright’s S3 client (the s3rver checksum trap)', async () => {
    // Prepare: with the SDK's default checksums this upload goes aws-chunked, and s3rver
    // keeps the chunk framing inside the object.
    const s3 = createS3Client('us-east-1');
    const bytes = pdfLikeBytes(300 * 1024);
    const body = Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]);

    // Act
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.bucketName,
        Key: 'bids/streamed/d.pdf',
        Body: body,
        ContentLength: bytes.byteLength,
      }),
    );
    const { Body } = await s3.send(
      new GetObjectCommand({ Bucket: stack.bucketName, Key: 'bids/streamed/d.pdf' }),
    );

    // Assess
    const back = await Body?.transformToByteArray();
    expect(Buffer.from(back ?? []).equals(Buffer.from(bytes))).toBe(true);
  });
});
