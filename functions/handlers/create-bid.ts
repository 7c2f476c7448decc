import { createBid, type RenderBid } from '../bids/create-bid.js';
import { createBidRequestSchema } from '../bids/create-bid-request.js';
import { draftBid } from '../bids/draft-bid.js';
import { idempotencyKeySchema } from '../bids/idempotency.js';
import { httpHandler, type Provider } from '../http/http-handler.js';
import { validate } from '../http/request.js';
import { json } from '../http/response.js';
import { type PdfDependencies, productionDependencies } from './dependencies.js';

export type CreateBidHandlerDependencies = PdfDependencies & { renderBid: RenderBid };

/**
 * 201 with the bid and its warnings. A replay of an Idempotency-Key returns the same bid
 * with the same status, marked by `idempotent-replayed: true`.
 */
export function createCreateBidHandler(dependencies: Provider<CreateBidHandlerDependencies>) {
  return httpHandler('create-bid', dependencies, async (request, deps) => {
    const body = validate(createBidRequestSchema, request.body, 'bid request');
    const key = request.headers['idempotency-key'];
    const idempotencyKey =
      key === undefined ? undefined : validate(idempotencyKeySchema, key, 'Idempotency-Key');
    const { bid, replayed } = await createBid(deps, {
      request: body,
      caller: { sub: request.caller.sub, name: request.caller.name },
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
    return json(201, bid, {
      location: `/bids/${bid.id}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  });
}

export const handler = createCreateBidHandler(() => ({
  ...productionDependencies(),
  renderBid: draftBid,
}));
