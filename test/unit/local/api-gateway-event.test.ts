import { describe, expect, it } from 'vitest';
import { type RouteDefinition, routes } from '../../../functions/http/routes.js';
import {
  apiGatewayEvent,
  decodePathSegment,
  isTextContentType,
  matchRoute,
  queryParameters,
  type RequestParts,
} from '../../../local/api-gateway-event.js';
import { httpReply, splitTarget } from '../../../local/dev-server.js';
import { bearerToken, flattenClaims } from '../../../local/jwt-authorizer.js';

describe('Function: matchRoute', () => {
  it('matches a route with its path parameters decoded', () => {
    // Act
    const match = matchRoute(routes, 'GET', '/programmes/caf%C3%A9/snapshots/s%2F1');

    // Assess
    expect(match).toMatchObject({
      routeKey: 'GET /programmes/{id}/snapshots/{snapshotId}',
      pathParameters: { id: 'café', snapshotId: 's/1' },
    });
  });

  it.each([
    ['GET', '/programmes/'],
    ['GET', '/programmes//snapshots'],
    ['DELETE', '/programmes/x'],
    ['GET', '/programmes/x/'],
    ['GET', 'programmes'],
  ])('finds no route for %s %s', (method, path) => {
    expect(matchRoute(routes, method, path)).toBeUndefined();
  });

  it('prefers a literal segment over a parameter, as API Gateway does', () => {
    // Prepare
    const table: RouteDefinition[] = [
      { method: 'GET', path: '/bids/{id}', handler: 'get-bid', roles: 'public', body: false },
      { method: 'GET', path: '/bids/latest', handler: 'latest', roles: 'public', body: false },
    ];

    // Act
    const literal = matchRoute(table, 'GET', '/bids/latest');
    const parameter = matchRoute(table, 'GET', '/bids/other');

    // Assess
    expect(literal?.route.handler).toBe('latest');
    expect(parameter?.route.handler).toBe('get-bid');
  });
});

describe('Function: decodePathSegment', () => {
  it('hands a malformed escape on as sent', () => {
    expect(decodePathSegment('%ZZ')).toBe('%ZZ');
    expect(decodePathSegment('..%2F..%2Fetc')).toBe('../../etc');
    expect(decodePathSegment('%00')).toBe('\u0000');
  });
});

describe('Function: queryParameters', () => {
  it('joins repeated names with commas and leaves an empty query out', () => {
    expect(queryParameters('a=1&b=x%20y&a=2')).toEqual({ a: '1,2', b: 'x y' });
    expect(queryParameters('')).toBeUndefined();
  });
});

describe('Function: isTextContentType', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/problem+json', true],
    ['text/plain', true],
    ['application/xml', true],
    ['application/x-www-form-urlencoded', false],
    ['application/octet-stream', false],
    ['application/pdf', false],
    [undefined, false],
  ])('treats %s as text: %s', (contentType, text) => {
    expect(isTextContentType(contentType)).toBe(text);
  });
});

describe('Function: apiGatewayEvent', () => {
  const request = (overrides: Partial<RequestParts> = {}): RequestParts => ({
    method: 'PUT',
    rawPath: '/programmes/x',
    rawQueryString: '',
    headers: { 'content-type': ['application/json'], accept: ['a', 'b'] },
    body: Buffer.from('{"a":1}'),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
    port: 3000,
    ...overrides,
  });
  const match = matchRoute(routes, 'PUT', '/programmes/x');
  if (!match) throw new Error('no route');

  it('joins repeated headers with commas and keeps a JSON body as text', () => {
    // Act
    const event = apiGatewayEvent({ match, request: request(), requestId: 'r=' });

    // Assess
    expect(event.headers.accept).toBe('a,b');
    expect(event.body).toBe('{"a":1}');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.queryStringParameters).toBeUndefined();
    expect('authorizer' in event.requestContext).toBe(false);
  });

  it('base64-encodes a body of another type and leaves out an empty one', () => {
    // Act
    const binary = apiGatewayEvent({
      match,
      request: request({ headers: {}, body: Buffer.from([1, 2, 3]) }),
      requestId: 'r=',
    });
    const empty = apiGatewayEvent({
      match,
      request: request({ body: Buffer.alloc(0) }),
      requestId: 'r=',
    });

    // Assess
    expect(binary).toMatchObject({ body: 'AQID', isBase64Encoded: true });
    expect(empty.body).toBeUndefined();
    expect(empty.isBase64Encoded).toBe(false);
  });

  it('base64-encodes a JSON body that is not UTF-8, so no byte is replaced before the handler reads it', () => {
    // Act
    const event = apiGatewayEvent({
      match,
      request: request({ body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }),
      requestId: 'r=',
    });

    // Assess
    expect(event).toMatchObject({ body: 'eyL//iJ9', isBase64Encoded: true });
  });
});

describe('Function: flattenClaims', () => {
  it('writes every claim as a string the way API Gateway (Go) prints it', () => {
    expect(
      flattenClaims({
        sub: 'u1',
        exp: 1718722804,
        'cognito:groups': ['writers', 'admins'],
        email_verified: true,
        address: { street: 'x', country: 'UK' },
      }),
    ).toEqual({
      sub: 'u1',
      exp: '1718722804',
      'cognito:groups': '[writers admins]',
      email_verified: 'true',
      address: 'map[country:UK street:x]',
    });
  });
});

describe('Function: bearerToken', () => {
  it('takes the token with or without the Bearer prefix', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('abc')).toBe('abc');
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken('')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('Function: splitTarget', () => {
  it('splits the raw path from the raw query, keeping both as sent', () => {
    expect(splitTarget('/a%2Fb?x=1&y=%20')).toEqual({
      rawPath: '/a%2Fb',
      rawQueryString: 'x=1&y=%20',
    });
    expect(splitTarget('/a')).toEqual({ rawPath: '/a', rawQueryString: '' });
    expect(splitTarget('http://host:1/a?b')).toEqual({ rawPath: '/a', rawQueryString: 'b' });
  });
});

describe('Function: httpReply', () => {
  it('uses a structured result as it is and decodes a base64 body', () => {
    expect(
      httpReply({
        statusCode: 201,
        headers: { 'X-A': 1 },
        cookies: ['c=1'],
        body: 'AQI=',
        isBase64Encoded: true,
      }),
    ).toEqual({
      status: 201,
      headers: { 'x-a': '1' },
      cookies: ['c=1'],
      body: Buffer.from([1, 2]),
    });
  });

  it('makes any other value a 200 with it as JSON, and refuses malformed results', () => {
    expect(httpReply({ a: 1 })?.body.toString()).toBe('{"a":1}');
    expect(httpReply('text')?.status).toBe(200);
    expect(httpReply({ statusCode: 99 })).toBeUndefined();
    expect(httpReply({ statusCode: 200, body: 3 })).toBeUndefined();
    expect(httpReply(undefined)).toBeUndefined();
  });
});
