import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { percentile } from './percentile.js';

/**
 * The machine a bench ran on, as its first line of output: cores, CPU model (with its
 * family and model numbers, which tell apart CPUs of one name, and its clock), memory,
 * Node, anything the bench adds (`extra`, e.g. Chromium's version), the load average, how
 * long `node -e 0` takes here and how long a fixed piece of JavaScript runs. Machines of the
 * same size differ by two to four times in how fast they start a process and in how fast
 * they run code once started (bench/RESULTS.md), so the figures of one machine compare with
 * another's only through such floors.
 */
export function machineLine(extra: readonly string[] = []): string {
  const load = loadavg()
    .map((average) => average.toFixed(2))
    .join(' ');
  const empty = emptyNodeMs();
  return [
    `machine: nproc ${cpus().length}`,
    cpuName(),
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `node ${process.version}`,
    ...extra,
    `load ${load}`,
    `node -e 0 ${empty.median.toFixed(0)} ms (${empty.min.toFixed(0)}–${empty.max.toFixed(0)}, ${empty.runs} runs)`,
    `JavaScript gauge ${javaScriptGaugeMs().toFixed(1)} ms`,
  ].join(', ');
}

/** What the machine line calls each /proc/cpuinfo field that tells a CPU's generation. */
const CPU_IDENTITY = [
  ['family', 'cpu family'],
  ['model', 'model'],
  ['stepping', 'stepping'],
] as const;

/**
 * The CPU's model name, then, where /proc/cpuinfo gives them, its family, model and
 * stepping and its clock: "AMD EPYC" names CPUs several generations apart.
 */
function cpuName(): string {
  const name = cpus()[0]?.model ?? 'unknown CPU';
  let cpuinfo = '';
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return name;
  }
  const field = (key: string) => new RegExp(`^${key}\\s*: (.+)$`, 'm').exec(cpuinfo)?.[1]?.trim();
  const identity = CPU_IDENTITY.flatMap(([label, key]) => {
    const value = field(key);
    return value === undefined ? [] : [`${label} ${value}`];
  });
  const megahertz = Number.parseFloat(field('cpu MHz') ?? '');
  const details = [
    ...identity,
    Number.isFinite(megahertz) ? `${megahertz.toFixed(0)} MHz` : '',
  ].filter((detail) => detail !== '');
  return details.length > 0 ? `${name} (${details.join(', ')})` : name;
}

/**
 * Median of nine runs of a fixed piece of JavaScript (numbers formatted, sorted, joined and
 * searched): the speed the machine runs code at once a process has started, which a warm
 * render or a warm request moves with as `node -e 0` moves a cold start.
 */
function javaScriptGaugeMs(runs = 9): number {
  let check = 0;
  const times = sortedRunTimes(runs, () => {
    const words: string[] = [];
    for (let index = 0; index < 20_000; index += 1) {
      words.push(((index * 2_654_435_761) >>> 0).toString(36));
    }
    words.sort();
    check += (words.join(' ').match(/\bz\w*/g) ?? []).length;
  });
  if (check === 0) throw new Error('the JavaScript gauge found no words');
  return percentile(times, 50);
}

/** Wall times of `runs` calls of `run`, in ms, sorted. */
function sortedRunTimes(runs: number, run: () => void): number[] {
  const times: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
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
  const times = sortedRunTimes(runs, () => {
    const { status } = spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    if (status !== 0) throw new Error(`node -e 0 exited with ${status}`);
  });
  return {
    median: percentile(times, 50),
    min: times[0] ?? 0,
    max: times.at(-1) ?? 0,
    runs,
  };
}
