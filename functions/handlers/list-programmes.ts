import { httpHandler, type Provider } from '../http/http-handler.js';
import { pageBody, pageRequest } from '../http/paging.js';
import { json } from '../http/response.js';
import { listProgrammes } from '../programmes/get-programme.js';
import { productionTableDependencies, type TableDependencies } from './table-dependencies.js';

export function createListProgrammesHandler(dependencies: Provider<TableDependencies>) {
  return httpHandler('list-programmes', dependencies, async (request, deps) => {
    const page = await listProgrammes(deps, pageRequest(request));
    return json(
      200,
      pageBody(page, (item) => item),
    );
  });
}

export const handler = createListProgrammesHandler(productionTableDependencies);
