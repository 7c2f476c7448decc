import { httpHandler, type Provider } from '../http/http-handler.js';
import { pathParameter } from '../http/request.js';
import { json } from '../http/response.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { DynamoDbTemplateStore } from '../stores/dynamodb/template-store.js';
import { parseTemplate } from '../templates/parse-template.js';
import { putTemplate } from '../templates/put-template.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

/** 201 with the new version's number. */
export function createPutTemplateHandler(dependencies: Provider<WithStores<'templates'>>) {
  return httpHandler('put-template', dependencies, async (request, deps) => {
    const id = pathParameter(request, 'id', slugSchema);
    const source = await parseTemplate(request.body);
    const stored = await putTemplate(deps, { id, source, by: request.caller.name });
    return json(
      201,
      { id, version: stored.version, sha256: stored.sha256, createdAt: stored.createdAt },
      { location: `/templates/${id}?version=${stored.version}` },
    );
  });
}

export const handler = createPutTemplateHandler(
  productionTableDependencies({ templates: DynamoDbTemplateStore }),
);
