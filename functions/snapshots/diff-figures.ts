import { deriveFigures } from '../figures/derive-figures.js';
import type { Programme } from '../programmes/programme-schema.js';

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** One leaf that differs; an added leaf has no `before`, a removed one no `after`. */
export interface FigureChange {
  path: string;
  before?: JsonValue;
  after?: JsonValue;
}

/**
 * What changed between two frozen programmes, leaf by leaf: the document's own fields, then
 * the derived figures (`figures.progression[0].rate`, …), so that a reviewer sees a rate move
 * when only its counts were edited. Document order, so the list reads like the programme.
 */
export function diffFigures(before: Programme, after: Programme): FigureChange[] {
  const changes: FigureChange[] = [];
  diffValue('', before, after, changes);
  diffValue('figures', deriveFigures(before).figures, deriveFigures(after).figures, changes);
  return changes;
}

type Container = readonly unknown[] | Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Child keys of both sides: the first side's in its order, then those only the second has. */
function childKeys(before: Container | undefined, after: Container | undefined) {
  if (Array.isArray(before) || Array.isArray(after)) {
    const length = Math.max(
      Array.isArray(before) ? before.length : 0,
      Array.isArray(after) ? after.length : 0,
    );
    return Array.from({ length }, (_, i) => i);
  }
  const keys = Object.keys(before ?? {});
  for (const key of Object.keys(after ?? {})) if (!keys.includes(key)) keys.push(key);
  return keys;
}

function childOf(container: unknown, key: string | number): unknown {
  if (Array.isArray(container)) return typeof key === 'number' ? container[key] : undefined;
  if (isRecord(container)) return typeof key === 'string' ? container[key] : undefined;
  return undefined;
}

const isContainer = (value: unknown): value is Container => Array.isArray(value) || isRecord(value);

/** `undefined` on either side is absence: an optional field not set. */
function diffValue(path: string, before: unknown, after: unknown, changes: FigureChange[]) {
  if (before === undefined && after === undefined) return;
  const sameKind =
    (Array.isArray(before) && Array.isArray(after)) || (isRecord(before) && isRecord(after));
  const oneSideMissing = before === undefined || after === undefined;
  if (sameKind || (oneSideMissing && (isContainer(before) || isContainer(after)))) {
    const b = isContainer(before) ? before : undefined;
    const a = isContainer(after) ? after : undefined;
    const keys = childKeys(b, a);
    if (oneSideMissing && keys.length === 0) {
      // An empty list or object added or removed has no leaves: it is the change itself.
      pushChange(path, before, after, changes);
      return;
    }
    for (const key of keys) {
      diffValue(childPath(path, key), childOf(b, key), childOf(a, key), changes);
    }
    return;
  }
  if (isContainer(before) || isContainer(after)) {
    // A leaf became a list or an object, or the other way: all of one out, all of the other in.
    diffValue(path, before, undefined, changes);
    diffValue(path, undefined, after, changes);
    return;
  }
  if (before === after) return;
  pushChange(path, before, after, changes);
}

function pushChange(path: string, before: unknown, after: unknown, changes: FigureChange[]) {
  const change: FigureChange = { path };
  if (before !== undefined) change.before = before as JsonValue;
  if (after !== undefined) change.after = after as JsonValue;
  changes.push(change);
}
