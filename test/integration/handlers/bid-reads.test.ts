import { beforeAll, describe, expect, it } from 'vitest';
import { createCreateReviewHandler } from '../../../functions/handlers/create-review.js';
import { createGetBidHandler } from '../../../functions/handlers/get-bid.js';
import { createGetBidPdfHandler } from '../../../functions/handlers/get-bid-pdf.js';
import { createListBidsHandler } from '../../../functions/handlers/list-bids.js';
import {
  asAdmin,
  asReviewer,
  asWriter,
  httpEvent,
  unknownBidId,
} from '../../fixtures/events/http-event.js';
import { invoke } from '../support/invoke.js';
import { seedBid } from '../support/seed-bid.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
});

describe('Handler: list-bids', () => {
  it('lists a programme’s bids newest first, page by page', async () => {
    // Prepare
    const seeded = [];
    for (const day of ['01', '02', '03']) {
      seeded.push((await seedBid(stack, 'listed-bids', `2026-07-${day}T10:00:00.000Z`)).bid);
    }
    const list = createListBidsHandler(stack.deps);
    const page = (query: Record<string, string>) =>
      invoke(list, httpEvent({ method: 'GET', route: '/bids', query, claims: asReviewer }));

    // Act
    const first = await page({ programmeId: 'listed-bids', limit: '2' });
    const second = await page({
      programmeId: 'listed-bids',
      limit: '2',
      cursor: first.body.nextCursor,
    });

    // Assess
    expect(first.status).toBe(200);
    expect([...first.body.items, ...second.body.items]).toEqual([...seeded].reverse());
  });

  it('needs a programmeId, knows when the programme does not exist, and refuses admins', async () => {
    // Prepare
    const list = createListBidsHandler(stack.deps);

    // Act
    const missing = await invoke(list, httpEvent({ method: 'GET', route: '/bids' }));
    const unknown = await invoke(
      list,
      httpEvent({ method: 'GET', route: '/bids', query: { programmeId: 'no-programme' } }),
    );
    const admin = await invoke(
      list,
      httpEvent({ method: 'GET', route: '/bids', query: { programmeId: 'x1' }, claims: asAdmin }),
    );

    // Assess
    expect(missing).toMatchObject({
      status: 400,
      body: {
        error: {
          message: 'query is invalid: programmeId: is required: the programme whose bids to list',
          details: [
            { path: 'programmeId', message: 'is required: the programme whose bids to list' },
          ],
        },
      },
    });
    expect(unknown.status).toBe(404);
    expect(admin.status).toBe(403);
  });
});

describe('Handler: get-bid', () => {
  it('returns the bid with its events, 404 for an unknown id and 400 for a malformed one', async () => {
    // Prepare
    const { bid } = await seedBid(stack, 'fetched-bid');
    const get = createGetBidHandler(stack.deps);
    const getEvent = (id: string) =>
      httpEvent({ method: 'GET', route: '/bids/{id}', params: { id }, claims: asReviewer });

    // Act
    const found = await invoke(get, getEvent(bid.id));
    const unknown = await invoke(get, getEvent(unknownBidId()));
    const hostile = await invoke(get, getEvent('../META'));

    // Assess
    expect(found.body).toEqual({
      ...bid,
      events: [{ type: 'created', at: bid.createdAt, by: 'ada.writer' }],
    });
    expect(unknown.status).toBe(404);
    expect(hostile.status).toBe(400);
  });
});

describe('Handler: get-bid-pdf', () => {
  it('hands out a link that lasts five minutes, serves the PDF and records the download', async () => {
    // Prepare
    const { bid, bytes } = await seedBid(stack, 'downloaded-bid');
    const started = Date.now();

    // Act
    const reply = await invoke(
      createGetBidPdfHandler(stack.deps),
      httpEvent({
        method: 'GET',
        route: '/bids/{id}/pdf',
        params: { id: bid.id },
        claims: asReviewer,
      }),
    );
    const answered = Date.now();
    const download = await fetch(reply.body.url);

    // Assess: five minutes from the moment the link was given, in the reply and in the link.
    expect(reply.status).toBe(200);
    const expiresAt = Date.parse(reply.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(started + 300_000);
    expect(expiresAt).toBeLessThanOrEqual(answered + 300_000);
    expect(new URL(reply.body.url).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    const trail = await stack.deps.bids.getWithEvents(bid.id);
    expect(trail?.events.map((e) => [e.type, e.by])).toEqual([
      ['created', 'ada.writer'],
      ['downloaded', 'rex.reviewer'],
    ]);
  });

  it('answers 404 for an unknown bid without recording anything', async () => {
    // Prepare
    const before = await stack.tableItems();

    // Act
    const reply = await invoke(
      createGetBidPdfHandler(stack.deps),
      httpEvent({ method: 'GET', route: '/bids/{id}/pdf', params: { id: unknownBidId() } }),
    );

    // Assess
    expect(reply.status).toBe(404);
    expect(await stack.tableItems()).toEqual(before);
  });
});

describe('Handler: create-review', () => {
  const reviewEvent = (id: string, body: unknown, claims = asReviewer) =>
    httpEvent({ method: 'POST', route: '/bids/{id}/reviews', params: { id }, body, claims });

  it('approves a bid with 201 and records the review', async () => {
    // Prepare
    const { bid } = await seedBid(stack, 'approved-bid');

    // Act
    const reply = await invoke(
      createCreateReviewHandler(stack.deps),
      reviewEvent(bid.id, { decision: 'approve', comment: '  Ready to submit.  ' }),
    );

    // Assess
    expect(reply.status).toBe(201);
    expect(reply.body.bid.status).toBe('approved');
    expect(reply.body.review).toMatchObject({
      decision: 'approve',
      comment: 'Ready to submit.',
      by: 'rex.reviewer',
    });
    const trail = await stack.deps.bids.getWithEvents(bid.id);
    expect(trail?.bid.status).toBe('approved');
    expect(trail?.events.at(-1)).toMatchObject({ type: 'reviewed', comment: 'Ready to submit.' });
  });

  it.each([
    ['an unknown decision', { decision: 'reject', comment: 'No.' }, 'decision'],
    ['a blank comment', { decision: 'approve', comment: '   ' }, 'comment'],
    [
      'a comment over 2000 characters',
      { decision: 'approve', comment: 'x'.repeat(2001) },
      'comment',
    ],
    ['an unknown field', { decision: 'approve', comment: 'Fine.', score: 5 }, 'score'],
  ])('refuses %s with 400 naming the field and changes nothing', async (_, body, field) => {
    // Prepare
    const { bid } = await seedBid(stack, 'refused-review');
    const before = await stack.tableItems();

    // Act
    const reply = await invoke(createCreateReviewHandler(stack.deps), reviewEvent(bid.id, body));

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await stack.tableItems()).toEqual(before);
  });

  it('refuses a writer with 403 and an unknown bid with 404', async () => {
    // Prepare
    const { bid } = await seedBid(stack, 'writer-review');
    const review = { decision: 'request-changes', comment: 'Shorten section 2.' };

    // Act
    const writer = await invoke(
      createCreateReviewHandler(stack.deps),
      reviewEvent(bid.id, review, asWriter),
    );
    const unknown = await invoke(
      createCreateReviewHandler(stack.deps),
      reviewEvent(unknownBidId(), review),
    );

    // Assess
    expect(writer.status).toBe(403);
    expect(unknown.status).toBe(404);
    expect((await stack.deps.bids.get(bid.id))?.status).toBe('draft');
  });
});
