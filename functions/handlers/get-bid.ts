import { getBid } from '../bids/read-bids.js';
import { httpHandler, type Provider } from '../http/http-handler.js';
import { pathParameter } from '../http/request.js';
import { json } from '../http/response.js';
import { bidIdSchema } from '../ids/ids.js';
import { DynamoDbBidStore } from '../stores/dynamodb/bid-store.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

/** The bid and its audit events, oldest first. */
export function createGetBidHandler(dependencies: Provider<WithStores<'bids'>>) {
  return httpHandler('get-bid', dependencies, async (request, deps) =>
    json(200, await getBid(deps, pathParameter(request, 'id', bidIdSchema))),
  );
}

export const handler = createGetBidHandler(productionTableDependencies({ bids: DynamoDbBidStore }));
