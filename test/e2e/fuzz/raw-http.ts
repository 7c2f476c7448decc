import { Agent, request as httpRequest } from 'node:http';

/**
 * One HTTP request with its request target sent as written: `fetch` would normalise `..`
 * segments and re-encode the path, and the fuzzer needs the server to see exactly the
 * bytes it generated. Header values are sent as their UTF-8 bytes.
 */
export interface RawRequest {
  method: string;
  /** The request target: path and query, percent-encoded where the generator chose to. */
  target: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Closes the kept-alive connection (at the end of a run). */
export function closeRawConnections(): void {
  agent.destroy();
}

export function sendRaw(baseUrl: string, raw: RawRequest, timeoutMs = 60_000): Promise<RawReply> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: raw.method,
        path: raw.target,
        headers: {
          ...raw.headers,
          ...(raw.body ? { 'content-length': String(raw.body.byteLength) } : {}),
        },
        agent,
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no reply in ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(raw.body ? Buffer.from(raw.body) : undefined);
  });
}

/** A request target Node will send: characters outside `!`–`ÿ` are percent-encoded as UTF-8. */
export function sendableTarget(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x21 && code <= 0xff) out += char;
    else
      out += [...Buffer.from(char, 'utf8')]
        .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('');
  }
  return out;
}

/** A header value Node will send: the UTF-8 bytes, less control characters. */
export function sendableHeaderValue(text: string): string {
  const latin1 = Buffer.from(text, 'utf8').toString('latin1');
  let out = '';
  for (const char of latin1) {
    const code = char.charCodeAt(0);
    if (code === 0x09 || (code >= 0x20 && code !== 0x7f)) out += char;
  }
  return out;
}
