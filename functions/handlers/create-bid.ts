import { createBid, type RenderBid } from '../bids/create-bid.js';
import { createBidRequestSchema } from '../bids/create-bid-request.js';
import { draftBid } from '../bids/draft-bid.js';
import { idempotencyKeySchema } from '../bids/idempotency.js';
import { httpHandler, type Provider } from '../http/http-handler.js';
import { validate } from '../http/request.js';
import { json } from '../http/response.js';
import * as z from '../zod.js';
import { type PdfDependencies, productionDependencies } from './dependencies.js';

/** Named as the client sends it, so a refusal's details name the header. */
const headersSchema = z.object({ 'Idempotency-Key': z.optional(idempotencyKeySchema) });

export type CreateBidHandlerDependencies = PdfDependencies & { renderBid: RenderBid };

/**
 * 201 with the bid and its warnings. A replay of an Idempotency-Key returns the same bid
 * with the same status, marked by `idempotent-replayed: true`.
 */
export function createCreateBidHandler(dependencies: Provider<CreateBidHandlerDependencies>) {
  return httpHandler('create-bid', dependencies, async (request, deps) => {
    const body = validate(createBidRequestSchema, request.body, 'bid request');
    const { 'Idempotency-Key': idempotencyKey } = validate(
      headersSchema,
      { 'Idempotency-Key': request.headers['idempotency-key'] },
      'headers',
    );
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
