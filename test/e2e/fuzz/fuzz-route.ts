import fc from 'fast-check';
import type { RouteDefinition } from '../../../functions/http/routes.js';
import type { FuzzFixture } from './arbitraries/fixture.js';
import type { Authorization } from './arbitraries/headers.js';
import { CREATED_ID, type FuzzRequest, NEXT_CURSOR, requestFor } from './arbitraries/requests.js';
import type { FuzzStack } from './fuzz-stack.js';
import { type RawReply, sendableHeaderValue, sendableTarget, sendRaw } from './raw-http.js';
import { describeChange, type StoredState } from './stored-state.js';
import type { TokenKind, TokenPool } from './tokens.js';

/**
 * The property every route must keep, whatever it is sent: no 5xx, a refusal (any 4xx)
 * that says what was wrong in the API's error shape, and a refusal leaves the table and
 * the bucket exactly as they were. Each run starts from the seeded data, so a seed and
 * path replay the same requests against the same data.
 */

export interface RouteRunOptions {
  numRuns: number;
  seed: number;
  /** Replays one failing case (fast-check's counterexample path) with `seed`. */
  path?: string;
  /** Requests tried before the generated ones: failures found earlier, kept as regressions. */
  examples?: (fixture: FuzzFixture) => FuzzRequest[];
  /** Bounds the whole run, shrinking included. */
  timeLimitMs?: number;
}

export interface RouteFailure {
  seed: number;
  path: string;
  request: string;
  problem: string;
}

export interface RouteRun {
  route: string;
  /** Requests sent, shrinking included. */
  requests: number;
  /** Of which the regression examples, replayed before the generated requests. */
  regressions: number;
  statuses: Map<number, number>;
  durationMs: number;
  /** Requests sent before the route's own (edits, first pages, a repeated key); not counted above. */
  preludes: number;
  preludeStatuses: Map<number, number>;
  /** Of which waiting for replies, and reading or resetting what is stored. */
  requestMs: number;
  stateMs: number;
  failure?: RouteFailure;
}

/** The role tokens a route admits (all three on a public route). */
function admittedTokens(route: RouteDefinition): TokenKind[] {
  if (route.roles === 'public') return ['writer', 'reviewer', 'admin'];
  const byGroup = { writers: 'writer', reviewers: 'reviewer', admins: 'admin' } as const;
  return route.roles.map((group) => byGroup[group]);
}

export const routeName = (route: RouteDefinition) => `${route.method} ${route.path}`;

function authorizationHeader(auth: Authorization, tokens: TokenPool): string | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'junk':
      return auth.value;
    case 'token': {
      const token = tokens[auth.token];
      switch (auth.form) {
        case 'Bearer':
          return `Bearer ${token}`;
        case 'bearer':
          return `bearer ${token}`;
        case 'bare':
          return token;
        case 'padded':
          return `  Bearer   ${token}  `;
        case 'twice':
          return `Bearer ${token}, Bearer ${token}`;
      }
    }
  }
}

