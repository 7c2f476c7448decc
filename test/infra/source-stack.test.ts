import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceStack, withSourceStack } from '../../functions/errors/source-stack.js';
import { isOwnSource, trimSourceMap } from '../../infra/trim-source-map.js';
import { minifiedBundle } from './support/minified-bundle.js';

const THROWER = fileURLToPath(new URL('../../functions/render/without-woff2.ts', import.meta.url));
/** The 1-based line of the `throw` in THROWER. */
const THROW_LINE =
  readFileSync(THROWER, 'utf8')
    .split('\n')
    .findIndex((line) => line.includes('throw new Error')) + 1;

let dir: string;

/**
 * A minified bundle of one of our functions that throws, as the Lambda bundles are built:
 * the map beside it cut down by infra/trim-source-map.ts. `withMap: false` leaves it out.
 */
async function bundle(name: string, withMap = true): Promise<string> {
  const file = join(dir, name);
  const { code, map } = await minifiedBundle(THROWER, file);
  writeFileSync(file, code);
  if (withMap) {
    writeFileSync(
      `${file}.map`,
      JSON.stringify(trimSourceMap(map, isOwnSource, { linesOnly: true })),
    );
  }
  return file;
}

/** The stack of the error the bundle throws, thrown in plain node as in a Lambda. */
function stackThrownBy(file: string): string {
  const script = `const { default: decompress } = await import(${JSON.stringify(pathToFileURL(file).href)});
try { decompress(); } catch (error) { process.stdout.write(error.stack); }`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
}

/** An error carrying that stack, as the handler that logs it would hold it. */
function thrownBy(file: string): Error {
  const error = new Error('WOFF2 fonts cannot be opened');
  error.stack = stackThrownBy(file);
  return error;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bidwright-source-stack-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('logged stack traces', () => {
  it('name the TypeScript line of a frame in a bundle that has a source map', async () => {
    // Prepare
    const error = thrownBy(await bundle('index.mjs'));
    expect(error.stack).toMatch(/index\.mjs:1:\d+/);
    // Act
    const mapped = withSourceStack(error);
    // Assess
    expect(mapped).toBe(error);
    expect(error.stack).toContain(`functions/render/without-woff2.ts:${THROW_LINE}:`);
    expect(error.stack).not.toMatch(/index\.mjs:1:\d+/);
    expect(error.stack).toMatch(/^Error: WOFF2 fonts cannot be opened/);
  });

  it('follow the causes of an error', async () => {
    // Prepare
    const cause = thrownBy(await bundle('caused.mjs'));
    const error = new Error('outer', { cause });
    // Act
    withSourceStack(error);
    // Assess
    expect(cause.stack).toContain(`functions/render/without-woff2.ts:${THROW_LINE}:`);
  });

  it('leave frames alone where there is no map, and anything that is not an error', async () => {
    // Prepare
    const error = thrownBy(await bundle('unmapped.mjs', false));
    const before = error.stack;
    // Act, Assess
    expect(withSourceStack(error).stack).toBe(before);
    expect(withSourceStack('a string')).toBe('a string');
    const plain = 'Error: x\n    at f (node:internal/x:1:2)\n    at g (file:///no/such.mjs:3:4)';
    expect(sourceStack(plain)).toBe(plain);
  });

  it('leave a frozen error as it is rather than fail to log it', async () => {
    // Prepare
    const error = Object.freeze(thrownBy(await bundle('frozen.mjs')));
    const before = error.stack;
    // Act, Assess
    expect(() => withSourceStack(error)).not.toThrow();
    expect(error.stack).toBe(before);
  });
});
