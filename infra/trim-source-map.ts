/**
 * Cuts a bundle's source map down to what a stack trace needs of Bidwright's own code:
 * mappings into `node_modules` are replaced by "unmapped" segments and their sources and
 * names dropped, and of the mappings into our code only the first of each run on one
 * source line is kept. The stack traces a Lambda logs (functions/errors/source-stack.ts)
 * then name the functions/…/*.ts line of each of our frames (the column is that line's
 * first mapped one) and bundle positions for the SDK's, and the map is a tenth of what it
 * was: less to upload, and less to read when the first error is logged.
 *
 *   node --import tsx infra/trim-source-map.ts <bundle>.mjs.map
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SourceMap {
  version: 3;
  sources: string[];
  names: string[];
  mappings: string;
  sourcesContent?: (string | null)[];
  [key: string]: unknown;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((character, index) => [character, index]));

/** Base64 VLQ values of one segment. */
export function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const character of segment) {
    const digit = DIGIT.get(character);
    if (digit === undefined) throw new Error(`"${character}" is not a base64 VLQ digit`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

export function encodeSegment(values: readonly number[]): string {
  let text = '';
  for (const signed of values) {
    let value = signed < 0 ? -signed * 2 + 1 : signed * 2;
    do {
      let digit = value & 31;
      value = Math.floor(value / 32);
      if (value > 0) digit |= 32;
      text += BASE64[digit];
    } while (value > 0);
  }
  return text;
}

/**
 * The map with only the segments whose source `keep` accepts, everything else unmapped;
 * with `linesOnly`, only the first segment of each run on one source line.
 */
export function trimSourceMap(
  map: SourceMap,
  keep: (source: string) => boolean,
  { linesOnly = false }: { linesOnly?: boolean } = {},
): SourceMap {
  const sourceIndex = map.sources.map(() => -1);
  const sources: string[] = [];
  const contents: (string | null)[] = [];
  map.sources.forEach((source, index) => {
    if (!keep(source)) return;
    sourceIndex[index] = sources.length;
    sources.push(source);
    contents.push(map.sourcesContent?.[index] ?? null);
  });
  const nameIndex = new Map<number, number>();
  const names: string[] = [];
  // Absolute values read so far (VLQ fields are deltas), and those last written.
  let source = 0;
  let line = 0;
  let column = 0;
  let name = 0;
  let written = { source: 0, line: 0, column: 0, name: 0 };
  const lines = map.mappings.split(';').map((encodedLine) => {
    let generatedColumn = 0;
    let writtenColumn = 0;
    let lastWasUnmapped = true;
    const out: string[] = [];
    for (const encoded of encodedLine.split(',')) {
      if (encoded === '') continue;
      const fields = decodeSegment(encoded);
      generatedColumn += fields[0] ?? 0;
      let kept = false;
      if (fields.length >= 4) {
        source += fields[1] ?? 0;
        line += fields[2] ?? 0;
        column += fields[3] ?? 0;
        if (fields.length >= 5) name += fields[4] ?? 0;
        kept = (sourceIndex[source] ?? -1) >= 0;
      }
      if (!kept) {
        // One "unmapped" segment ends the mapping before it; repeats add nothing.
        if (!lastWasUnmapped) {
          out.push(encodeSegment([generatedColumn - writtenColumn]));
          writtenColumn = generatedColumn;
          lastWasUnmapped = true;
        }
        continue;
      }
      const next = { source: sourceIndex[source] as number, line, column, name: 0 };
      if (
        linesOnly &&
        !lastWasUnmapped &&
        next.source === written.source &&
        next.line === written.line
      ) {
        continue;
      }
      const values = [
        generatedColumn - writtenColumn,
        next.source - written.source,
        next.line - written.line,
        next.column - written.column,
      ];
      if (fields.length >= 5) {
        const original = map.names[name] ?? '';
        let index = nameIndex.get(name);
        if (index === undefined) {
          index = names.length;
          names.push(original);
          nameIndex.set(name, index);
        }
        next.name = index;
        values.push(index - written.name);
      } else {
        next.name = written.name;
      }
      out.push(encodeSegment(values));
      written = next;
      writtenColumn = generatedColumn;
      lastWasUnmapped = false;
    }
    return out.join(',');
  });
  const trimmed: SourceMap = { ...map, sources, names, mappings: lines.join(';') };
  if (map.sourcesContent) trimmed.sourcesContent = contents;
  else delete trimmed.sourcesContent;
  return trimmed;
}

/** Bidwright's own sources: anything not under a node_modules folder. */
export function isOwnSource(source: string): boolean {
  return !/(^|\/)node_modules\//.test(source);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: trim-source-map.ts <bundle>.mjs.map');
    process.exit(2);
  }
  const map = JSON.parse(readFileSync(file, 'utf8')) as SourceMap;
  writeFileSync(file, JSON.stringify(trimSourceMap(map, isOwnSource, { linesOnly: true })));
}
