import { httpHandler, type Provider } from '../http/http-handler.js';
import { pageBody, pageRequest } from '../http/paging.js';
import { json } from '../http/response.js';
import { DynamoDbTemplateStore } from '../stores/dynamodb/template-store.js';
import { listTemplates } from '../templates/read-templates.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

export function createListTemplatesHandler(dependencies: Provider<WithStores<'templates'>>) {
  return httpHandler('list-templates', dependencies, async (request, deps) => {
    const page = await listTemplates(deps, pageRequest(request));
    return json(
      200,
      pageBody(page, (item) => item),
    );
  });
}

export const handler = createListTemplatesHandler(
  productionTableDependencies({ templates: DynamoDbTemplateStore }),
);
