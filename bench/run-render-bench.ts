/**
 * Runs the render benchmark as a Lambda runs the engine: bundled by esbuild and executed by
 * plain `node`, with no TypeScript loader in the process. Each run is a fresh process, so
 * every run's first bid is a real first bid.
 *
 *   npm run bench:render -- [--processes 3] [--runs 60]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const processesAt = args.indexOf('--processes');
const processes = processesAt >= 0 ? Number.parseInt(args[processesAt + 1] ?? '3', 10) : 3;
const passOn =
  processesAt >= 0 ? args.filter((_, i) => i !== processesAt && i !== processesAt + 1) : args;

const outfile = fileURLToPath(new URL('out/render.bench.mjs', import.meta.url));
await build({
  entryPoints: [fileURLToPath(new URL('render.bench.ts', import.meta.url))],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: {
    js: "import { createRequire as bidwrightCreateRequire } from 'node:module'; const require = bidwrightCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
console.log(`bundled ${outfile}; ${processes} fresh processes follow`);

for (let run = 1; run <= processes; run += 1) {
  console.log(`— process ${run} of ${processes}`);
  const result = spawnSync(process.execPath, [outfile, ...passOn], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
