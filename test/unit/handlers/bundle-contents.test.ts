import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../functions/http/routes.js';

/** The only function that calls S3 (get-bid-pdf signs links without a client). */
const USES_S3 = new Set(['create-bid']);

/** A handler bundled as esbuild does by default: unminified, so modules keep their names. */
async function bundleOf(handler: string) {
  const entry = fileURLToPath(
    new URL(`../../../functions/handlers/${handler}.ts`, import.meta.url),
  );
  return build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}

async function bundledPackages(handler: string): Promise<string[]> {
  return Object.keys((await bundleOf(handler)).metafile.inputs);
}

/** The bundle's code: esbuild names each module's lazy init after its file. */
async function bundledCode(handler: string): Promise<string> {
  return (await bundleOf(handler)).outputFiles[0]?.text ?? '';
}

describe('Handler bundles', () => {
  it('put-template evaluates the Markdown and chart readers only for a template that needs them', async () => {
    // Act
    const code = await bundledCode('put-template');
    // Assess: module inits that the bundle's top level runs as it loads.
    const atLoad = [...code.matchAll(/^init_(\w+)\(\);$/gm)].map((match) => match[1]);
    expect(atLoad).not.toContain('markdown_to_blocks');
    expect(atLoad).not.toContain('chart_block');
    expect(atLoad).not.toContain('marked_esm');
    expect(code).toContain('Promise.resolve().then(() => (init_markdown_to_blocks(),');
    expect(code).toContain('Promise.resolve().then(() => (init_chart_block(),');
  });

  const tableOnly = [
    ...new Set([...routes.map((route) => route.handler), 'take-snapshots']),
  ].filter((handler) => !USES_S3.has(handler));

  it.each(tableOnly)('%s does not bundle the S3 client or the renderer', async (handler) => {
    const inputs = await bundledPackages(handler);
    expect(inputs.filter((path) => path.includes('@aws-sdk/client-s3'))).toEqual([]);
    expect(inputs.filter((path) => path.includes('node_modules/pdfkit'))).toEqual([]);
  });
});
