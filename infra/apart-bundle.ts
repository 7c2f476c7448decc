/**
 * The packages a function bundles apart (APART_BUNDLES in infra/bidwright-function.ts),
 * each into its own CommonJS file beside the function's `index.mjs`: fontkit as
 * `fontkit.cjs`, marked and yaml as `markdown.cjs`. The loaders the function's bundle takes
 * them from require the file the first time a request needs it. The aliases of every
 * bundle apply here too.
 *
 *   node --import tsx infra/apart-bundle.ts <fontkit | markdown> <output directory>
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { APART_BUNDLES, type ApartBundle, BUNDLE_ALIASES, ROOT } from './bidwright-function.js';

const SOURCES: Readonly<Record<ApartBundle, string>> = {
  fontkit: "module.exports = require('fontkit');",
  markdown: [
    "const { Lexer } = require('marked');",
    "const { LineCounter, parseDocument } = require('yaml');",
    'module.exports = { Lexer, LineCounter, parseDocument };',
  ].join('\n'),
};

function isApartBundle(name: string | undefined): name is ApartBundle {
  return name !== undefined && Object.hasOwn(APART_BUNDLES, name);
}

/** Writes the bundle apart `name` into `outputDir`, as its `file`. */
export function bundleApart(name: ApartBundle, outputDir: string): void {
  buildSync({
    stdin: { contents: SOURCES[name], resolveDir: ROOT, loader: 'js' },
    alias: { ...BUNDLE_ALIASES },
    outfile: join(outputDir, APART_BUNDLES[name].file),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [name, outputDir] = process.argv.slice(2);
  if (!isApartBundle(name) || !outputDir) {
    console.error(
      `usage: node --import tsx infra/apart-bundle.ts <${Object.keys(APART_BUNDLES).join(' | ')}> <output directory>`,
    );
    process.exit(2);
  }
  bundleApart(name, outputDir);
}
