import { httpHandler, type Provider } from '../http/http-handler.js';
import { etag } from '../http/preconditions.js';
import { pathParameter } from '../http/request.js';
import { json } from '../http/response.js';
import { getProgramme } from '../programmes/get-programme.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { DynamoDbProgrammeStore } from '../stores/dynamodb/programme-store.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

/** The programme document itself, so that what GET returns can be PUT back with its ETag. */
export function createGetProgrammeHandler(dependencies: Provider<WithStores<'programmes'>>) {
  return httpHandler('get-programme', dependencies, async (request, deps) => {
    const record = await getProgramme(deps, pathParameter(request, 'id', slugSchema));
    return json(200, record.programme, { etag: etag(record.version) });
  });
}

export const handler = createGetProgrammeHandler(
  productionTableDependencies({ programmes: DynamoDbProgrammeStore }),
);
