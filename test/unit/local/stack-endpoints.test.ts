import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readStackEndpoints,
  type StackEndpoints,
  writeStackEndpoints,
} from '../../../local/stack-endpoints.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bidwright-endpoints-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const endpoints = (pid: number): StackEndpoints => ({
  pid,
  apiUrl: 'http://127.0.0.1:3000',
  dynamodbEndpoint: 'http://127.0.0.1:8000',
  s3Endpoint: 'http://127.0.0.1:4569',
  tableName: 'bidwright-local',
  bucketName: 'bidwright-local-pdfs',
  region: 'us-east-1',
});

describe('Function: readStackEndpoints', () => {
  it('reads the endpoints of a running local stack', async () => {
    // Prepare: a process whose command line names the stack's script, as npm start's does.
    const stack = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', 'local/start.ts']);
    await new Promise((resolve) => stack.once('spawn', resolve));
    await writeStackEndpoints(dir, endpoints(stack.pid ?? 0));

    // Act
    const read = await readStackEndpoints(dir);
    stack.kill();

    // Assess
    expect(read).toEqual(endpoints(stack.pid ?? 0));
  });

  it('takes a file whose process id another program now has for one left behind', async () => {
    // Prepare: this test's own process is alive but is not a stack.
    await writeStackEndpoints(dir, endpoints(process.pid));

    // Act and assess
    expect(await readStackEndpoints(dir)).toBeNull();
  });

  it('takes a file whose process has gone for one left behind', async () => {
    // Prepare
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.once('exit', resolve));
    await writeStackEndpoints(dir, endpoints(gone.pid ?? 0));

    // Act and assess
    expect(await readStackEndpoints(dir)).toBeNull();
  });
});
