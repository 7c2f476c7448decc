import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programmeWith } from '../integration/support/fixtures.js';
import { readPdf } from '../unit/render/pdf-text.js';
import { type E2eStack, startE2eStack } from './support/e2e-stack.js';
import { nihrIcatTemplate, seedOverHttp } from './support/seed.js';

/**
 * The local stack over real HTTP, as a bid writer and a reviewer use it: figures in, a
 * snapshot, a template, a rendered bid, its PDF through a presigned link, a review.
 */
let stack: E2eStack;

beforeAll(async () => {
  stack = await startE2eStack();
});

afterAll(async () => {
  await stack?.close();
});

/** Fetches a bid's PDF as the caller would: a presigned link, then plain HTTP to S3. */
async function downloadPdf(api: E2eStack['api']['writer'], bidId: string) {
  const asked = Date.now();
  const link = await api.get<any>(`/bids/${bidId}/pdf`);
  const answered = Date.now();
  expect(link.status).toBe(200);
  // A link for five minutes from when it was given.
  const expiresAt = Date.parse(link.body.expiresAt);
  expect(expiresAt).toBeGreaterThanOrEqual(asked + 300_000);
  expect(expiresAt).toBeLessThanOrEqual(answered + 300_000);
  expect(new URL(link.body.url).searchParams.get('X-Amz-Expires')).toBe('300');
  const response = await fetch(link.body.url);
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    link: link.body as { url: string; expiresAt: string },
    contentType: response.headers.get('content-type'),
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

describe('Local stack: a bid from figures to review', () => {
  it('renders a bid whose downloaded PDF quotes the figures, and records who made, downloaded and approved it', async () => {
    // Prepare
    const { writer, reviewer } = stack.api;
    const programme = await writer.put('/programmes/lifecycle', programmeWith('lifecycle'));
    const snapshot = await writer.post<any>('/programmes/lifecycle/snapshots');
    const template = await writer.put<any>('/templates/nihr-icat', await nihrIcatTemplate());

    // Act
    const created = await writer.post<any>('/bids', {
      programmeId: 'lifecycle',
      templateId: 'nihr-icat',
    });
    const pdf = await downloadPdf(reviewer, created.body.id);
    const review = await reviewer.post<any>(`/bids/${created.body.id}/reviews`, {
      decision: 'approve',
      comment: 'Figures checked against the annual report.',
    });
    const bid = await writer.get<any>(`/bids/${created.body.id}`);

    // Assess
    expect([programme.status, snapshot.status, template.status]).toEqual([201, 201, 201]);
    expect(programme.headers.get('etag')).toBe('"1"');
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/bids/${created.body.id}`);
    expect(created.body).toMatchObject({
      programmeId: 'lifecycle',
      templateId: 'nihr-icat',
      templateVersion: template.body.version,
      snapshotId: snapshot.body.id,
      status: 'draft',
      createdBy: 'dev.writer',
      warnings: [],
    });
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.sha256).toBe(created.body.pdf.sha256);
    expect(pdf.bytes.byteLength).toBe(created.body.pdf.bytes);
    const contents = await readPdf(pdf.bytes);
    expect(contents.pages).toHaveLength(created.body.pdf.pages);
    for (const figure of [/\b28\b/, /\b13\b/, /\b64%/, /\b75%/, /\b116\b/]) {
      expect(contents.text).toMatch(figure);
    }
    expect(contents.text).toContain(snapshot.body.id);
    expect(review.status).toBe(201);
    expect(review.body.bid.status).toBe('approved');
    expect(bid.status).toBe(200);
    expect(bid.body.status).toBe('approved');
    expect(bid.body.events).toEqual([
      { type: 'created', at: created.body.createdAt, by: 'dev.writer' },
      { type: 'downloaded', at: expect.any(String), by: 'dev.reviewer' },
      {
        type: 'reviewed',
        at: expect.any(String),
        by: 'dev.reviewer',
        decision: 'approve',
        comment: 'Figures checked against the annual report.',
      },
    ]);
  });

  it('gives one bid for the same Idempotency-Key sent twice, and refuses the key with another body', async () => {
    // Prepare
    const { writer } = stack.api;
    await seedOverHttp(writer, 'idempotent');
    const key = randomUUID();
    const body = { programmeId: 'idempotent', templateId: 'nihr-icat' };
    const headers = { 'idempotency-key': key };

    // Act
    const first = await writer.post<any>('/bids', body, { headers });
    const second = await writer.post<any>('/bids', body, { headers });
    const other = await writer.post<any>('/bids', { ...body, templateVersion: 1 }, { headers });
    const listed = await writer.get<any>('/bids?programmeId=idempotent');

    // Assess
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(other.status).toBe(409);
    expect(listed.body.items.map((bid: { id: string }) => bid.id)).toEqual([first.body.id]);
    expect(await stack.data.objectKeys()).toContain(
      `bids/${first.body.id}/${first.body.pdf.sha256}.pdf`,
    );
  });

  it('keeps an earlier bid on its own snapshot and bytes after the figures change', async () => {
    // Prepare
    const { writer } = stack.api;
    await seedOverHttp(writer, 'frozen');
    const before = await writer.post<any>('/bids', {
      programmeId: 'frozen',
      templateId: 'nihr-icat',
    });
    const current = await writer.get('/programmes/frozen');

    // Act
    const changed = await writer.put(
      '/programmes/frozen',
      programmeWith('frozen', (doc) => {
        doc.trainees.current = 120;
      }),
      { headers: { 'if-match': current.headers.get('etag') ?? '' } },
    );
    const after = await writer.post<any>('/bids', {
      programmeId: 'frozen',
      templateId: 'nihr-icat',
    });
    const again = await writer.get<any>(`/bids/${before.body.id}`);
    const beforePdf = await downloadPdf(writer, before.body.id);
    const afterPdf = await downloadPdf(writer, after.body.id);

    // Assess
    expect(changed.status).toBe(200);
    expect(after.status).toBe(201);
    expect(after.body.snapshotId).not.toBe(before.body.snapshotId);
    expect(after.body.pdf.sha256).not.toBe(before.body.pdf.sha256);
    expect(again.body.snapshotId).toBe(before.body.snapshotId);
    expect(again.body.pdf).toEqual(before.body.pdf);
    expect(beforePdf.sha256).toBe(before.body.pdf.sha256);
    expect(afterPdf.sha256).toBe(after.body.pdf.sha256);
    expect((await readPdf(beforePdf.bytes)).text).toMatch(/\b116 trainees\b/);
    expect((await readPdf(afterPdf.bytes)).text).toMatch(/\b120 trainees\b/);
  });

  it('refuses with 422 a bid whose template reads a figure the snapshot lacks, naming it, and stores no bid', async () => {
    // Prepare
    const { writer } = stack.api;
    await writer.put('/programmes/unrenderable', programmeWith('unrenderable'));
    const source = await nihrIcatTemplate();
    const template = await writer.put<any>('/templates/needs-more', {
      manifest: { ...source.manifest, id: 'needs-more' },
      sections: { ...source.sections, 'posts.md': 'We hold {{ figures.posts.totl }} posts.\n' },
    });
    const before = await stack.storedState();

    // Act
    const reply = await writer.post<any>('/bids', {
      programmeId: 'unrenderable',
      templateId: 'needs-more',
    });

    // Assess
    expect(template.status).toBe(201);
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('unrenderable');
    expect(reply.body.error.details[0]).toMatchObject({ section: 'posts', line: 1 });
    expect(JSON.stringify(reply.body.error)).toContain('totl');
    expect(await stack.storedState()).toEqual(before);
  });

  it('answered no request with a 5xx', () => {
    expect(stack.serverErrors).toEqual([]);
  });
});
