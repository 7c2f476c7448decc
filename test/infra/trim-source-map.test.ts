import { SourceMap as NodeSourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  decodeSegment,
  encodeSegment,
  isOwnSource,
  type SourceMap,
  trimSourceMap,
} from '../../infra/trim-source-map.js';
import { minifiedBundle } from './support/minified-bundle.js';

/** A minified bundle of our code and zod (node_modules), with its full source map. */
function bundleWithMap(): Promise<{ code: string; map: SourceMap }> {
  return minifiedBundle(
    fileURLToPath(new URL('../../functions/programmes/programme-schema.ts', import.meta.url)),
  );
}

type Entry = Partial<Record<string, unknown>>;

/**
 * Calls `check` with what the full and the trimmed map give for every position of the
 * bundle that the full map traces to a source file.
 */
function eachMappedPosition(
  code: string,
  map: SourceMap,
  trimmed: SourceMap,
  check: (source: string, before: Entry, after: Entry) => void,
): void {
  const full = new NodeSourceMap(map as unknown as SourceMapPayload);
  const cut = new NodeSourceMap(trimmed as unknown as SourceMapPayload);
  code.split('\n').forEach((line, lineIndex) => {
    for (let column = 0; column < line.length; column += 1) {
      const before = full.findEntry(lineIndex, column) as Entry;
      const source = before.originalSource;
      if (typeof source !== 'string') continue;
      check(source, before, cut.findEntry(lineIndex, column) as Entry);
    }
  });
}

describe('trimSourceMap', () => {
  it('round-trips base64 VLQ values', () => {
    const values = [0, 1, -1, 15, -16, 16, 1_000_000, -123_456];
    expect(decodeSegment(encodeSegment(values))).toEqual(values);
    expect(encodeSegment([0, 0, 16, 1])).toBe('AAgBC');
  });

  it('keeps every mapping into our code exactly and leaves node_modules code unmapped', async () => {
    // Prepare
    const { code, map } = await bundleWithMap();
    expect(map.sources.some((source) => !isOwnSource(source))).toBe(true);
    // Act
    const trimmed = trimSourceMap(map, isOwnSource);
    // Assess: Node's own source-map reader gives the same answer for our code, none for zod's.
    let ours = 0;
    let theirs = 0;
    eachMappedPosition(code, map, trimmed, (source, before, after) => {
      if (isOwnSource(source)) {
        ours += 1;
        expect(after).toEqual(before);
      } else {
        theirs += 1;
        expect(after.originalSource).toBeUndefined();
      }
    });
    expect(ours).toBeGreaterThan(100);
    expect(theirs).toBeGreaterThan(ours);
    expect(trimmed.sources.every(isOwnSource)).toBe(true);
    expect(JSON.stringify(trimmed).length).toBeLessThan(JSON.stringify(map).length / 3);
  });

  it('keeps, line by line, the source line of every position in our code', async () => {
    // Prepare
    const { code, map } = await bundleWithMap();
    // Act
    const trimmed = trimSourceMap(map, isOwnSource, { linesOnly: true });
    // Assess
    let checked = 0;
    eachMappedPosition(code, map, trimmed, (source, before, after) => {
      if (isOwnSource(source)) {
        checked += 1;
        expect([after.originalSource, after.originalLine]).toEqual([source, before.originalLine]);
      } else {
        expect(after.originalSource).toBeUndefined();
      }
    });
    expect(checked).toBeGreaterThan(100);
    const lengthOf = (value: SourceMap) => value.mappings.length;
    expect(lengthOf(trimmed)).toBeLessThan(lengthOf(trimSourceMap(map, isOwnSource)) / 2);
  });
});
