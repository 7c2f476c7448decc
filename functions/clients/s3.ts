import { S3Client } from '@aws-sdk/client-s3';
import { MAX_ATTEMPTS, requestHandler } from './client-options.js';
import { reportUnavailable } from './unavailable.js';

/**
 * The S3 client the PDF store uses. Checksums only when an operation requires one: the
 * SDK's default flexible checksums send uploads aws-chunked, which s3rver stores with the
 * chunk framing inside the object; real S3 is unaffected.
 * A local endpoint (`AWS_ENDPOINT_URL_S3`, read by the SDK) is addressed path-style, since
 * `bucket.localhost` does not resolve. A bucket that cannot be reached is a
 * ServiceUnavailableError (503).
 */
export function createS3Client(
  region: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): S3Client {
  const client = new S3Client({
    region,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3),
  });
  return reportUnavailable(client, 'pdf-store', 'the PDF store (S3)');
}
