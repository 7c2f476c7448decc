import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleApart } from '../infra/apart-bundle.js';
import {
  APART_FILES,
  type ApartBundle,
  BUNDLE_ALIASES,
  BUNDLE_BANNER,
} from '../infra/bidwright-function.js';

/**
 * A CommonJS bundle's stand-in for `import.meta.url` (the renderer finds its typeface
 * beside the module with it).
 */
const COMMONJS_BANNER =
  "const bidwrightModuleUrl = require('node:url').pathToFileURL(__filename).href;";

/**
 * Bundles a bench entry as the PDF-rendering function is bundled (the aliases and banner of
 * infra/bidwright-function.ts), with the bundles apart (fontkit's, marked's and yaml's) and
 * the typeface (`fonts/`) beside it, as in that function's asset, so plain `node` runs the
 * engine as a Lambda does. `format: 'cjs'` makes the same code a CommonJS file, for a bench
 * that starts it as a fresh process.
 */
export async function bundleLikeRenderFunction(
  entry: URL,
  outfile: string,
  { minify, format = 'esm' }: { minify: boolean; format?: 'esm' | 'cjs' },
): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    mainFields: ['module', 'main'],
    minify,
    alias: BUNDLE_ALIASES,
    external: Object.values(APART_FILES).map((file) => `./${file}`),
    banner: { js: format === 'esm' ? BUNDLE_BANNER : COMMONJS_BANNER },
    define: format === 'esm' ? {} : { 'import.meta.url': 'bidwrightModuleUrl' },
    logLevel: 'warning',
  });
  for (const name of Object.keys(APART_FILES) as ApartBundle[]) bundleApart(name, dirname(outfile));
  cpSync(
    fileURLToPath(new URL('../functions/render/fonts/', import.meta.url)),
    join(dirname(outfile), 'fonts'),
    { recursive: true },
  );
}
