import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PRESIGN_SECONDS, S3PdfLinks } from '../../../functions/stores/s3/pdf-links.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' };
const sessionCredentials = { ...credentials, sessionToken: 'example-session-token' };
const signingDate = new Date('2026-11-25T10:11:12Z');
const BUCKET = 'bidwright-prod-pdfs-123456789012-eu-west-2';

/** One region of every partition the SDK knows, and one it does not. */
const REGIONS = [
  'eu-west-2',
  'us-east-1',
  'ap-southeast-5',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-west-1',
  'eusc-de-east-1',
  'us-iso-east-1',
  'us-isob-east-1',
  'eu-isoe-west-1',
  'us-isof-south-1',
  'mars-north-1',
];

interface Case {
  region: string;
  key: string;
  fileName: string;
  expiresIn: number;
  endpoint?: string;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  sessionToken?: boolean;
}

/** What the S3 client's presigner gives, or its error's message. */
async function sdkLink(c: Case): Promise<string> {
  const client = new S3Client({
    region: c.region,
    credentials: c.sessionToken ? sessionCredentials : credentials,
    useFipsEndpoint: c.useFipsEndpoint ?? false,
    useDualstackEndpoint: c.useDualstackEndpoint ?? false,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(c.endpoint ? { endpoint: c.endpoint, forcePathStyle: true } : {}),
  });
  try {
    return await getSignedUrl(
      client,
      new GetObjectCommand({
        Bucket: BUCKET,
        Key: c.key,
        ResponseContentType: 'application/pdf',
        ResponseContentDisposition: `attachment; filename="${c.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      }),
      { expiresIn: c.expiresIn, signingDate },
    );
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  } finally {
    client.destroy();
  }
}

/** What Bidwright's links give, or its error's message. */
async function ourLink(c: Case): Promise<string> {
  const links = new S3PdfLinks({
    bucketName: BUCKET,
    region: c.region,
    endpoint: c.endpoint,
    credentials: c.sessionToken ? sessionCredentials : credentials,
    useFipsEndpoint: c.useFipsEndpoint ?? false,
    useDualstackEndpoint: c.useDualstackEndpoint ?? false,
    clock: { now: () => signingDate },
  });
  try {
    return await links.presignGet(c.key, { expiresInSeconds: c.expiresIn, fileName: c.fileName });
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

/** Equal links, or both refused (the messages differ). */
async function expectSameAsSdk(c: Case): Promise<void> {
  const [theirs, ours] = await Promise.all([sdkLink(c), ourLink(c)]);
  if (theirs.startsWith('refused: ')) expect(ours, JSON.stringify(c)).toMatch(/^refused: /);
  else expect(ours, JSON.stringify(c)).toBe(theirs);
}

describe('Class: S3PdfLinks', () => {
  const key = 'bids/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/5f2b….pdf'.replace('…', 'a'.repeat(60));

  it.each(REGIONS)(
    'gives the S3 client’s own link in %s, with and without FIPS and dual-stack',
    async (region) => {
      for (const useFipsEndpoint of [false, true]) {
        for (const useDualstackEndpoint of [false, true]) {
          await expectSameAsSdk({
            region,
            key,
            fileName: 'bid-nihr-icat-2026-11-25.pdf',
            expiresIn: 300,
            useFipsEndpoint,
            useDualstackEndpoint,
            sessionToken: true,
          });
        }
      }
    },
  );

  it('gives the S3 client’s own path-style link under a local endpoint, and refuses FIPS there as it does', async () => {
    for (const endpoint of ['http://127.0.0.1:4569', 'http://localhost:9000/s3/']) {
      for (const useFipsEndpoint of [false, true]) {
        await expectSameAsSdk({
          region: 'eu-west-2',
          key,
          fileName: 'b.pdf',
          expiresIn: 60,
          endpoint,
          useFipsEndpoint,
        });
      }
    }
  });

  it('matches the S3 client for any key, file name and lifetime', async () => {
    const segment = fc.string({ unit: 'grapheme', maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/')),
        fc.string({ maxLength: 40 }),
        fc.integer({ min: 1, max: MAX_PRESIGN_SECONDS }),
        fc.constantFrom('eu-west-2', 'cn-north-1', 'us-gov-east-1'),
        fc.option(fc.constant('http://127.0.0.1:4569'), { nil: undefined }),
        fc.boolean(),
        async (key, fileName, expiresIn, region, endpoint, sessionToken) => {
          await expectSameAsSdk({
            region,
            key,
            fileName,
            expiresIn,
            sessionToken,
            ...(endpoint ? { endpoint } : {}),
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps a link’s lifetime between 1 second and 5 minutes', async () => {
    const links = new S3PdfLinks({
      bucketName: BUCKET,
      region: 'eu-west-2',
      credentials,
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
    });
    const lifetime = async (seconds: number) =>
      new URL(
        await links.presignGet(key, { expiresInSeconds: seconds, fileName: 'b.pdf' }),
      ).searchParams.get('X-Amz-Expires');

    expect(await lifetime(3600)).toBe(String(MAX_PRESIGN_SECONDS));
    expect(await lifetime(0)).toBe('1');
    expect(await lifetime(59.9)).toBe('59');
  });

  it('refuses a bucket name that is not one Bidwright creates', () => {
    expect(
      () => new S3PdfLinks({ bucketName: 'Bad.Bucket', region: 'eu-west-2', credentials }),
    ).toThrow('"Bad.Bucket" is not a bucket name Bidwright creates');
  });
});
