import type { HttpLambdaHandler } from './http-handler.js';
import type { HandlerName } from './routes.js';

/**
 * Loads a handler module by route-table name, for servers that run every route in one
 * process (the local dev server). Kept apart from routes.ts so that a Lambda bundle, which
 * imports routes.ts for its roles, does not pull in every other handler.
 */
export const routeLoaders: Record<HandlerName, () => Promise<{ handler: HttpLambdaHandler }>> = {
  'get-health': () => import('../handlers/get-health.js'),
  'put-programme': () => import('../handlers/put-programme.js'),
  'list-programmes': () => import('../handlers/list-programmes.js'),
  'get-programme': () => import('../handlers/get-programme.js'),
  'create-snapshot': () => import('../handlers/create-snapshot.js'),
  'list-snapshots': () => import('../handlers/list-snapshots.js'),
  'get-snapshot': () => import('../handlers/get-snapshot.js'),
  'diff-snapshots': () => import('../handlers/diff-snapshots.js'),
  'put-template': () => import('../handlers/put-template.js'),
  'list-templates': () => import('../handlers/list-templates.js'),
  'get-template': () => import('../handlers/get-template.js'),
  'create-bid': () => import('../handlers/create-bid.js'),
  'list-bids': () => import('../handlers/list-bids.js'),
  'get-bid': () => import('../handlers/get-bid.js'),
  'get-bid-pdf': () => import('../handlers/get-bid-pdf.js'),
  'create-review': () => import('../handlers/create-review.js'),
};
