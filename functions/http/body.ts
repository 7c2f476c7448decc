import {
  MalformedJsonError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors/errors.js';
import type { HttpApiEvent } from './auth.js';

/**
 * The largest body read, checked before decoding or parsing. The largest legitimate body
 * is a template upload, and what Bidwright can store is bounded by DynamoDB's 400 KB item
 * (documents are capped at 300 KiB); 1 MiB leaves room for JSON escaping of the largest
 * storable template while refusing anything that could only cost memory and CPU in
 * `JSON.parse` and zod. (API Gateway itself allows 10 MB, Lambda 6 MB.)
 */
export const MAX_BODY_BYTES = 1024 * 1024;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

function header(event: HttpApiEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim());
  if (!JSON_MEDIA_TYPE.test(mediaType)) return false;
  const charset = parameters.find((p) => p.toLowerCase().startsWith('charset='));
  return !charset || /^charset="?utf-8"?$/i.test(charset);
}

function bodyBytes(event: HttpApiEvent): Buffer {
  const raw = event.body ?? '';
  if (!event.isBase64Encoded) {
    if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
      throw new PayloadTooLargeError(MAX_BODY_BYTES);
    }
    return Buffer.from(raw, 'utf8');
  }
  if (raw.length > Math.ceil(MAX_BODY_BYTES / 3) * 4 + 4) {
    throw new PayloadTooLargeError(MAX_BODY_BYTES);
  }
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.byteLength > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  return bytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The request's JSON body: size first (413), then the media type (415), then the JSON
 * itself (400 `malformed-json`). A missing body is a 400 naming `body`.
 */
export function readJsonBody(event: HttpApiEvent): unknown {
  const bytes = bodyBytes(event);
  if (bytes.byteLength === 0) {
    throw new ValidationError('request', [{ path: 'body', message: 'is required: send JSON' }]);
  }
  const contentType = header(event, 'content-type');
  if (!isJson(contentType)) throw new UnsupportedMediaTypeError(contentType);
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch (error) {
    throw new MalformedJsonError({ cause: error });
  }
}
