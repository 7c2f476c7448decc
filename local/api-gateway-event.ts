import { isUtf8 } from 'node:buffer';
import { randomBytes, randomUUID } from 'node:crypto';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  Context,
} from 'aws-lambda';
import type { RouteDefinition } from '../functions/http/routes.js';
import type { AuthorizerContext } from './jwt-authorizer.js';

/**
 * How API Gateway HTTP APIs (payload format 2.0) turn a request into a Lambda event, for the
 * local dev server. Kept free of sockets so that each rule can be tested on its own.
 */

export interface RouteMatch {
  route: RouteDefinition;
  /** `PUT /programmes/{id}` */
  routeKey: string;
  /** Decoded, as API Gateway hands them on; empty when the route has none. */
  pathParameters: Record<string, string>;
}

/**
 * The route for a method and raw path, or undefined (API Gateway answers 404 for an unknown
 * path and for a known path with another method alike). A `{name}` segment matches one
 * non-empty segment; where two routes match, literal segments win over parameters, as in
 * API Gateway's "most specific route" rule.
 */
export function matchRoute(
  routes: readonly RouteDefinition[],
  method: string,
  rawPath: string,
): RouteMatch | undefined {
  const segments = rawPath.split('/').slice(1);
  let best: { route: RouteDefinition; literals: boolean[]; params: Record<string, string> } | null =
    null;
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').slice(1);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const literals: boolean[] = [];
    let matches = true;
    for (const [index, part] of pattern.entries()) {
      const segment = segments[index] ?? '';
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name) {
        if (segment === '') matches = false;
        params[name] = decodePathSegment(segment);
        literals.push(false);
      } else {
        if (part !== segment) matches = false;
        literals.push(true);
      }
      if (!matches) break;
    }
    if (matches && (!best || moreSpecific(literals, best.literals))) {
      best = { route, literals, params };
    }
  }
  if (!best) return undefined;
  return {
    route: best.route,
    routeKey: `${best.route.method} ${best.route.path}`,
    pathParameters: best.params,
  };
}

function moreSpecific(a: readonly boolean[], b: readonly boolean[]): boolean {
  const index = a.findIndex((literal, i) => literal !== b[i]);
  return index >= 0 && a[index] === true;
}

/** Percent-decoding of one segment; a malformed escape is handed on as sent. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `a=1&b=2&a=3` → `{a: '1,3', b: '2'}`: repeated names joined by commas, as API Gateway does. */
export function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    out[name] = name in out ? `${out[name]},${value}` : value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const TEXT_MEDIA_TYPES = [
  /^text\//,
  /^application\/(?:[\w.+-]+\+)?json$/,
  /^application\/(?:[\w.+-]+\+)?xml$/,
  /^application\/(?:javascript|ecmascript)$/,
];

/** Whether API Gateway would hand the body on as text; anything else arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType !== undefined && TEXT_MEDIA_TYPES.some((pattern) => pattern.test(mediaType));
}

export interface RequestParts {
  method: string;
  rawPath: string;
  rawQueryString: string;
  /** Header values by lower-case name, each repeated header's values in order. */
  headers: Readonly<Record<string, readonly string[] | undefined>>;
  body: Buffer;
  sourceIp: string;
  protocol: string;
  /** The server's own port, for `x-forwarded-port`. */
  port: number;
}

export interface EventInput {
  match: RouteMatch;
  request: RequestParts;
  requestId: string;
  /** The JWT authorizer's verdict; absent on a route without one. */
  authorizer?: AuthorizerContext;
  now?: Date;
}

export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_API_ID = 'local';

/**
 * The payload 2.0 event: headers in lower case with repeats joined by commas, the `Cookie`
 * header moved to `cookies`, `X-Forwarded-*` and a trace id added, path parameters decoded,
 * the body as text or base64, and the authorizer's claims when the route has one.
 */
export function apiGatewayEvent(
  input: EventInput,
): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer {
  const { match, request, requestId, authorizer, now = new Date() } = input;
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(request.headers)) {
    if (!values || values.length === 0) continue;
    if (name === 'cookie') {
      cookies = values.flatMap((value) =>
        value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = values.join(',');
  }
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${request.sourceIp}`
    : request.sourceIp;
  headers['x-forwarded-port'] = String(request.port);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] = traceId(now);

  const host = headers.host ?? `127.0.0.1:${request.port}`;
  const hasBody = request.body.byteLength > 0;
  // A text type's bytes that are not UTF-8 go on base64-encoded, not decoded with replacement
  // characters, so that the handler's strict decoder sees, and refuses, what the client sent.
  const asText = isTextContentType(headers['content-type']) && isUtf8(request.body);
  const query = queryParameters(request.rawQueryString);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: LOCAL_API_ID,
      domainName: host,
      domainPrefix: host.split('.')[0]?.split(':')[0] ?? host,
      http: {
        method: request.method,
        path: request.rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: match.routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(match.pathParameters).length > 0
      ? { pathParameters: { ...match.pathParameters } }
      : {}),
    ...(hasBody ? { body: request.body.toString(asText ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: hasBody && !asText,
  };
  if (!authorizer) return event;
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: {
        jwt: {
          claims: { ...authorizer.claims },
          scopes: authorizer.scopes ? [...authorizer.scopes] : null,
        },
      },
    },
  };
}

/** A request id shaped like API Gateway's (`ZhMpgigvDoEEPlg=`). */
export function apiGatewayRequestId(): string {
  return `${randomBytes(10).toString('base64').slice(0, 15)}=`;
}

/** `Root=1-<epoch seconds, hex>-<96 random bits>`, as X-Ray writes it. */
function traceId(now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000).toString(16);
  return `Root=1-${seconds}-${randomBytes(12).toString('hex')}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `17/Jun/2024:15:49:29 +0000` */
function clfTime(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}:` +
    `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`
  );
}

/** The data of a Lambda context: what crosses into a container thread. */
export type ContextFields = Omit<
  Context,
  'getRemainingTimeInMillis' | 'done' | 'fail' | 'succeed'
> & {
  /** Epoch milliseconds when the invocation times out. */
  deadline: number;
};

/** The context of one invocation of the function named after its handler. */
export function lambdaContextFields(handlerName: string, timeoutMs: number): ContextFields {
  const functionName = `bidwright-local-${handlerName}`;
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${awsRequestId.replace(/-/g, '')}`,
    deadline: Date.now() + timeoutMs,
  };
}

/** The context object a handler is called with (local/lambda-container.mjs does the same). */
export function withContextMethods({ deadline, ...fields }: ContextFields): Context {
  return {
    ...fields,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
