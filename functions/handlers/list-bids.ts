import { listBids } from '../bids/read-bids.js';
import { httpHandler, type Provider } from '../http/http-handler.js';
import { pageBody, pageRequest } from '../http/paging.js';
import { validate } from '../http/request.js';
import { json } from '../http/response.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { DynamoDbBidStore } from '../stores/dynamodb/bid-store.js';
import { DynamoDbProgrammeStore } from '../stores/dynamodb/programme-store.js';
import * as z from '../zod.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

/** A query value is text whenever it is sent, so anything else means it was left out. */
const querySchema = z.object({
  programmeId: z.pipe(
    z.string({ error: 'is required: the programme whose bids to list' }),
    slugSchema,
  ),
});

/** `?programmeId=` is required: bids are listed per programme, newest first. */
export function createListBidsHandler(dependencies: Provider<WithStores<'programmes' | 'bids'>>) {
  return httpHandler('list-bids', dependencies, async (request, deps) => {
    const { programmeId } = validate(querySchema, request.query, 'query');
    const page = await listBids(deps, programmeId, pageRequest(request));
    return json(
      200,
      pageBody(page, (bid) => bid),
    );
  });
}

export const handler = createListBidsHandler(
  productionTableDependencies({ programmes: DynamoDbProgrammeStore, bids: DynamoDbBidStore }),
);
