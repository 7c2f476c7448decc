import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from '../functions/zod.js';

/**
 * Where a running `npm start` can be reached, written to `.bidwright/endpoints.json` once
 * its emulators are up and removed when it stops, so that other commands (`npm run
 * snapshot`) can use the same DynamoDB Local and s3rver without guessing ports.
 */
export const stackEndpointsSchema = z.object({
  pid: z.int().check(z.positive()),
  apiUrl: z.string(),
  dynamodbEndpoint: z.string(),
  s3Endpoint: z.string(),
  tableName: z.string(),
  bucketName: z.string(),
  region: z.string(),
});

export type StackEndpoints = z.infer<typeof stackEndpointsSchema>;

export const endpointsFile = (dataDir: string) => join(dataDir, 'endpoints.json');

/** Writes the file and returns what removes it again. */
export async function writeStackEndpoints(
  dataDir: string,
  endpoints: StackEndpoints,
): Promise<() => Promise<void>> {
  const file = endpointsFile(dataDir);
  await writeFile(file, `${JSON.stringify(endpoints, null, 2)}\n`);
  return () => rm(file, { force: true });
}

/**
 * The running stack's endpoints, or null when none is running: no file, a file that does
 * not parse, or one left behind by a process that has gone (killed without its clean-up) or
 * whose id another program now has.
 */
export async function readStackEndpoints(dataDir: string): Promise<StackEndpoints | null> {
  let text: string;
  try {
    text = await readFile(endpointsFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const result = stackEndpointsSchema.safeParse(parsed);
  if (!result.success || !isLocalStack(result.data.pid)) return null;
  return result.data;
}

/**
 * Whether `pid` runs, and, where /proc tells, runs the local stack (local/start.ts) rather
 * than a program that took a killed stack's process id.
 */
export function isLocalStack(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start.ts');
  } catch {
    return true;
  }
}
