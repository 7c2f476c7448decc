/**
 * The one list of routes and who may call them (README, "The HTTP API"). Each
 * handler reads its roles from here; the local dev server and the CDK stack are generated
 * from it. `handler` is the file name under functions/handlers/ and the Lambda's name.
 */

export const GROUPS = ['writers', 'reviewers', 'admins'] as const;
export type Group = (typeof GROUPS)[number];

export type HttpMethod = 'GET' | 'PUT' | 'POST';

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway route path, `{name}` for a path parameter. */
  path: string;
  handler: string;
  /** Cognito groups admitted; `public` needs no token. */
  roles: readonly Group[] | 'public';
  /** Whether the route reads a JSON body. */
  body: boolean;
}

const ALL: readonly Group[] = GROUPS;
const EDITORS: readonly Group[] = ['writers', 'admins'];
const READERS_OF_BIDS: readonly Group[] = ['writers', 'reviewers'];

export const routes = [
  { method: 'GET', path: '/health', handler: 'get-health', roles: 'public', body: false },
  { method: 'PUT', path: '/programmes/{id}', handler: 'put-programme', roles: EDITORS, body: true },
  { method: 'GET', path: '/programmes', handler: 'list-programmes', roles: ALL, body: false },
  { method: 'GET', path: '/programmes/{id}', handler: 'get-programme', roles: ALL, body: false },
  {
    method: 'POST',
    path: '/programmes/{id}/snapshots',
    handler: 'create-snapshot',
    roles: EDITORS,
    body: false,
  },
  {
    method: 'GET',
    path: '/programmes/{id}/snapshots',
    handler: 'list-snapshots',
    roles: ALL,
    body: false,
  },
  {
    method: 'GET',
    path: '/programmes/{id}/snapshots/{snapshotId}',
    handler: 'get-snapshot',
    roles: ALL,
    body: false,
  },
  {
    method: 'GET',
    path: '/programmes/{id}/snapshots/{snapshotId}/diff',
    handler: 'diff-snapshots',
    roles: ALL,
    body: false,
  },
  { method: 'PUT', path: '/templates/{id}', handler: 'put-template', roles: EDITORS, body: true },
  { method: 'GET', path: '/templates', handler: 'list-templates', roles: ALL, body: false },
  { method: 'GET', path: '/templates/{id}', handler: 'get-template', roles: ALL, body: false },
  { method: 'POST', path: '/bids', handler: 'create-bid', roles: ['writers'], body: true },
  { method: 'GET', path: '/bids', handler: 'list-bids', roles: READERS_OF_BIDS, body: false },
  { method: 'GET', path: '/bids/{id}', handler: 'get-bid', roles: READERS_OF_BIDS, body: false },
  {
    method: 'GET',
    path: '/bids/{id}/pdf',
    handler: 'get-bid-pdf',
    roles: READERS_OF_BIDS,
    body: false,
  },
  {
    method: 'POST',
    path: '/bids/{id}/reviews',
    handler: 'create-review',
    roles: ['reviewers'],
    body: true,
  },
] as const satisfies readonly RouteDefinition[];

export type HandlerName = (typeof routes)[number]['handler'];

export function routeOf(handler: HandlerName): RouteDefinition {
  const route = routes.find((r) => r.handler === handler);
  if (!route) throw new Error(`no route for handler ${handler}`);
  return route;
}
