import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Bid } from '../functions/bids/bid.js';
import { loadTemplateFolder } from '../functions/narrative/load-template-folder.js';
import { contentHash } from '../functions/snapshots/canonical-json.js';
import type { ApiClient, ApiReply } from './api-client.js';

/**
 * The example data of the local stack, written through the API itself (so through the
 * real handlers, their validation and their stores), and the example bid rendered from it.
 */
export const EXAMPLE_PROGRAMME_ID = 'birmingham-icat';
export const EXAMPLE_TEMPLATE_ID = 'nihr-icat';

const root = new URL('../', import.meta.url);
export const EXAMPLE_PROGRAMME_FILE = fileURLToPath(new URL('local/example-programme.json', root));
export const EXAMPLE_TEMPLATE_DIR = fileURLToPath(new URL('templates/nihr-icat', root));

/** A reply other than the one expected, with what the API said. */
export class UnexpectedReplyError extends Error {
  constructor(
    readonly action: string,
    readonly reply: ApiReply,
  ) {
    super(`${action} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    this.name = 'UnexpectedReplyError';
  }
}

function expectStatus<T>(action: string, reply: ApiReply<T>, ...statuses: number[]): T {
  if (!statuses.includes(reply.status)) throw new UnexpectedReplyError(action, reply);
  return reply.body;
}

export interface SeedResult {
  /** `etag` is the stored version; `sha256` the hash of the figures themselves. */
  programme: { created: boolean; etag: string; sha256: string };
  template: { created: boolean; version: number };
}

/**
 * Puts the example programme and the NIHR ICAT template when they are absent; data that is
 * already there (the example, or whatever the user changed it to) is left alone.
 */
export async function seedExample(writer: ApiClient): Promise<SeedResult> {
  const programmePath = `/programmes/${EXAMPLE_PROGRAMME_ID}`;
  let programme = await writer.get(programmePath);
  let programmeCreated = false;
  if (programme.status === 404) {
    const document: unknown = JSON.parse(await readFile(EXAMPLE_PROGRAMME_FILE, 'utf8'));
    programme = await writer.put(programmePath, document, { headers: { 'if-none-match': '*' } });
    expectStatus(`PUT ${programmePath}`, programme, 201);
    programmeCreated = true;
  } else {
    expectStatus(`GET ${programmePath}`, programme, 200);
  }

  const templatePath = `/templates/${EXAMPLE_TEMPLATE_ID}`;
  let template = await writer.get<{ version: number }>(templatePath);
  let templateCreated = false;
  if (template.status === 404) {
    const source = await loadTemplateFolder(EXAMPLE_TEMPLATE_DIR);
    template = await writer.put<{ version: number }>(templatePath, source);
    expectStatus(`PUT ${templatePath}`, template, 201);
    templateCreated = true;
  } else {
    expectStatus(`GET ${templatePath}`, template, 200);
  }

  return {
    programme: {
      created: programmeCreated,
      etag: programme.headers.get('etag') ?? '',
      sha256: contentHash(programme.body),
    },
    template: { created: templateCreated, version: template.body.version },
  };
}

export interface ExampleBid {
  bid: Bid;
  /** True when an earlier start already rendered it (same day, figures and template). */
  reused: boolean;
  /** The earlier bid of the day whose PDF was gone from the bucket, rendered anew as `bid`. */
  replaced?: string;
  idempotencyKey: string;
  download: { url: string; expiresAt: string };
  /** The sha256 of the bytes the presigned link returned: the bid's, or the start fails. */
  downloadedSha256: string;
}

/**
 * Renders the example bid with the writer's token, at most once a day for the same figures
 * and template: the Idempotency-Key names the date, the hash of the programme's figures and
 * the template version, so a second start that day returns the same bid instead of piling
 * up drafts, and a change to either renders a new one. Then fetches its download link and
 * checks that the link returns exactly the bytes the bid records. An earlier bid whose PDF
 * is no longer there (a file deleted from `.bidwright/s3/`) is rendered anew under a key of
 * its own, once; any other failure of the check stops the start.
 */
export async function renderExampleBid(
  writer: ApiClient,
  seeded: SeedResult,
  today = new Date().toISOString().slice(0, 10),
): Promise<ExampleBid> {
  const figures = seeded.programme.sha256.slice(0, 16);
  const idempotencyKey = `example-${today}-figures-${figures}-template-v${seeded.template.version}`;
  const reused = await postAndDownload(writer, idempotencyKey);
  if (reused.replayed && reused.status === 404) {
    const again = await postAndDownload(writer, `${idempotencyKey}-${randomUUID()}`);
    return checked(again, { idempotencyKey: again.key, replaced: reused.bid.id });
  }
  return checked(reused, { idempotencyKey });
}

interface Downloaded {
  key: string;
  bid: Bid;
  replayed: boolean;
  download: { url: string; expiresAt: string };
  /** The presigned link's HTTP status, and its body when it answered 200. */
  status: number;
  bytes: Buffer;
}

async function postAndDownload(writer: ApiClient, key: string): Promise<Downloaded> {
  const reply = await writer.post<Bid>(
    '/bids',
    { programmeId: EXAMPLE_PROGRAMME_ID, templateId: EXAMPLE_TEMPLATE_ID },
    { headers: { 'idempotency-key': key } },
  );
  const bid = expectStatus('POST /bids', reply, 201);
  const download = expectStatus(
    `GET /bids/${bid.id}/pdf`,
    await writer.get<{ url: string; expiresAt: string }>(`/bids/${bid.id}/pdf`),
    200,
  );
  const pdf = await fetch(download.url);
  const bytes = pdf.ok ? Buffer.from(await pdf.arrayBuffer()) : Buffer.alloc(0);
  if (!pdf.ok) await pdf.body?.cancel();
  return {
    key,
    bid,
    replayed: reply.headers.get('idempotent-replayed') === 'true',
    download,
    status: pdf.status,
    bytes,
  };
}

function checked(
  { bid, replayed, download, status, bytes }: Downloaded,
  { idempotencyKey, replaced }: { idempotencyKey: string; replaced?: string },
): ExampleBid {
  if (status !== 200) throw new Error(`the presigned link answered ${status}: ${download.url}`);
  const downloadedSha256 = createHash('sha256').update(bytes).digest('hex');
  if (downloadedSha256 !== bid.pdf.sha256) {
    throw new Error(
      `the presigned link returned ${bytes.byteLength} bytes with sha256 ${downloadedSha256}, ` +
        `not the bid's ${bid.pdf.bytes} bytes with sha256 ${bid.pdf.sha256}`,
    );
  }
  return {
    bid,
    reused: replayed,
    ...(replaced ? { replaced } : {}),
    idempotencyKey,
    download,
    downloadedSha256,
  };
}
