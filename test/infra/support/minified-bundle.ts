import { build } from 'esbuild';
import type { SourceMap } from '../../../infra/trim-source-map.js';

/**
 * A minified ESM bundle of `entry` and its full external source map, built as the Lambda
 * bundles are (without writing them): `outfile` only names them and sets the map's
 * relative source paths.
 */
export async function minifiedBundle(
  entry: string,
  outfile = 'out.mjs',
): Promise<{ code: string; map: SourceMap }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    outfile,
    write: false,
  });
  const text = (suffix: string) =>
    result.outputFiles.find((file) => file.path.endsWith(suffix))?.text ?? '';
  return { code: text('.mjs'), map: JSON.parse(text('.mjs.map')) as SourceMap };
}
