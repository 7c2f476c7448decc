import { httpHandler, type Provider } from '../http/http-handler.js';
import { pathParameter, validate } from '../http/request.js';
import { json } from '../http/response.js';
import { bidIdSchema } from '../ids/ids.js';
import { createReview } from '../reviews/create-review.js';
import { reviewRequestSchema } from '../reviews/review-request.js';
import { DynamoDbBidStore } from '../stores/dynamodb/bid-store.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

/** 201 with the bid's new status and the review as recorded. */
export function createCreateReviewHandler(dependencies: Provider<WithStores<'bids'>>) {
  return httpHandler('create-review', dependencies, async (request, deps) => {
    const bidId = pathParameter(request, 'id', bidIdSchema);
    const review = validate(reviewRequestSchema, request.body, 'review');
    return json(201, await createReview(deps, { bidId, review, by: request.caller.name }));
  });
}

export const handler = createCreateReviewHandler(
  productionTableDependencies({ bids: DynamoDbBidStore }),
);
