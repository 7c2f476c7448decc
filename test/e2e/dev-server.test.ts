import { connect } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { decodeJwt, importJWK, type JWTHeaderParameters, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DevServer, PortInUseError, startDevServer } from '../../local/dev-server.js';
import {
  DEV_ALGORITHM,
  DEV_AUDIENCE,
  DEV_ROLES,
  type DevKeys,
  devAuthorizerConfig,
  generateDevKeys,
  signDevToken,
} from '../../local/dev-tokens.js';
import { inProcessHandlers } from '../../local/handler-invokers.js';
import { createJwtAuthorizer } from '../../local/jwt-authorizer.js';

/**
 * The dev server as API Gateway: the events it builds, the tokens its JWT authorizer lets
 * through, and what it answers itself. The handlers here are stand-ins that record what
 * they were given, so that "the handler was not called" can be seen.
 */

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
interface Call {
  name: string;
  event: Event;
  context: Context;
}

let server: DevServer;
let keys: DevKeys;
let writer: string;
const calls: Call[] = [];
/** What the stand-in handler does; reset before each test. */
let behaviour: (name: string, event: Event) => Promise<unknown>;
const answerOk = async () => ({ statusCode: 200, body: '{"ok":true}' });

/** A token's claims, to sign again with some of them changed. */
function claimsOf(token: string): JWTPayload {
  return decodeJwt(token);
}

/** Claims signed as they are with the dev key, under the dev key id unless a header is given. */
async function signRaw(
  devKeys: DevKeys,
  claims: JWTPayload,
  header: JWTHeaderParameters = {
    alg: DEV_ALGORITHM,
    kid: devKeys.privateKey.kid ?? '',
    typ: 'JWT',
  },
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader(header)
    .sign(await importJWK(devKeys.privateKey, DEV_ALGORITHM));
}

beforeAll(async () => {
  keys = await generateDevKeys();
  writer = await signDevToken(keys, { ...DEV_ROLES.writer, expiresIn: '5m' });
  server = await startDevServer({
    authorizer: createJwtAuthorizer(devAuthorizerConfig(keys)),
    port: 0,
    integrationTimeoutMs: 300,
    maxBodyBytes: 64 * 1024,
    handlers: inProcessHandlers(async (name) => async (event: never, context: Context) => {
      calls.push({ name, event, context });
      return behaviour(name, event);
    }),
  });
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  calls.length = 0;
  behaviour = answerOk;
});

function send(path: string, init: RequestInit & { token?: string | null } = {}) {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? writer : init.token;
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(`${server.url}${path}`, { ...init, headers });
}

const lastEvent = () => {
  const call = calls.at(-1);
  if (!call) throw new Error('the handler was not called');
  return call.event;
};

describe('Dev server: the event a handler receives', () => {
  it('builds a payload 2.0 event with the route key, decoded path parameters, query, cookies and claims', async () => {
    // Act
    const response = await send('/programmes/caf%C3%A9%2Fx/snapshots?limit=5&tag=a&tag=b', {
      method: 'GET',
      headers: {
        'X-Custom-Header': 'Value',
        Cookie: 'session=abc; theme=dark',
        'User-Agent': 'e2e-test/1.0',
      },
    });

    // Assess
    expect(response.status).toBe(200);
    const event = lastEvent();
    expect(calls.at(-1)?.name).toBe('list-snapshots');
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /programmes/{id}/snapshots',
      rawPath: '/programmes/caf%C3%A9%2Fx/snapshots',
      rawQueryString: 'limit=5&tag=a&tag=b',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { limit: '5', tag: 'a,b' },
      pathParameters: { id: 'café/x' },
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'GET /programmes/{id}/snapshots',
        stage: '$default',
        http: {
          method: 'GET',
          path: '/programmes/caf%C3%A9%2Fx/snapshots',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'e2e-test/1.0',
        },
      },
    });
    expect(event.body).toBeUndefined();
    expect(event.headers['x-custom-header']).toBe('Value');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers.authorization).toBe(`Bearer ${writer}`);
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(event.requestContext.requestId).toBe(response.headers.get('apigw-requestid'));
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(5_000);
    expect(event.requestContext.time).toMatch(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    const { claims, scopes } = event.requestContext.authorizer.jwt;
    expect(claims).toMatchObject({
      sub: 'dev-writer',
      'cognito:username': 'dev.writer',
      'cognito:groups': '[writers]',
      token_use: 'id',
    });
    expect(claims.exp).toMatch(/^\d+$/);
    expect(scopes).toBeNull();
    expect(calls.at(-1)?.context.functionName).toBe('bidwright-local-list-snapshots');
  });

  it('flattens several groups the way API Gateway does: "[writers admins]"', async () => {
    // Prepare
    const token = await signDevToken(keys, {
      sub: 'both',
      email: 'both@bidwright.local',
      groups: ['writers', 'admins'],
      expiresIn: '5m',
    });

    // Act
    await send('/programmes', { token });

    // Assess
    expect(lastEvent().requestContext.authorizer.jwt.claims['cognito:groups']).toBe(
      '[writers admins]',
    );
  });

  it('hands a JSON body on as text and any other body base64-encoded', async () => {
    // Act
    await send('/programmes/x', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"a":"é"}',
    });
    const text = lastEvent();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await send('/programmes/x', {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const binary = lastEvent();

    // Assess
    expect(text).toMatchObject({ body: '{"a":"é"}', isBase64Encoded: false });
    expect(binary.isBase64Encoded).toBe(true);
    expect(new Uint8Array(Buffer.from(binary.body ?? '', 'base64'))).toEqual(bytes);
  });

  it('calls a route without roles with no token and no authorizer context', async () => {
    // Act
    const response = await send('/health', { token: null });

    // Assess
    expect(response.status).toBe(200);
    expect(lastEvent().requestContext.authorizer).toBeUndefined();
    expect(lastEvent().pathParameters).toBeUndefined();
  });
});

