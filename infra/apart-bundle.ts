/**
 * Code bundled apart from a function's `index.mjs`, into the same asset, and required from
 * beside it only when a request first needs it, so that a cold start does not compile it:
 *
 * - `fontkit.cjs`: the bundles take `fontkit` from functions/render/fontkit-on-demand.cjs,
 *   which requires this file only when a text needs fontkit's OpenType engine;
 * - `markdown.cjs`: marked and yaml, which the bundles take from
 *   functions/narrative/markdown-on-demand.cjs. The render function reads Markdown for every
 *   bid; the upload check only in a section without Liquid or a chart written out in full.
 *
 * The same aliases apply as to every bundle, but for those that load these files.
 *
 *   node --import tsx infra/apart-bundle.ts <fontkit | markdown> <output directory>
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { APART_FILES, type ApartBundle, BUNDLE_ALIASES, ROOT } from './bidwright-function.js';

const { fontkit: _fontkit, marked: _marked, yaml: _yaml, ...aliases } = BUNDLE_ALIASES;

const SOURCES: Readonly<Record<ApartBundle, string>> = {
  fontkit: "module.exports = require('fontkit');",
  markdown: [
    "const { Lexer } = require('marked');",
    "const { LineCounter, parseDocument } = require('yaml');",
    'module.exports = { Lexer, LineCounter, parseDocument };',
  ].join('\n'),
};

function isApartBundle(name: string | undefined): name is ApartBundle {
  return name !== undefined && Object.hasOwn(APART_FILES, name);
}

/** Writes the bundle `name` into `outputDir`, under its name in APART_FILES. */
export function bundleApart(name: ApartBundle, outputDir: string): void {
  buildSync({
    stdin: { contents: SOURCES[name], resolveDir: ROOT, loader: 'js' },
    alias: aliases,
    outfile: join(outputDir, APART_FILES[name]),
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
      `usage: node --import tsx infra/apart-bundle.ts <${Object.keys(APART_FILES).join(' | ')}> <output directory>`,
    );
    process.exit(2);
  }
  bundleApart(name, outputDir);
}
