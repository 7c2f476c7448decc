import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Stack traces that name our TypeScript. A Lambda runs a minified bundle (`index.mjs`) with
 * its source map beside it (`index.mjs.map`, cut to our own code by
 * infra/trim-source-map.ts); each frame in a bundle that has a map is rewritten to the
 * `functions/…/*.ts` line it came from, and every other frame is left as it is.
 *
 * Node does the same with `--enable-source-maps`, but reads the map and measures every
 * line of the bundle while the module loads: about 8 ms of each cold start of the
 * PDF-rendering function, for traces most containers never print. Here the map is read
 * when the first error is logged, once per bundle file.
 */
export function withSourceStack<T>(error: T): T {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 8; depth += 1) {
    const { stack } = current;
    if (typeof stack === 'string') {
      try {
        current.stack = sourceStack(stack);
      } catch {
        // A frozen error keeps the stack it has: logging it must not fail.
      }
    }
    current = current.cause;
  }
  return error;
}

const BUNDLE_FRAME = /(file:\/\/\/[^\s()]+\.mjs):(\d+):(\d+)/g;

/** `stack` with every position in a mapped bundle replaced by its source position. */
export function sourceStack(stack: string): string {
  return stack.replace(BUNDLE_FRAME, (frame, url: string, line: string, column: string) => {
    const entry = mapOf(url)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry) || typeof entry.originalSource !== 'string') {
      return frame;
    }
    const source = entry.originalSource.replace(/^.*?(?=functions\/)/, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

const maps = new Map<string, SourceMap | null>();

function mapOf(url: string): SourceMap | null {
  let map = maps.get(url);
  if (map === undefined) {
    try {
      const payload = JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8'));
      map = new SourceMap(payload as SourceMapPayload);
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return map;
}
