import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { percentile } from './percentile.js';

/**
 * The machine a bench ran on, as its first line of output: cores, CPU model, memory, Node,
 * anything the bench adds (`extra`, e.g. Chromium's version), the load average, and how
 * long `node -e 0` takes here. Machines of the same size differ by two to three times in
 * how fast they start a process (bench/RESULTS.md), so the figures of one machine compare
 * with another's only through such a floor.
 */
export function machineLine(extra: readonly string[] = []): string {
  const load = loadavg()
    .map((average) => average.toFixed(2))
    .join(' ');
  const empty = emptyNodeMs();
  return [
    `machine: nproc ${cpus().length}`,
    cpus()[0]?.model ?? 'unknown CPU',
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `node ${process.version}`,
    ...extra,
    `load ${load}`,
    `node -e 0 ${empty.median.toFixed(0)} ms (${empty.min.toFixed(0)}–${empty.max.toFixed(0)}, ${empty.runs} runs)`,
  ].join(', ');
}

interface EmptyNodeTimes {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/**
 * `env` without NODE_EXTRA_CA_CERTS. Node 20 reads and parses every certificate that
 * variable names as it starts (about 30 ms for a system bundle), for TLS a measured
 * process never opens; Lambda does not set it.
 */
export function withoutExtraCaCerts(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _certificates, ...rest } = env;
  return rest;
}

/**
 * Wall time of `node -e 0`, spawn to exit, over `runs` fresh processes: the floor under
 * every fresh process a bench starts, without NODE_EXTRA_CA_CERTS as on Lambda
 * (withoutExtraCaCerts).
 */
function emptyNodeMs(runs = 7): EmptyNodeTimes {
  const env = withoutExtraCaCerts(process.env);
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const { status } = spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    if (status !== 0) throw new Error(`node -e 0 exited with ${status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    median: percentile(times, 50),
    min: times[0] ?? 0,
    max: times.at(-1) ?? 0,
    runs,
  };
}
