/**
 * Runs the render benchmark as a Lambda runs the engine: bundled by esbuild and executed by
 * plain `node`, with no TypeScript loader in the process. Each run is a fresh process, so
 * every run's first bid is a real first bid. Runs with V8's default heap sizing, as the
 * render function does, and with 4 MB semi-spaces (`--max-semi-space-size=4`) for the
 * memory it would save.
 *
 *   npm run bench:render -- [--processes 3] [--runs 60]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machineLine } from './machine.js';
import { bundleLikeRenderFunction } from './render-bundle.js';

const args = process.argv.slice(2);
const processesAt = args.indexOf('--processes');
const processes = processesAt >= 0 ? Number.parseInt(args[processesAt + 1] ?? '3', 10) : 3;
const passOn =
  processesAt >= 0 ? args.filter((_, i) => i !== processesAt && i !== processesAt + 1) : args;

console.log(machineLine());
const outfile = fileURLToPath(new URL('out/render.bench.mjs', import.meta.url));
await bundleLikeRenderFunction(new URL('render.bench.ts', import.meta.url), outfile, {
  minify: false,
});

/**
 * V8's defaults, then a capped young generation: on a large machine V8 lets the young
 * generation grow to 3 × 16 MB under back-to-back renders; 4 MB semi-spaces hold peak RSS
 * down at the same warm speed. The render function does not set it: any V8 flag on the
 * command line or in NODE_OPTIONS makes Node compile its own modules (crypto, stream, zlib,
 * http) without their built-in code cache, which costs every cold start more than the
 * memory is worth (bench/RESULTS.md#render).
 */
const nodeFlagSets: string[][] = [[], ['--max-semi-space-size=4']];

for (const flags of nodeFlagSets) {
  const label = flags.length > 0 ? flags.join(' ') : 'V8 defaults';
  console.log(`bundled ${outfile}; ${processes} fresh processes with ${label}`);
  for (let run = 1; run <= processes; run += 1) {
    console.log(`— ${label}: process ${run} of ${processes}`);
    const result = spawnSync(process.execPath, [...flags, outfile, ...passOn], {
      stdio: 'inherit',
    });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
