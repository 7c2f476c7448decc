import fc from 'fast-check';
import type { HandlerName, RouteDefinition } from '../../../../functions/http/routes.js';
import type { TokenKind } from '../tokens.js';
import {
  type Body,
  bidRequestBody,
  edgeProgramme,
  farBody,
  plainJsonBody,
  programmeBody,
  reviewBody,
  templateBody,
  templateWithSnippets,
} from './bodies.js';
import type { FuzzFixture } from './fixture.js';
import {
  type Authorization,
  authorization,
  contentType,
  idempotencyKey,
  ifMatch,
  ifNoneMatch,
  noiseHeaders,
} from './headers.js';
import { type ParameterKind, pathId } from './path-ids.js';
import { type QueryName, queryString } from './query.js';

/** One generated request for a route, before its token is looked up. */
export interface FuzzRequest {
  method: string;
  /** Path and query as sent. */
  target: string;
  authorization: Authorization;
  headers: Record<string, string>;
  body?: Body;
  /** Sent first, each checked as the request itself is: edits a later request reads. */
  before?: FuzzRequest[];
}

const asWriter: Authorization = { kind: 'token', token: 'writer', form: 'Bearer' };
const jsonHeaders = { 'content-type': 'application/json' };

/**
 * Edits the seeded programme or template first (edge figures, Liquid and Markdown
 * snippets), so that the request after them renders, snapshots or reads that data.
 */
function preludeFor(fixture: FuzzFixture): fc.Arbitrary<FuzzRequest[]> {
  const programme = edgeProgramme(fixture).map(
    (doc): FuzzRequest => ({
      method: 'PUT',
      target: `/programmes/${fixture.programmeId}`,
      authorization: asWriter,
      headers: jsonHeaders,
      body: plainJsonBody(doc),
    }),
  );
  const template = templateWithSnippets(fixture).map(
    (doc): FuzzRequest => ({
      method: 'PUT',
      target: `/templates/${fixture.templateId}`,
      authorization: asWriter,
      headers: jsonHeaders,
      body: plainJsonBody(doc),
    }),
  );
  return fc.oneof(fc.tuple(programme), fc.tuple(template), fc.tuple(programme, template));
}

/** In a target, the id of what the last request before it created (a new snapshot). */
export const CREATED_ID = '@created';

/**
 * Edge figures stored and frozen into a new snapshot first, so that the diff request after
 * them compares that snapshot with the seeded ones.
 */
function newSnapshotFirst(fixture: FuzzFixture): fc.Arbitrary<FuzzRequest[]> {
  return edgeProgramme(fixture).map((doc): FuzzRequest[] => [
    {
      method: 'PUT',
      target: `/programmes/${fixture.programmeId}`,
      authorization: asWriter,
      headers: jsonHeaders,
      body: plainJsonBody(doc),
    },
    {
      method: 'POST',
      target: `/programmes/${fixture.programmeId}/snapshots`,
      authorization: asWriter,
      headers: {},
    },
  ]);
}

/** In a target, the `nextCursor` of the last list page read before it. */
export const NEXT_CURSOR = '@cursor';

/** The first page, one item long, of every list: where real cursors come from. */
function firstPages(fixture: FuzzFixture): string[] {
  return [
    '/programmes?limit=1',
    `/programmes/${fixture.programmeId}/snapshots?limit=1`,
    '/templates?limit=1',
    `/bids?programmeId=${fixture.programmeId}&limit=1`,
  ];
}

const LISTS: readonly HandlerName[] = [
  'list-programmes',
  'list-snapshots',
  'list-templates',
  'list-bids',
];

/** Routes whose requests read data a prelude can edit first. */
const READS_EDITED_DATA: readonly HandlerName[] = [
  'create-bid',
  'create-snapshot',
  'get-programme',
  'list-programmes',
];

/** What each route reads besides its body: the kind of each path parameter, its query names. */
const SHAPES: Record<HandlerName, { params: Record<string, ParameterKind>; query: QueryName[] }> = {
  'get-health': { params: {}, query: [] },
  'put-programme': { params: { id: 'programme' }, query: [] },
  'list-programmes': { params: {}, query: ['limit', 'cursor'] },
  'get-programme': { params: { id: 'programme' }, query: [] },
  'create-snapshot': { params: { id: 'programme' }, query: [] },
  'list-snapshots': { params: { id: 'programme' }, query: ['limit', 'cursor'] },
  'get-snapshot': { params: { id: 'programme', snapshotId: 'snapshot' }, query: [] },
  'diff-snapshots': { params: { id: 'programme', snapshotId: 'snapshot' }, query: ['against'] },
  'put-template': { params: { id: 'template' }, query: [] },
  'list-templates': { params: {}, query: ['limit', 'cursor'] },
  'get-template': { params: { id: 'template' }, query: ['version'] },
  'create-bid': { params: {}, query: [] },
  'list-bids': { params: {}, query: ['programmeId', 'limit', 'cursor'] },
  'get-bid': { params: { id: 'bid' }, query: [] },
  'get-bid-pdf': { params: { id: 'bid' }, query: [] },
  'create-review': { params: { id: 'bid' }, query: [] },
};

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function bodyFor(route: RouteDefinition, fixture: FuzzFixture, params: Record<string, string>) {
  switch (route.handler as HandlerName) {
    case 'put-programme':
      return programmeBody(fixture, decoded(params.id ?? ''));
    case 'put-template':
      return templateBody(fixture, decoded(params.id ?? ''));
    case 'create-bid':
      return bidRequestBody(fixture);
    case 'create-review':
      return reviewBody();
    default:
      return farBody;
  }
}

