import { createHash } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { expect } from 'vitest';
import type { ApiClient, ApiReply } from '../../../../local/api-client.js';
import type { Item } from './fault-stack.js';

export interface ErrorBody {
  error: { code: string; message: string; details: { service?: string }[] };
}

export interface BidBody {
  id: string;
  programmeId: string;
  snapshotId: string;
  status: string;
  pdf: { sha256: string; bytes: number; pages: number };
}

/** The reply and how long it took, in milliseconds. */
export async function timed<T>(
  send: () => Promise<ApiReply<T>>,
): Promise<ApiReply<T> & { ms: number }> {
  const started = performance.now();
  const reply = await send();
  return { ...reply, ms: performance.now() - started };
}

/** The 503 a store outage must give: DESIGN's error shape, naming the store, with Retry-After. */
export function expectUnavailable(
  reply: ApiReply<unknown>,
  service: 'database' | 'pdf-store',
  wording: RegExp,
): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(503);
  const body = reply.body as ErrorBody;
  expect(body.error.code).toBe('service-unavailable');
  expect(body.error.message).toMatch(wording);
  expect(body.error.message).toMatch(/try it again/);
  expect(body.error.details).toEqual([{ service }]);
  expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
}

/**
 * Downloads the bid's PDF through its presigned link and checks that it is the PDF the bid
 * names: a complete PDF file with the recorded size and sha256.
 */
export async function downloadPdf(reviewer: ApiClient, bid: BidBody): Promise<Buffer> {
  const link = await reviewer.get<{ url: string }>(`/bids/${bid.id}/pdf`);
  expect(link.status).toBe(200);
  const response = await fetch(link.body.url);
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.subarray(-8).toString('latin1')).toContain('%%EOF');
  expect(bytes.byteLength).toBe(bid.pdf.bytes);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(bid.pdf.sha256);
  return bytes;
}

export const itemsUnder = (items: Item[], prefix: string) =>
  items.filter((item) => String(item.PK).startsWith(prefix));

/**
 * Runs `act` once, synchronously, when the process starts an HTTP request to
 * 127.0.0.1:`port` that `matches`: the moment a handler is about to call a store, before a
 * byte of the call is sent. Node's `http.client.request.start` channel reports every
 * request the SDK makes. Returns how to stop listening, and whether it fired.
 */
export function onStoreRequest(
  port: number,
  matches: (request: ClientRequest) => boolean,
  act: () => void,
): { fired(): boolean; dispose(): void } {
  let fired = false;
  const listener = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    if (fired || request.host !== '127.0.0.1') return;
    const target = String(request.getHeader('host') ?? '');
    if (!target.endsWith(`:${port}`) || !matches(request)) return;
    fired = true;
    act();
  };
  subscribe('http.client.request.start', listener);
  return {
    fired: () => fired,
    dispose: () => unsubscribe('http.client.request.start', listener),
  };
}

/**
 * A programme's snapshots and their head agree: the head names the newest snapshot and
 * carries its hash, and every snapshot holds its figures and a hash. Returns the snapshots.
 */
export function expectSnapshotsConsistent(items: Item[], programmeId: string): Item[] {
  const own = itemsUnder(items, `PROG#${programmeId}`);
  const snapshots = own.filter((item) => String(item.SK).startsWith('SNAP#'));
  for (const snapshot of snapshots) {
    expect(snapshot).toMatchObject({
      entity: 'snapshot',
      programmeId,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      programme: expect.objectContaining({ id: programmeId }),
    });
  }
  const head = own.find((item) => item.SK === 'SNAPHEAD');
  const newest = snapshots.at(-1);
  if (!newest) {
    expect(head).toBeUndefined();
    return snapshots;
  }
  expect(head).toMatchObject({ snapshotId: newest.id, sha256: newest.sha256 });
  return snapshots;
}
