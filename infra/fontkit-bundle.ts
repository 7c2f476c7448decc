/**
 * fontkit bundled on its own, as `fontkit.cjs` beside the PDF-rendering function's
 * `index.mjs`: the function's own bundle takes `fontkit` from
 * functions/render/fontkit-on-demand.cjs, which requires this file only when a text needs
 * fontkit's OpenType engine. The same aliases apply as to every bundle.
 *
 *   node --import tsx infra/fontkit-bundle.ts <output directory>
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { BUNDLE_ALIASES, FONTKIT_FILE, ROOT } from './bidwright-function.js';

/** Writes fontkit's own bundle into `outputDir`. */
export function bundleFontkit(outputDir: string): void {
  const { fontkit: _onDemand, ...aliases } = BUNDLE_ALIASES;
  buildSync({
    stdin: { contents: "module.exports = require('fontkit');", resolveDir: ROOT, loader: 'js' },
    outfile: join(outputDir, FONTKIT_FILE),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    alias: aliases,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outputDir = process.argv[2];
  if (!outputDir) {
    console.error('usage: node --import tsx infra/fontkit-bundle.ts <output directory>');
    process.exit(2);
  }
  bundleFontkit(outputDir);
}