/** One line per request, short enough to read in a failure report. */
export function describeRequest(request: FuzzRequest): string {
  const target =
    request.target.length > 300
      ? `${request.target.slice(0, 300)}… (${request.target.length} chars)`
      : request.target;
  const auth =
    request.authorization.kind === 'token'
      ? `${request.authorization.form} <${request.authorization.token} token>`
      : request.authorization.kind === 'junk'
        ? JSON.stringify(request.authorization.value.slice(0, 80))
        : 'no Authorization';
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${JSON.stringify(value.slice(0, 80))}`)
    .join(', ');
  const body = request.body
    ? `body ${request.body.bytes.byteLength} bytes: ${request.body.describe.slice(0, 400)}`
    : 'no body';
  const line = `${request.method} ${target} [${auth}] {${headers}} ${body}`;
  const first = (request.before ?? []).map((step) => `${describeRequest(step)}\n  then `);
  return `${first.join('')}${line}`;
}

function send(
  stack: FuzzStack,
  request: FuzzRequest,
  createdId: string | undefined,
  nextCursor: string | undefined,
): Promise<RawReply> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = sendableHeaderValue(value);
  }
  const auth = authorizationHeader(request.authorization, stack.tokens);
  if (auth !== undefined) headers.authorization = sendableHeaderValue(auth);
  return sendRaw(stack.url, {
    method: request.method,
    target: sendableTarget(
      request.target
        .replace(CREATED_ID, createdId ?? 'none')
        .replace(NEXT_CURSOR, encodeURIComponent(nextCursor ?? 'none')),
    ),
    headers,
    ...(request.body ? { body: request.body.bytes } : {}),
  });
}

/** A text field of a JSON reply (`id`, `nextCursor`), if it has one. */
function fieldOf(reply: RawReply, name: string): string | undefined {
  try {
    const value = (JSON.parse(reply.body) as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A refusal names its problem: the API's `{error: {code, message}}`, or API Gateway's `{message}`. */
function refusalProblem(reply: RawReply): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(reply.body);
  } catch {
    return `a ${reply.status} whose body is not JSON: ${JSON.stringify(reply.body.slice(0, 200))}`;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  if (
    error &&
    typeof error.code === 'string' &&
    typeof error.message === 'string' &&
    error.message
  ) {
    return undefined;
  }
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string' && message) return undefined;
  return `a ${reply.status} that does not say what is wrong: ${reply.body.slice(0, 200)}`;
}

export async function fuzzRoute(
  stack: FuzzStack,
  route: RouteDefinition,
  options: RouteRunOptions,
): Promise<RouteRun> {
  const started = performance.now();
  const statuses = new Map<number, number>();
  let requests = 0;
  let requestMs = 0;
  let stateMs = 0;
  let preludes = 0;
  let createdId: string | undefined;
  let nextCursor: string | undefined;
  const preludeStatuses = new Map<number, number>();
  let current: StoredState = await stack.reset(await stack.read());
  const errorsBefore = stack.serverErrors.length;

  const property = fc.asyncProperty(
    requestFor(route, stack.fixture, admittedTokens(route)),
    async (request) => {
      const at = performance.now();
      current = await stack.reset(current);
      stateMs += performance.now() - at;
      for (const step of request.before ?? []) {
        preludes += 1;
        await sendAndCheck(step, false);
      }
      await sendAndCheck(request, true);
    },
  );

  /** Sends one request and checks it against the state before it. */
  async function sendAndCheck(request: FuzzRequest, counted: boolean): Promise<void> {
    const before = current;
    const sentAt = performance.now();
    const reply = await send(stack, request, createdId, nextCursor);
    const repliedAt = performance.now();
    createdId = fieldOf(reply, 'id') ?? createdId;
    nextCursor = fieldOf(reply, 'nextCursor') ?? nextCursor;
    const tally = counted ? statuses : preludeStatuses;
    tally.set(reply.status, (tally.get(reply.status) ?? 0) + 1);
    if (counted) requests += 1;
    const after = await stack.read();
    current = after;
    requestMs += repliedAt - sentAt;
    stateMs += performance.now() - repliedAt;
    const which = counted ? '' : `(first, ${request.method} ${request.target}) `;
    if (reply.status >= 500) {
      const logged = stack.serverErrors.at(-1);
      const cause =
        logged?.error instanceof Error ? (logged.error.stack ?? logged.error.message) : '';
      throw new Error(`${which}answered ${reply.status}: ${reply.body.slice(0, 500)}\n${cause}`);
    }
    if (reply.status >= 400) {
      // A reply to HEAD has no body to say anything in.
      const problem = request.method === 'HEAD' ? undefined : refusalProblem(reply);
      if (problem) throw new Error(`${which}${problem}`);
      if (after.text !== before.text) {
        throw new Error(
          `${which}refused with ${reply.status} (${reply.body.slice(0, 300)}) but changed what is stored:\n  ${describeChange(before, after).join('\n  ')}`,
        );
      }
    }
  }

  const examples = options.examples?.(stack.fixture) ?? [];
  // fast-check counts examples among numRuns: added to them, numRuns requests are generated.
  const details = await fc.check(property, {
    numRuns: options.numRuns + examples.length,
    seed: options.seed,
    ...(options.path ? { path: options.path } : {}),
    ...(examples.length > 0 ? { examples: examples.map((r) => [r] as [FuzzRequest]) } : {}),
    endOnFailure: false,
    ...(options.timeLimitMs
      ? { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: true }
      : {}),
  });
  const run: RouteRun = {
    route: routeName(route),
    requests,
    regressions: examples.length,
    statuses,
    durationMs: performance.now() - started,
    preludes,
    preludeStatuses,
    requestMs,
    stateMs,
  };
  if (details.failed) {
    const request = details.counterexample?.[0];
    run.failure = {
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      request: request ? describeRequest(request) : '(interrupted before a counterexample)',
      problem:
        details.errorInstance instanceof Error
          ? details.errorInstance.message
          : details.interrupted
            ? `stopped after ${details.numRuns} of ${options.numRuns} runs: the time limit`
            : String(details.errorInstance),
    };
  }
  // A 5xx logged by the server but answered otherwise would hide from the property.
  if (!run.failure && stack.serverErrors.length > errorsBefore) {
    const logged = stack.serverErrors[errorsBefore];
    run.failure = {
      seed: details.seed,
      path: '',
      request: `${logged?.method} ${logged?.path}`,
      problem: `the server logged a ${logged?.status}`,
    };
  }
  return run;
}

export function formatRun(run: RouteRun): string {
  const tally = (counts: Map<number, number>) =>
    [...counts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const regressions = run.regressions > 0 ? ` (${run.regressions} of them regressions)` : '';
  const lines = [
    `${run.route.padEnd(46)} ${String(run.requests).padStart(6)} requests${regressions} ${seconds(run.durationMs).padStart(6)} s (replies ${seconds(run.requestMs)} s, state ${seconds(run.stateMs)} s)  ${tally(run.statuses)}`,
  ];
  if (run.preludes > 0) {
    lines.push(
      `${''.padEnd(46)} ${String(run.preludes).padStart(6)} sent first: ${tally(run.preludeStatuses)}`,
    );
  }
  return lines.join('\n');
}

export function formatFailure(run: RouteRun): string {
  const f = run.failure;
  if (!f) return '';
  return [
    `${run.route} failed — replay with seed ${f.seed}${f.path ? ` and path "${f.path}"` : ''}`,
    `  request: ${f.request}`,
    `  problem: ${f.problem}`,
  ].join('\n');
}
