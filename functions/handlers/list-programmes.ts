import { httpHandler, type Provider } from '../http/http-handler.js';
import { pageBody, pageRequest } from '../http/paging.js';
import { json } from '../http/response.js';
import { listProgrammes } from '../programmes/get-programme.js';
import { DynamoDbProgrammeStore } from '../stores/dynamodb/programme-store.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

export function createListProgrammesHandler(dependencies: Provider<WithStores<'programmes'>>) {
  return httpHandler('list-programmes', dependencies, async (request, deps) => {
    const page = await listProgrammes(deps, pageRequest(request));
    return json(
      200,
      pageBody(page, (item) => item),
    );
  });
}

export const handler = createListProgrammesHandler(
  productionTableDependencies({ programmes: DynamoDbProgrammeStore }),
);
