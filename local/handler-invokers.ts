import type { Context } from 'aws-lambda';
import type { HttpApiEvent } from '../functions/http/auth.js';
import { routeLoaders } from '../functions/http/route-loaders.js';
import type { HandlerName } from '../functions/http/routes.js';
import { lambdaContextFields, withContextMethods } from './api-gateway-event.js';

/**
 * How the dev server runs a route's Lambda handler. `inProcessHandlers` imports the
 * handler modules into the server's own process, as one warm container serving every
 * request (unlike Lambda, concurrently: module state is shared between requests in flight).
 * Tests hand in stand-ins through it.
 *
 * Lambda-like containers (a worker thread per container, one invocation at a time) were
 * tried: on 2 cores they served POST /bids 20–35% slower than one process (bench/RESULTS.md).
 */
export interface HandlerInvoker {
  /** The handler's return value, `timeout` past `timeoutMs`; rejects when the handler throws. */
  invoke(name: HandlerName, event: HttpApiEvent, timeoutMs: number): Promise<InvokeOutcome>;
}

export type InvokeOutcome =
  | { kind: 'done'; value: unknown; coldStart: boolean }
  | { kind: 'timeout'; coldStart: boolean };

/** A Lambda handler for an HTTP API route; what it returns is checked, not trusted. */
export type RouteHandler = (event: never, context: Context) => Promise<unknown>;

const loadRouteHandler = async (name: HandlerName): Promise<RouteHandler> =>
  (await routeLoaders[name]()).handler as RouteHandler;

/** Handlers called in this process, each module loaded on its first request. */
export function inProcessHandlers(
  load: (name: HandlerName) => Promise<RouteHandler> = loadRouteHandler,
): HandlerInvoker {
  const handlers = new Map<HandlerName, Promise<RouteHandler>>();
  return {
    async invoke(name, event, timeoutMs) {
      let loading = handlers.get(name);
      const coldStart = !loading;
      if (!loading) {
        loading = load(name);
        handlers.set(name, loading);
        loading.catch(() => handlers.delete(name));
      }
      const handler = await loading;
      const context = withContextMethods(lambdaContextFields(name, timeoutMs));
      const work = handler(event as never, context);
      const outcome = await raceTimeout(work, timeoutMs);
      return outcome === TIMED_OUT
        ? { kind: 'timeout', coldStart }
        : { kind: 'done', value: outcome.value, coldStart };
    },
  };
}

const TIMED_OUT = Symbol('timed out');

async function raceTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
): Promise<{ value: T } | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  try {
    return await Promise.race([work.then((value) => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
