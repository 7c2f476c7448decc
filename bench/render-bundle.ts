import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleApart } from '../infra/apart-bundle.js';
import { FUNCTION_NEEDS } from '../infra/api-stack.js';
import { apartImports, BUNDLE_BANNER, bundleAliases } from '../infra/bidwright-function.js';

/** What the PDF-rendering function bundles apart. */
const APART = FUNCTION_NEEDS['create-bid'].apart ?? [];

/**
 * A CommonJS bundle's stand-in for `import.meta.url` (the renderer finds its typeface
 * beside the module with it).
 */
const COMMONJS_BANNER =
  "const bidwrightModuleUrl = require('node:url').pathToFileURL(__filename).href;";

/**
 * Bundles a bench entry as the PDF-rendering function is bundled (the aliases and banner of
 * infra/bidwright-function.ts), with its bundles apart (fontkit's) and the typeface
 * (`fonts/`) beside it, as in that function's asset, so plain `node` runs the engine as a
 * Lambda does. `format: 'cjs'` makes the same code a CommonJS file, for a bench that starts
 * it as a fresh process.
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
    alias: bundleAliases(APART),
    external: apartImports(APART),
    banner: { js: format === 'esm' ? BUNDLE_BANNER : COMMONJS_BANNER },
    define: format === 'esm' ? {} : { 'import.meta.url': 'bidwrightModuleUrl' },
    logLevel: 'warning',
  });
  for (const name of APART) bundleApart(name, dirname(outfile));
  cpSync(
    fileURLToPath(new URL('../functions/render/fonts/', import.meta.url)),
    join(dirname(outfile), 'fonts'),
    { recursive: true },
  );
}