describe("Dev server: the JWT authorizer's refusals", () => {
  const refusals: [string, () => Promise<string | null>][] = [
    ['no token', async () => null],
    ['a token that is not a JWT', async () => 'not-a-jwt'],
    [
      'an expired token',
      async () =>
        signDevToken(keys, {
          ...DEV_ROLES.writer,
          expiresIn: Math.floor(Date.now() / 1000) - 60,
        }),
    ],
    [
      'a token signed with another key',
      async () => signDevToken(await generateDevKeys(), DEV_ROLES.writer),
    ],
    [
      'a token signed with another key under the real key id',
      async () => {
        const forged = await generateDevKeys();
        forged.privateKey.kid = keys.privateKey.kid ?? '';
        return signDevToken(forged, DEV_ROLES.writer);
      },
    ],
    [
      'a token from another issuer',
      async () => signDevToken(keys, { ...DEV_ROLES.writer, issuer: 'https://evil.example' }),
    ],
    [
      'a token for another audience',
      async () => signDevToken(keys, { ...DEV_ROLES.writer, audience: 'someone-else' }),
    ],
    [
      'a token for another audience whose client_id is this one (API Gateway reads aud alone when there is one)',
      async () =>
        signRaw(keys, { ...claimsOf(writer), aud: 'someone-else', client_id: DEV_AUDIENCE }),
    ],
    [
      'a token not valid before a time still to come',
      async () => signRaw(keys, { ...claimsOf(writer), nbf: Math.floor(Date.now() / 1000) + 600 }),
    ],
    [
      'a token issued at a time still to come',
      async () => signRaw(keys, { ...claimsOf(writer), iat: Math.floor(Date.now() / 1000) + 600 }),
    ],
    [
      'a token that names no key (no kid)',
      async () => signRaw(keys, claimsOf(writer), { alg: DEV_ALGORITHM, typ: 'JWT' }),
    ],
    [
      'a token signed HS256 with the public key as its secret',
      async () => {
        const secret = new TextEncoder().encode(JSON.stringify(keys.publicKey));
        return new SignJWT(claimsOf(writer))
          .setProtectedHeader({ alg: 'HS256', kid: keys.publicKey.kid ?? '', typ: 'JWT' })
          .sign(secret);
      },
    ],
    [
      'an unsigned token (alg none)',
      async () => {
        const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        const exp = Math.floor(Date.now() / 1000) + 600;
        return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'x', 'cognito:groups': ['admins'], exp })}.`;
      },
    ],
    [
      'a valid token with its payload altered',
      async () => {
        const [header, , signature] = writer.split('.');
        const payload = Buffer.from(
          JSON.stringify({ sub: 'dev-writer', 'cognito:groups': ['admins'], exp: 9_999_999_999 }),
        ).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
    ],
  ];

  it.each(refusals)('answers 401 to %s without calling the handler', async (_, token) => {
    // Act
    const response = await send('/programmes/x', {
      method: 'PUT',
      token: await token(),
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });

    // Assess
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(calls).toEqual([]);
  });

  it('refuses a token once it has expired, though it accepted it before', async () => {
    // Prepare
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await signDevToken(keys, { ...DEV_ROLES.writer, expiresIn: exp });
    const accepted = await send('/programmes', { token });

    // Act
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    const refused = await send('/programmes', { token });

    // Assess
    expect(accepted.status).toBe(200);
    expect(refused.status).toBe(401);
    expect(calls).toHaveLength(1);
  });

  it('accepts a token with no aud whose client_id is this one, as a Cognito access token', async () => {
    // Prepare
    const { aud: _, ...claims } = claimsOf(writer);
    const token = await signRaw(keys, { ...claims, client_id: DEV_AUDIENCE, token_use: 'access' });

    // Act
    const response = await send('/programmes', { token });

    // Assess
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it('accepts the token without the "Bearer" prefix, as API Gateway does', async () => {
    // Act
    const response = await send('/programmes', { token: null, headers: { authorization: writer } });

    // Assess
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it('signs with the algorithm it verifies', () => {
    expect(keys.publicKey.alg).toBe(DEV_ALGORITHM);
  });
});

describe("Dev server: API Gateway's own answers", () => {
  it.each([
    ['GET', '/nowhere'],
    ['GET', '/'],
    ['DELETE', '/programmes/x'],
    ['POST', '/health'],
    ['PATCH', '/bids/x'],
    ['GET', '/programmes/'],
    ['GET', '/bids//pdf'],
    ['GET', '/programmes/x/snapshots/y/z'],
  ])('answers 404 to %s %s without calling a handler', async (method, path) => {
    // Act
    const response = await send(path, { method });

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
    expect(calls).toEqual([]);
  });

  it('answers 413 to a body over the limit without calling the handler', async () => {
    // Act
    const response = await send('/bids', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(64 * 1024 + 1),
    });

    // Assess
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
    expect(calls).toEqual([]);
  });

  it('answers 500 when the handler throws, and goes on serving', async () => {
    // Prepare
    behaviour = async () => {
      throw new Error('boom');
    };

    // Act
    const failed = await send('/programmes');
    behaviour = answerOk;
    const next = await send('/programmes');

    // Assess
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ message: 'Internal Server Error' });
    expect(next.status).toBe(200);
  });

  it.each([
    ['a status that is not a number', { statusCode: 'ok' }],
    ['a body that is not text', { statusCode: 200, body: { a: 1 } }],
    ['a header holding an object', { statusCode: 200, headers: { a: { b: 1 } } }],
    ['nothing', undefined],
  ])('answers 500 when the handler returns %s', async (_, result) => {
    // Prepare
    behaviour = async () => result;

    // Act
    const response = await send('/programmes');

    // Assess
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('answers 503 when the handler outlasts the integration timeout', async () => {
    // Prepare
    behaviour = () =>
      new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200 }), 1_000));

    // Act
    const response = await send('/programmes');

    // Assess
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: 'Service Unavailable' });
  });

  it('writes the handler’s status, headers, cookies and base64 body', async () => {
    // Prepare
    const pdf = Buffer.from('%PDF-1.7 binary \u00ff');
    behaviour = async () => ({
      statusCode: 201,
      headers: { 'Content-Type': 'application/pdf', 'x-count': 3 },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: pdf.toString('base64'),
      isBase64Encoded: true,
    });

    // Act
    const response = await send('/programmes');

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('x-count')).toBe('3');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(response.headers.get('apigw-requestid')).toMatch(/=$/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(pdf);
  });

  it('answers 200 with JSON when the handler returns a plain object', async () => {
    // Prepare
    behaviour = async () => ({ items: [] });

    // Act
    const response = await send('/programmes');

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [] });
  });

  it('survives a client that hangs up mid-body and one that sends no HTTP at all', async () => {
    // Act
    await rawExchange(
      `PUT /programmes/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${writer}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"half":`,
      { hangUp: true },
    );
    const garbage = await rawExchange('\u0000\u0001 not http at all\r\n\r\n');
    const after = await send('/programmes');

    // Assess
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    expect(after.status).toBe(200);
  });

  it.each([
    ['a request line over the 16 KiB header limit', `/programmes/${'a'.repeat(20_000)}`, 431],
    ['a path with a byte that is not ASCII', '/programmes/\u00e9t\u00e9', 400],
  ])('answers %s in its own JSON shape, not an empty body', async (_, path, status) => {
    // Act
    const reply = await rawExchange(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);

    // Assess
    const [head = '', body = ''] = reply.split('\r\n\r\n');
    expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(body)).toEqual({ message: expect.any(String) });
    expect(calls).toEqual([]);
  });

  it('answers HEAD over the header limit with a 431 and no body', async () => {
    // Act
    const reply = await rawExchange(
      `HEAD /programmes/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );

    // Assess
    expect(reply).toMatch(/^HTTP\/1\.1 431 /);
    expect(reply.endsWith('\r\n\r\n')).toBe(true);
  });

  it('says clearly when its port is taken', async () => {
    // Act
    const starting = startDevServer({
      authorizer: createJwtAuthorizer(devAuthorizerConfig(keys)),
      port: server.port,
    });

    // Assess
    await expect(starting).rejects.toBeInstanceOf(PortInUseError);
    await expect(starting).rejects.toThrow(`port ${server.port} on 127.0.0.1 is already in use`);
  });
});

/** Writes raw bytes to the server; resolves with what came back before the socket closed. */
function rawExchange(data: string, { hangUp = false } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(received));
    socket.on('error', () => resolve(received));
    socket.write(data, () => {
      if (hangUp) setTimeout(() => socket.destroy(), 50);
    });
    setTimeout(() => socket.destroy(), 2_000);
  });
}
