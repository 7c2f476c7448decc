import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_ALIASES, BUNDLE_BANNER } from '../infra/bidwright-function.js';

/**
 * Bundles a bench entry as the PDF-rendering function is bundled (the aliases and banner of
 * infra/bidwright-function.ts) and copies the typeface to `fonts/` beside it, as in that
 * function's asset, so plain `node` runs the engine as a Lambda does.
 */
export async function bundleLikeRenderFunction(
  entry: URL,
  outfile: string,
  { minify }: { minify: boolean },
): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify,
    alias: BUNDLE_ALIASES,
    banner: { js: BUNDLE_BANNER },
    logLevel: 'warning',
  });
  cpSync(
    fileURLToPath(new URL('../functions/render/fonts/', import.meta.url)),
    join(dirname(outfile), 'fonts'),
    { recursive: true },
  );
}
