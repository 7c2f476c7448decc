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

  /** The DynamoDB stores each function's use case touches, and so the only ones it bundles. */
  const STORES: Record<string, string[]> = {
    'get-health': [],
    'put-programme': ['programme'],
    'list-programmes': ['programme'],
    'get-programme': ['programme'],
    'create-snapshot': ['programme', 'snapshot'],
    'list-snapshots': ['programme', 'snapshot'],
    'get-snapshot': ['programme', 'snapshot'],
    'diff-snapshots': ['programme', 'snapshot'],
    'put-template': ['template'],
    'list-templates': ['template'],
    'get-template': ['template'],
    'create-bid': ['bid', 'programme', 'snapshot', 'template'],
    'list-bids': ['bid', 'programme'],
    'get-bid': ['bid'],
    'get-bid-pdf': ['bid'],
    'create-review': ['bid'],
    'take-snapshots': ['programme', 'snapshot'],
  };

  it.each(Object.entries(STORES))(
    '%s bundles only the stores of its use case',
    async (handler, stores) => {
      const inputs = await bundledPackages(handler);
      const bundled = inputs
        .map((path) => /^functions\/stores\/dynamodb\/(\w+)-store\.ts$/.exec(path)?.[1])
        .filter((store) => store !== undefined);
      expect(bundled.sort()).toEqual(stores);
    },
  );

  it.each(tableOnly)('%s does not bundle the S3 client or the renderer', async (handler) => {
    const inputs = await bundledPackages(handler);
    expect(inputs.filter((path) => path.includes('@aws-sdk/client-s3'))).toEqual([]);
    expect(inputs.filter((path) => path.includes('node_modules/pdfkit'))).toEqual([]);
  });
});
