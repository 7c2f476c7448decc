import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PdfStore } from '../pdf-store.js';

/** The longest a download link may live (DESIGN.md: presigned, ≤ 5 min). */
export const MAX_PRESIGN_SECONDS = 300;

/** PDFs as private objects; readers reach them only through short-lived presigned URLs. */
export class S3PdfStore implements PdfStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucketName: string,
  ) {}

  async put(key: string, bytes: Uint8Array): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucketName,
        Key: key,
        Body: bytes,
        ContentType: 'application/pdf',
        ContentLength: bytes.byteLength,
      }),
    );
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucketName, Key: key }),
      );
      return Body ? await Body.transformToByteArray() : null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucketName, Key: key }));
  }

  async presignGet(
    key: string,
    { expiresInSeconds, fileName }: { expiresInSeconds: number; fileName: string },
  ): Promise<string> {
    const expiresIn = Math.min(Math.max(1, Math.floor(expiresInSeconds)), MAX_PRESIGN_SECONDS);
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucketName,
        Key: key,
        ResponseContentType: 'application/pdf',
        ResponseContentDisposition: `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      }),
      { expiresIn },
    );
  }
}
