import { httpHandler, type Provider } from '../http/http-handler.js';
import { queryWholeNumber } from '../http/query-number.js';
import { pathParameter, validate } from '../http/request.js';
import { json } from '../http/response.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { DynamoDbTemplateStore } from '../stores/dynamodb/template-store.js';
import { getTemplate } from '../templates/read-templates.js';
import { MAX_TEMPLATE_VERSION } from '../templates/template-version.js';
import * as z from '../zod.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

const querySchema = z.object({ version: z.optional(queryWholeNumber(1, MAX_TEMPLATE_VERSION)) });

/** The newest version, or `?version=n`: manifest and section sources as uploaded. */
export function createGetTemplateHandler(dependencies: Provider<WithStores<'templates'>>) {
  return httpHandler('get-template', dependencies, async (request, deps) => {
    const id = pathParameter(request, 'id', slugSchema);
    const { version } = validate(querySchema, request.query, 'query');
    const found = await getTemplate(deps, id, version);
    return json(200, {
      id: found.id,
      version: found.version,
      manifest: found.source.manifest,
      sections: found.source.sections,
      sha256: found.sha256,
      createdAt: found.createdAt,
      createdBy: found.createdBy,
    });
  });
}

export const handler = createGetTemplateHandler(
  productionTableDependencies({ templates: DynamoDbTemplateStore }),
);
