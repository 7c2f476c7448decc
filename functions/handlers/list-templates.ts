import { httpHandler, type Provider } from '../http/http-handler.js';
import { pageBody, pageRequest } from '../http/paging.js';
import { json } from '../http/response.js';
import { listTemplates } from '../templates/read-templates.js';
import { productionTableDependencies, type TableDependencies } from './table-dependencies.js';

export function createListTemplatesHandler(dependencies: Provider<TableDependencies>) {
  return httpHandler('list-templates', dependencies, async (request, deps) => {
    const page = await listTemplates(deps, pageRequest(request));
    return json(
      200,
      pageBody(page, (item) => item),
    );
  });
}

export const handler = createListTemplatesHandler(productionTableDependencies);
