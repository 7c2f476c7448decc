import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { authorize, type HttpApiEvent } from './auth.js';
import { readJsonBody } from './body.js';
import { errorResult } from './error-response.js';
import { logger } from './logger.js';
import type { HttpRequest } from './request.js';
import { type HttpResult, toApiGatewayResult } from './response.js';
import { type HandlerName, routeOf } from './routes.js';

export type HttpLambdaHandler = (
  event: HttpApiEvent,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Dependencies, or a function that builds them on first use (the composition root). */
export type Provider<D> = D | (() => D);

export type Action<D> = (request: HttpRequest, deps: D) => Promise<HttpResult>;

function lowerCaseKeys(record: Record<string, string | undefined> | undefined) {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(record ?? {})) out[key.toLowerCase()] = value;
  return out;
}

/**
 * Wraps a handler's action with what every route does the same way: the route's roles
 * from the route table (401/403), the JSON body (413/415/400), one error mapper, and one
 * structured log line per request with its id, status and duration.
 */
export function httpHandler<D>(
  name: HandlerName,
  dependencies: Provider<D>,
  action: Action<D>,
): HttpLambdaHandler {
  const route = routeOf(name);
  return async (event, context) => {
    const started = performance.now();
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? 'local';
    // A child per request: requests handled concurrently in one process (the local dev
    // server) must not share, or reset, each other's keys.
    const log = logger.createChild();
    log.appendKeys({ requestId, route: `${route.method} ${route.path}` });
    if (context) log.addContext(context);
    let result: HttpResult;
    try {
      const caller = authorize(route, event);
      const body = route.body ? readJsonBody(event) : undefined;
      const deps = typeof dependencies === 'function' ? (dependencies as () => D)() : dependencies;
      result = await action(
        {
          requestId,
          caller,
          path: event.pathParameters ?? {},
          query: event.queryStringParameters ?? {},
          headers: lowerCaseKeys(event.headers),
          body,
        },
        deps,
      );
    } catch (error) {
      result = errorResult(error, requestId, log);
    }
    log.info('request done', {
      method: event.requestContext?.http?.method,
      path: event.rawPath,
      status: result.status,
      durationMs: Math.round(performance.now() - started),
    });
    return toApiGatewayResult(result, requestId);
  };
}
