import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../functions/http/routes.js';

/** The only function that calls S3 (get-bid-pdf signs links without a client). */
const USES_S3 = new Set(['create-bid']);

async function bundledPackages(handler: string): Promise<string[]> {
  const entry = fileURLToPath(
    new URL(`../../../functions/handlers/${handler}.ts`, import.meta.url),
  );
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('Handler bundles', () => {
  const tableOnly = [
    ...new Set([...routes.map((route) => route.handler), 'take-snapshots']),
  ].filter((handler) => !USES_S3.has(handler));

  it.each(tableOnly)('%s does not bundle the S3 client or the renderer', async (handler) => {
    const inputs = await bundledPackages(handler);
    expect(inputs.filter((path) => path.includes('@aws-sdk/client-s3'))).toEqual([]);
    expect(inputs.filter((path) => path.includes('node_modules/pdfkit'))).toEqual([]);
  });
});