/** Odd shapes of the path itself: a trailing slash, a doubled slash, another case. */
const pathShape = fc.oneof(
  { arbitrary: fc.constant('as-is' as const), weight: 30 },
  fc.constantFrom('trailing-slash' as const, 'double-slash' as const, 'upper-case' as const),
);

const otherMethod = fc.constantFrom('DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'GET', 'PUT', 'POST');

/** The value in `present` of every `present + absent` requests, else undefined. */
function sometimes<T>(value: fc.Arbitrary<T>, present: number, absent: number) {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: absent },
    { arbitrary: value, weight: present },
  );
}

export function requestFor(
  route: RouteDefinition,
  fixture: FuzzFixture,
  admitted: readonly TokenKind[],
): fc.Arbitrary<FuzzRequest> {
  const shape = SHAPES[route.handler as HandlerName];
  const names = Object.keys(shape.params);
  const params = fc.record(
    Object.fromEntries(
      names.map((name) => [name, pathId(shape.params[name] as ParameterKind, fixture)]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  return params.chain((segments) => {
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => segments[name] ?? '');
    const body: fc.Arbitrary<Body | undefined> = route.body
      ? fc.oneof(
          { arbitrary: bodyFor(route, fixture, segments), weight: 12 },
          fc.constant(undefined),
        )
      : fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, farBody);
    const conditional = route.handler === 'put-programme' ? 3 : 1;
    const idempotent = route.handler === 'create-bid' ? 4 : 1;
    return fc
      .record({
        method: fc.oneof(
          { arbitrary: fc.constant(route.method as string), weight: 30 },
          otherMethod,
        ),
        shape: pathShape,
        query: queryString(shape.query, fixture),
        authorization: authorization(admitted),
        contentType: route.body
          ? contentType
          : fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, contentType),
        ifMatch: sometimes(ifMatch, conditional, 8),
        ifNoneMatch: sometimes(ifNoneMatch, conditional, 12),
        idempotencyKey: sometimes(idempotencyKey, idempotent, 8),
        noise: sometimes(noiseHeaders, 1, 4),
        before: READS_EDITED_DATA.includes(route.handler as HandlerName)
          ? sometimes(preludeFor(fixture), 1, 1)
          : fc.constant(undefined),
        body,
      })
      .map((r): FuzzRequest => {
        let shaped = path;
        if (r.shape === 'trailing-slash') shaped = `${path}/`;
        else if (r.shape === 'double-slash') shaped = path.replace('/', '//');
        else if (r.shape === 'upper-case') shaped = path.replace(/^\/\w/, (c) => c.toUpperCase());
        const headers: Record<string, string> = { ...(r.noise ?? {}) };
        if (r.contentType !== undefined) headers['content-type'] = r.contentType;
        if (r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
        if (r.ifNoneMatch !== undefined) headers['if-none-match'] = r.ifNoneMatch;
        if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
        return {
          method: r.method,
          target: r.query === '' ? shaped : `${shaped}?${r.query}`,
          authorization: r.authorization,
          headers,
          ...(r.body ? { body: r.body } : {}),
          ...(r.before ? { before: r.before } : {}),
        };
      })
      .chain((request) =>
        LISTS.includes(route.handler as HandlerName)
          ? sometimes(fc.constantFrom(...firstPages(fixture)), 1, 2).map((page): FuzzRequest => {
              if (page === undefined) return request;
              // A real cursor, of this list or another one, in place of a generated one.
              const joiner = request.target.includes('?') ? '&' : '?';
              return {
                ...request,
                target: `${request.target}${joiner}cursor=${NEXT_CURSOR}`,
                before: [{ method: 'GET', target: page, authorization: asWriter, headers: {} }],
              };
            })
          : fc.constant(request),
      )
      .chain((request) =>
        route.handler === 'diff-snapshots'
          ? sometimes(newSnapshotFirst(fixture), 1, 1).map((before): FuzzRequest => {
              if (!before) return request;
              const query = request.target.includes('?')
                ? request.target.slice(request.target.indexOf('?'))
                : '';
              return {
                ...request,
                target: `/programmes/${fixture.programmeId}/snapshots/${CREATED_ID}/diff${query}`,
                before,
              };
            })
          : fc.constant(request),
      )
      .chain((request) =>
        route.handler === 'create-bid' && request.headers['idempotency-key'] !== undefined
          ? sometimes(fc.tuple(fc.boolean(), bidRequestBody(fixture)), 1, 2).map(
              (repeat): FuzzRequest => {
                if (!repeat) return request;
                // The same Idempotency-Key sent first, with this body or another one.
                const [sameBody, otherBody] = repeat;
                const { before, ...alone } = request;
                const first: FuzzRequest = sameBody ? alone : { ...alone, body: otherBody };
                return { ...request, before: [...(before ?? []), first] };
              },
            )
          : fc.constant(request),
      );
  });
}
