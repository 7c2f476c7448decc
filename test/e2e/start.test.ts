import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as a new user runs it: local/start.ts in a child process, with its data in a
 * folder of its own (BIDWRIGHT_DATA_DIR) and a free PORT, started, used, stopped with
 * Ctrl-C, and started again on the same data.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const READY = 'Press Ctrl-C to stop.';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Stacks started and not yet exited, and the data folders made: a failed test leaves neither. */
const running = new Set<ChildProcess>();
const madeDirs: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

function start(env: Record<string, string>): Started {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => output, exited };
}

async function until(started: Started, text: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (started.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`"${text}" never came; the output was:\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return started.output();
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** DynamoDB Local JVMs still running on this data folder (read from /proc: no `ps` needed). */
function jvmProcessesOn(dataDir: string): { pid: number; args: string }[] {
  const found: { pid: number; args: string }[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\u0000', ' ');
      if (args.includes('DynamoDBLocal') && args.includes(dataDir)) {
        found.push({ pid: Number(pid), args });
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

function jvmsOn(dataDir: string): string[] {
  return jvmProcessesOn(dataDir).map((jvm) => jvm.args);
}

/** Whatever a failed test left running: its stacks, and the JVMs on this file's folders. */
async function stopLeftovers(): Promise<void> {
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(
    [...running].map((child) => new Promise((resolve) => child.once('exit', resolve))),
  );
  for (const dir of madeDirs) {
    for (const { pid } of jvmProcessesOn(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // It ended meanwhile.
      }
    }
  }
}

/** `npm run snapshot` (local/run-snapshot-job.ts) with its exit code and output. */
async function runSnapshotJob(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'local/run-snapshot-job.ts'],
      { cwd: root, env: { ...process.env, ...env } },
    );
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** Starting the JVM, transpiling the handlers and a first render take seconds on a busy machine. */
const STARTS = 60_000;

let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = await tempDir('bidwright-start-');
  env = { BIDWRIGHT_DATA_DIR: dataDir, PORT: String(await freePort()) };
});

afterEach(stopLeftovers);

afterAll(async () => {
  await Promise.all(madeDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('npm start', () => {
  let firstBidId: string;

  it(
    'starts the stack, seeds the example, renders a bid whose printed link downloads it, and stops on Ctrl-C',
    async () => {
      // Act
      const started = start(env);
      const output = await until(started, READY);
      const tokens = JSON.parse(await readFile(join(dataDir, 'dev-tokens.json'), 'utf8'));
      const url = `http://127.0.0.1:${env.PORT}`;
      const bidId = /Example bid ([0-9a-f-]{36})/.exec(output)?.[1] ?? '';
      const sha256 = /sha256 ([0-9a-f]{64})/.exec(output)?.[1];
      const link =
        /^\s+(http:\/\/127\.0\.0\.1:\d+\/bidwright-local-pdfs\/\S+)$/m.exec(output)?.[1] ?? '';
      const health = await fetch(`${url}/health`);
      const bid = await fetch(`${url}/bids/${bidId}`, {
        headers: { authorization: `Bearer ${tokens.writer}` },
      });
      const pdf = Buffer.from(await (await fetch(link)).arrayBuffer());
      started.child.kill('SIGINT');
      const code = await started.exited;

      // Assess
      expect(Object.keys(tokens).sort()).toEqual(['admin', 'reviewer', 'writer']);
      expect(output).toContain('programme birmingham-icat seeded');
      expect(output).toContain('template nihr-icat seeded');
      expect(output).toContain(`Bidwright is running at ${url}`);
      expect(output).toContain(`curl -s -H "Authorization: Bearer`);
      expect(health.status).toBe(200);
      expect(bid.status).toBe(200);
      expect(((await bid.json()) as any).pdf.sha256).toBe(sha256);
      expect(createHash('sha256').update(pdf).digest('hex')).toBe(sha256);
      expect(code).toBe(0);
      expect(started.output()).toContain('Stopped.');
      expect(jvmsOn(dataDir)).toEqual([]);
      firstBidId = bidId;
    },
    STARTS,
  );

  it(
    'reuses the data on a second start: nothing re-seeded, the same example bid; npm run snapshot reaches it',
    async () => {
      // Act
      const started = start(env);
      const output = await until(started, READY);
      const job = await runSnapshotJob(env);
      started.child.kill('SIGTERM');
      const code = await started.exited;
      const jobWhenStopped = await runSnapshotJob(env);

      // Assess
      expect(output).toContain('programme birmingham-icat already there, kept as it is');
      expect(output).toContain('template nihr-icat already there, kept as it is');
      expect(output).toContain('example bid reused');
      expect(output).toContain(`Example bid ${firstBidId} (reused)`);
      expect(output).not.toContain('PUT /programmes');
      expect(code).toBe(0);
      // npm run snapshot: the example programme's figures are already in its latest snapshot.
      expect(job).toMatchObject({ code: 0 });
      expect(job.output).toContain('{"scanned":1,"taken":0,"unchanged":1,"failed":0}');
      expect(jobWhenStopped.code).toBe(1);
      expect(jobWhenStopped.output).toContain('start it with npm start');
    },
    STARTS,
  );

  it(
    'says so, before starting anything, when PORT is taken',
    async () => {
      // Prepare
      const blocker = createServer().listen(Number(env.PORT), '127.0.0.1');
      await new Promise((resolve) => blocker.once('listening', resolve));

      // Act
      const started = start(env);
      const code = await started.exited;
      blocker.close();

      // Assess
      expect(code).toBe(1);
      expect(started.output()).toContain(`port ${env.PORT} on 127.0.0.1 is already in use`);
      expect(started.output()).not.toContain('starting DynamoDB Local');
    },
    STARTS,
  );

  it(
    'refuses a PORT not written in plain digits, before starting anything',
    async () => {
      // Act
      const started = start({ ...env, PORT: '0x50' });
      const code = await started.exited;

      // Assess
      expect(code).toBe(1);
      expect(started.output()).toContain('PORT must be a whole number from 1 to 65535, not "0x50"');
      expect(started.output()).not.toContain('starting DynamoDB Local');
    },
    STARTS,
  );

  it(
    'after a SIGKILL, starts again: a lock whose process id is now another program is stale, and the DynamoDB Local left running is stopped first',
    async () => {
      // Prepare: a stack killed outright leaves its JVM running and its lock behind; the
      // lock's process id then names a live process that is not a stack (this test's). And
      // the example bid's PDF is deleted from the bucket's folder.
      const killed = start(env);
      await until(killed, READY, STARTS);
      killed.child.kill('SIGKILL');
      await killed.exited;
      const left = jvmsOn(dataDir);
      await writeFile(join(dataDir, 'stack.pid'), `${process.pid}\n`);
      await rm(join(dataDir, 's3', 'bidwright-local-pdfs', 'bids', firstBidId), {
        recursive: true,
      });

      // Act
      const started = start(env);
      const output = await until(started, READY, STARTS);
      const running = jvmsOn(dataDir);
      started.child.kill('SIGTERM');
      const code = await started.exited;

      // Assess
      expect(left).toHaveLength(1);
      expect(output).toContain('stopped DynamoDB Local left running');
      expect(output).toContain(`in place of ${firstBidId}, whose PDF is gone`);
      expect(output).toContain('its presigned download link returns the PDF (sha256 checked)');
      expect(running).toHaveLength(1);
      expect(code).toBe(0);
      expect(jvmsOn(dataDir)).toEqual([]);
    },
    3 * STARTS,
  );

  it(
    'stops what it had started when a later step fails',
    async () => {
      // Prepare: a folder where the tokens file should go, so writing it fails
      const otherDir = await tempDir('bidwright-start-fail-');
      await mkdir(join(otherDir, 'dev-tokens.json'));

      // Act
      const started = start({ ...env, BIDWRIGHT_DATA_DIR: otherDir });
      const code = await started.exited;
      const jvms = jvmsOn(otherDir);
      await rm(otherDir, { recursive: true, force: true });

      // Assess
      expect(code).toBe(1);
      expect(started.output()).toContain('DynamoDB Local and s3rver up');
      expect(started.output()).toContain('Cannot start');
      expect(started.output()).toContain('Stopping what had started');
      expect(jvms).toEqual([]);
    },
    STARTS,
  );

  it(
    'says which database DynamoDB Local cannot read, and what to do, rather than that it did not answer',
    async () => {
      // Prepare: a data folder whose database file is not a database
      const otherDir = await tempDir('bidwright-start-corrupt-');
      await mkdir(join(otherDir, 'dynamodb'));
      await writeFile(join(otherDir, 'dynamodb', 'shared-local-instance.db'), 'not a database');

      // Act
      const started = start({ ...env, BIDWRIGHT_DATA_DIR: otherDir });
      const code = await started.exited;
      const jvms = jvmsOn(otherDir);
      await rm(otherDir, { recursive: true, force: true });

      // Assess
      expect(code).toBe(1);
      expect(started.output()).toContain(
        `DynamoDB Local cannot read its database in ${join(otherDir, 'dynamodb')}`,
      );
      expect(started.output()).toContain('move that folder away');
      expect(started.output()).not.toContain('did not answer');
      expect(jvms).toEqual([]);
    },
    STARTS,
  );

  it(
    'says to install default-jre-headless when there is no java',
    async () => {
      // Prepare: a PATH holding node and nothing else
      const bin = await tempDir('bidwright-nojava-');
      await symlink(process.execPath, join(bin, 'node'));

      // Act
      const started = start({ ...env, PATH: bin });
      const code = await started.exited;
      await rm(bin, { recursive: true, force: true });

      // Assess
      expect(code).toBe(1);
      expect(started.output()).toContain('default-jre-headless');
      expect(started.output()).not.toContain('starting DynamoDB Local');
    },
    STARTS,
  );
});
