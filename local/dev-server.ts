import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HttpApiEvent } from '../functions/http/auth.js';
import { type HandlerName, type RouteDefinition, routes } from '../functions/http/routes.js';
import {
  apiGatewayEvent,
  apiGatewayRequestId,
  matchRoute,
  type RequestParts,
} from './api-gateway-event.js';
import { type HandlerInvoker, type InvokeOutcome, inProcessHandlers } from './handler-invokers.js';
import type { AuthorizerContext, JwtAuthorizer } from './jwt-authorizer.js';

/**
 * The local stand-in for API Gateway's HTTP API: the route table's routes on `node:http`,
 * each request turned into a payload 2.0 event for the route's Lambda handler (the very
 * module Lambda runs), and the handler's result written back. What API Gateway itself
 * answers, the dev server answers the same way and in the same words: 404 for an unknown
 * route, 401 when the JWT authorizer refuses the token (the handler is not called), 413
 * over 10 MB, 500 when a handler throws, 503 when it outlasts the integration timeout.
 */

/** API Gateway's payload limit (HTTP APIs: 10 MB). Handlers refuse far less themselves. */
export const API_GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** HTTP APIs give an integration at most 30 s. */
export const API_GATEWAY_TIMEOUT_MS = 30_000;
export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

export interface AccessLogEntry {
  method: string;
  path: string;
  /** The matched route, or undefined for a 404 from the router. */
  routeKey?: string;
  status: number;
  durationMs: number;
  requestId: string;
  /** Set when the server (not the handler) failed, e.g. a handler threw. */
  error?: unknown;
  /** The handler's module was loaded for this request (a Lambda cold start). */
  coldStart?: boolean;
}

export interface DevServerOptions {
  /** Verifies bearer tokens on every route with roles (API Gateway's JWT authorizer). */
  authorizer: JwtAuthorizer;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  host?: string;
  routes?: readonly RouteDefinition[];
  /** Runs the route's handler: by default the module functions/http/route-loaders.ts names. */
  handlers?: HandlerInvoker;
  maxBodyBytes?: number;
  integrationTimeoutMs?: number;
  /** Called once per request, after the response is written. */
  log?: (entry: AccessLogEntry) => void;
}

export interface DevServer {
  /** `http://127.0.0.1:3000`, no trailing slash. */
  url: string;
  port: number;
  /** Stops accepting, lets requests in flight finish (up to 5 s), then closes. */
  close(): Promise<void>;
}

/** The port is taken, most likely by another `npm start`. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
    options?: ErrorOptions,
  ) {
    super(
      `port ${port} on ${host} is already in use (another \`npm start\`?). ` +
        `Stop that process, or choose another port: PORT=${port + 1} npm start`,
      options,
    );
    this.name = 'PortInUseError';
  }
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const host = options.host ?? DEFAULT_HOST;
  const requested = options.port ?? DEFAULT_PORT;
  const handlers = options.handlers ?? inProcessHandlers();
  const dispatch = createDispatcher(options, handlers);
  const server = createServer((request, response) => {
    dispatch(request, response).catch((error: unknown) => {
      // Only a failure to write the response itself lands here.
      if (!response.headersSent) writeJson(response, 500, 'Internal Server Error', 'local');
      else response.destroy(error instanceof Error ? error : undefined);
    });
  });
  server.on('clientError', answerClientError);
  await listen(server, requested, host);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () => closeServer(server),
  };
}

/**
 * What Node's HTTP parser refuses before there is a request to route (a request line and
 * headers over its 16 KiB limit, bytes in the target that are not ASCII, anything that is
 * not HTTP) is answered in API Gateway's `{"message"}` shape too, rather than with Node's
 * default status line and empty body.
 */
function answerClientError(
  error: NodeJS.ErrnoException & { rawPacket?: Buffer },
  socket: Duplex,
): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout']
        : [400, 'Bad Request'];
  const body = JSON.stringify({ message });
  // A reply to HEAD carries no body; the method is read from the bytes the parser refused.
  const head = error.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  socket.end(
    `HTTP/1.1 ${status} ${message}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${head ? '' : body}`,
  );
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' ? new PortInUseError(port, host, { cause: error }) : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), 5_000);
  await closed;
  clearTimeout(timer);
}

type Dispatch = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

