import { describe, expect, it } from 'vitest';
import {
  MalformedJsonError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../functions/errors/errors.js';
import { readJsonBody } from '../../../functions/http/body.js';
import { httpEvent } from '../../fixtures/events/http-event.js';

/** README: a body over 1 MiB is refused with 413. */
const MiB = 1024 * 1024;

const post = (
  body: unknown,
  options: { base64?: boolean; headers?: Record<string, string> } = {},
) => httpEvent({ method: 'POST', route: '/bids', body, ...options });

describe('Function: readJsonBody', () => {
  it('parses a JSON body, plain or base64-encoded', () => {
    expect(readJsonBody(post({ a: 'é' }))).toEqual({ a: 'é' });
    expect(readJsonBody(post({ a: 'é' }, { base64: true }))).toEqual({ a: 'é' });
  });

  it.each([
    ['application/json; charset=utf-8'],
    ['application/problem+json'],
    ['Application/JSON'],
  ])('accepts the media type %s', (contentType) => {
    expect(readJsonBody(post({ a: 1 }, { headers: { 'content-type': contentType } }))).toEqual({
      a: 1,
    });
  });

  it.each([['text/plain'], ['application/json; charset=latin1'], ['']])(
    'refuses the media type "%s" with 415',
    (contentType) => {
      expect(() =>
        readJsonBody(post({ a: 1 }, { headers: { 'content-type': contentType } })),
      ).toThrow(UnsupportedMediaTypeError);
    },
  );

  it('refuses a body one byte over 1 MiB, plain or base64-encoded, before parsing it', () => {
    const body = 'x'.repeat(MiB + 1);
    expect(() => readJsonBody(post(body))).toThrow(PayloadTooLargeError);
    expect(() => readJsonBody(post(body, { base64: true }))).toThrow(PayloadTooLargeError);
  });

  it('accepts a body of exactly 1 MiB', () => {
    const body = `"${'x'.repeat(MiB - 2)}"`;
    expect(readJsonBody(post(body))).toHaveLength(MiB - 2);
  });

  it('refuses text that is not JSON, and bytes that are not UTF-8, as malformed JSON', () => {
    expect(() => readJsonBody(post('{"a":'))).toThrow(MalformedJsonError);
    const latin1 = Buffer.from('{"a":"\xe9"}', 'latin1').toString('base64');
    const event = post('x');
    event.body = latin1;
    event.isBase64Encoded = true;
    expect(() => readJsonBody(event)).toThrow(MalformedJsonError);
  });

  it('refuses a missing body naming body', () => {
    const event = httpEvent({ method: 'POST', route: '/bids' });
    expect(() => readJsonBody(event)).toThrow(ValidationError);
  });
});
