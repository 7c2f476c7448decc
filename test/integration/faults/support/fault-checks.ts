import { createHash } from 'node:crypto';
import { Agent, type ClientRequest } from 'node:http';
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

/** An item's primary key as one string. */
export const itemKey = (item: Item) => `${String(item.PK)} ${String(item.SK)}`;

export const itemsUnder = (items: Item[], prefix: string) =>
  items.filter((item) => String(item.PK).startsWith(prefix));

interface AgentInternals {
  addRequest(request: ClientRequest, options: unknown): void;
}

/**
 * Runs `act` once, synchronously, when this process starts an HTTP request to
 * 127.0.0.1:`port` that `matches`: the moment a handler is about to call a store, before a
 * byte of the call is sent. The seam is the HTTP agent, which every request the SDK makes
 * is handed to as it is constructed, headers set and nothing written yet (Node's
 * `http.client.request.start` channel fires only once the request is written, too late to
 * stop a store before it answers). Returns whether it fired, and how to stop listening.
 */
export function onStoreRequest(
  port: number,
  matches: (request: ClientRequest) => boolean,
  act: () => void,
): { fired(): boolean; dispose(): void } {
  const agent = Agent.prototype as unknown as AgentInternals;
  const original = agent.addRequest;
  let fired = false;
  agent.addRequest = function addRequest(this: AgentInternals, request, options) {
    const to = options as { host?: string; port?: number | string };
    if (!fired && to.host === '127.0.0.1' && Number(to.port) === port && matches(request)) {
      fired = true;
      act();
    }
    return original.call(this, request, options);
  };
  return {
    fired: () => fired,
    dispose: () => {
      agent.addRequest = original;
    },
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