function createDispatcher(options: DevServerOptions, handlers: HandlerInvoker): Dispatch {
  const table = options.routes ?? routes;
  const maxBodyBytes = options.maxBodyBytes ?? API_GATEWAY_MAX_BODY_BYTES;
  const timeoutMs = options.integrationTimeoutMs ?? API_GATEWAY_TIMEOUT_MS;
  return async (request, response) => {
    const started = performance.now();
    const requestId = apiGatewayRequestId();
    const method = request.method ?? 'GET';
    const { rawPath, rawQueryString } = splitTarget(request.url ?? '/');
    const entry: Omit<AccessLogEntry, 'status' | 'durationMs'> = {
      method,
      path: rawPath,
      requestId,
    };
    const finish = (status: number, error?: unknown) =>
      options.log?.({
        ...entry,
        status,
        durationMs: performance.now() - started,
        ...(error === undefined ? {} : { error }),
      });

    const match = rawPath.startsWith('/') ? matchRoute(table, method, rawPath) : undefined;
    if (!match) {
      writeJson(response, 404, 'Not Found', requestId);
      return finish(404);
    }
    entry.routeKey = match.routeKey;

    const body = await readBody(request, maxBodyBytes);
    if (body === 'too-large') {
      writeJson(response, 413, 'Request Entity Too Large', requestId, { connection: 'close' });
      return finish(413);
    }
    if (body === 'aborted') return finish(499);

    let authorizer: AuthorizerContext | undefined;
    if (match.route.roles !== 'public') {
      const outcome = await options.authorizer(request.headers.authorization);
      if (!outcome.ok) {
        const challenge = request.headers.authorization
          ? `Bearer error="invalid_token", error_description="${outcome.reason}"`
          : 'Bearer';
        writeJson(response, 401, 'Unauthorized', requestId, { 'www-authenticate': challenge });
        return finish(401);
      }
      authorizer = outcome.context;
    }

    const parts: RequestParts = {
      method,
      rawPath,
      rawQueryString,
      headers: request.headersDistinct,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      protocol: `HTTP/${request.httpVersion}`,
      port: request.socket.localPort ?? 0,
    };
    const event = apiGatewayEvent({
      match,
      request: parts,
      requestId,
      ...(authorizer ? { authorizer } : {}),
    });

    let outcome: InvokeOutcome;
    try {
      outcome = await handlers.invoke(
        match.route.handler as HandlerName,
        event as HttpApiEvent,
        timeoutMs,
      );
      if (outcome.coldStart) entry.coldStart = true;
    } catch (error) {
      writeJson(response, 500, 'Internal Server Error', requestId);
      return finish(500, error);
    }
    if (outcome.kind === 'timeout') {
      writeJson(response, 503, 'Service Unavailable', requestId);
      return finish(503, new Error(`the handler took longer than ${timeoutMs} ms`));
    }
    const reply = httpReply(outcome.value);
    if (!reply) {
      writeJson(response, 500, 'Internal Server Error', requestId);
      return finish(500, new Error('the handler returned a malformed response'));
    }
    response.statusCode = reply.status;
    for (const [name, value] of Object.entries(reply.headers)) response.setHeader(name, value);
    if (reply.cookies.length > 0) response.setHeader('set-cookie', reply.cookies);
    response.setHeader('apigw-requestid', requestId);
    response.setHeader('content-length', reply.body.byteLength);
    response.end(reply.body);
    finish(reply.status);
  };
}

/** `/a/b?x=1` → rawPath `/a/b`, rawQueryString `x=1`; an absolute-form target is reduced. */
export function splitTarget(target: string): { rawPath: string; rawQueryString: string } {
  let pathAndQuery = target;
  if (!target.startsWith('/')) {
    try {
      const url = new URL(target);
      pathAndQuery = `${url.pathname}${url.search}`;
    } catch {
      return { rawPath: target, rawQueryString: '' };
    }
  }
  const at = pathAndQuery.indexOf('?');
  return at < 0
    ? { rawPath: pathAndQuery, rawQueryString: '' }
    : { rawPath: pathAndQuery.slice(0, at), rawQueryString: pathAndQuery.slice(at + 1) };
}

/**
 * The body, up to `limit` bytes. Past the limit the rest is read and dropped (so that the
 * client, still sending, gets the 413 rather than a reset connection), up to a bound.
 */
function readBody(
  request: IncomingMessage,
  limit: number,
): Promise<Buffer | 'too-large' | 'aborted'> {
  const declared = Number(request.headers['content-length']);
  const discardLimit = limit * 4;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    request.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else if (received > discardLimit) {
        request.socket.destroySoon();
        resolve('too-large');
      }
    });
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks, received)));
    // After 'end' these resolve nothing: a promise settles once.
    request.on('error', () => resolve('aborted'));
    request.on('close', () => resolve('aborted'));
  });
}

interface HttpReply {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

/**
 * What API Gateway makes of a handler's return value (payload 2.0): a result with a
 * `statusCode` is used as it is; anything else valid as JSON is a 200 with that JSON as its
 * body. A malformed result is undefined (API Gateway answers 500).
 */
export function httpReply(result: unknown): HttpReply | undefined {
  if (result === undefined) return undefined;
  const structured = result as {
    statusCode?: unknown;
    headers?: unknown;
    cookies?: unknown;
    body?: unknown;
    isBase64Encoded?: unknown;
  };
  if (typeof result !== 'object' || result === null || !('statusCode' in structured)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(body, 'utf8'),
    };
  }
  const status = structured.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    return undefined;
  }
  const headers: Record<string, string> = {};
  if (structured.headers !== undefined) {
    if (typeof structured.headers !== 'object' || structured.headers === null) return undefined;
    for (const [name, value] of Object.entries(structured.headers)) {
      if (!['string', 'number', 'boolean'].includes(typeof value)) return undefined;
      headers[name.toLowerCase()] = String(value);
    }
  }
  const cookies = structured.cookies ?? [];
  if (!Array.isArray(cookies) || cookies.some((cookie) => typeof cookie !== 'string')) {
    return undefined;
  }
  const body = structured.body ?? '';
  if (typeof body !== 'string') return undefined;
  return {
    status,
    headers,
    cookies: cookies as string[],
    body: Buffer.from(body, structured.isBase64Encoded === true ? 'base64' : 'utf8'),
  };
}

/** API Gateway's own answers: `{"message": "..."}` with its request id. */
function writeJson(
  response: ServerResponse,
  status: number,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(JSON.stringify({ message }), 'utf8');
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': body.byteLength,
    'apigw-requestid': requestId,
    ...headers,
  });
  response.end(body);
}
