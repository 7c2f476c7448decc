import { partition } from '@aws-sdk/core/client';
import { formatUrl } from '@aws-sdk/core/util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import {
  loadConfig,
  NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
} from '@smithy/core/config';
import { extendedEncodeURIComponent, HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { type Clock, systemClock } from '../../clock.js';
import type { PdfLinks } from '../pdf-links.js';
import { BUCKET_NAME } from '../table-definition.js';

/** The longest a presigned download link may live: five minutes. */
export const MAX_PRESIGN_SECONDS = 300;

type Credentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

export interface S3PdfLinksOptions {
  bucketName: string;
  region: string;
  /** A local S3-compatible server (`AWS_ENDPOINT_URL_S3`), addressed path-style. */
  endpoint?: string | undefined;
  /** The SDK's default chain when left out (in a Lambda bundle: the role's variables). */
  credentials?: Credentials;
  /** S3's FIPS and dual-stack endpoints; read as the SDK reads them when left out. */
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  /** The signing time. */
  clock?: Clock;
}

interface Origin {
  protocol: string;
  hostname: string;
  port?: number;
  /** Before the key: `/` for a virtual-hosted bucket, `/{bucket}/` path-style. */
  prefix: string;
}

/**
 * Presigned download links for the PDF bucket, made by the SDK's own SigV4 signer without an
 * S3 client: get-bid-pdf hands out links and never calls S3, so its bundle leaves the S3
 * client out (about 170 KB, and its cold start's first S3 command). Each link is the one the
 * S3 client's `getSignedUrl` gives for the same GetObject (test/unit/stores/pdf-links.test.ts
 * compares them): `https://{bucket}.s3[-fips][.dualstack].{region}.{partition's domain}/{key}`,
 * or `{endpoint}/{bucket}/{key}` under a local endpoint.
 */
export class S3PdfLinks implements PdfLinks {
  private readonly signer: SignatureV4;
  /** Where links point: worked out at the first link, the way the S3 client would. */
  private origin: Promise<Origin> | undefined;

  constructor(private readonly options: S3PdfLinksOptions) {
    if (!BUCKET_NAME.test(options.bucketName)) {
      throw new Error(`"${options.bucketName}" is not a bucket name Bidwright creates`);
    }
    this.signer = new SignatureV4({
      service: 's3',
      region: options.region,
      credentials: options.credentials ?? defaultProvider(),
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: false,
    });
  }

  async presignGet(
    key: string,
    { expiresInSeconds, fileName }: { expiresInSeconds: number; fileName: string },
  ): Promise<string> {
    const expiresIn = Math.min(Math.max(1, Math.floor(expiresInSeconds)), MAX_PRESIGN_SECONDS);
    this.origin ??= this.resolveOrigin();
    const { protocol, hostname, port, prefix } = await this.origin;
    const request = new HttpRequest({
      method: 'GET',
      protocol,
      hostname,
      ...(port === undefined ? {} : { port }),
      path: prefix + key.split('/').map(extendedEncodeURIComponent).join('/'),
      query: {
        'response-content-disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'response-content-type': 'application/pdf',
        'x-id': 'GetObject',
      },
      headers: {
        host: port === undefined ? hostname : `${hostname}:${port}`,
        'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
      },
    });
    const signed = await this.signer.presign(request, {
      expiresIn,
      unsignableHeaders: new Set(['content-type']),
      signingDate: (this.options.clock ?? systemClock).now(),
    });
    return formatUrl(signed);
  }

  private async resolveOrigin(): Promise<Origin> {
    const { bucketName, region, endpoint } = this.options;
    const [fips, dualstack] = await Promise.all([
      this.options.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS)(),
      this.options.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS)(),
    ]);
    if (endpoint) {
      if (fips || dualstack) {
        throw new Error('an S3 endpoint of its own cannot be combined with FIPS or dual-stack');
      }
      const url = new URL(endpoint);
      return {
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        prefix: `${url.pathname.replace(/\/+$/, '')}/${bucketName}/`,
      };
    }
    const { name, dnsSuffix, supportsFIPS, supportsDualStack } = partition(region);
    // S3 has no FIPS endpoints in China, though other services there do.
    if (fips && (!supportsFIPS || name === 'aws-cn')) {
      throw new Error(`S3 has no FIPS endpoints in ${region}`);
    }
    if (dualstack && !supportsDualStack) {
      throw new Error(`S3 has no dual-stack endpoints in ${region}`);
    }
    const service = `s3${fips ? '-fips' : ''}${dualstack ? '.dualstack' : ''}`;
    return {
      protocol: 'https:',
      hostname: `${bucketName}.${service}.${region}.${dnsSuffix}`,
      prefix: '/',
    };
  }
}
