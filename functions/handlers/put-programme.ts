import { httpHandler, type Provider } from '../http/http-handler.js';
import { etag, versionExpectation } from '../http/preconditions.js';
import { pathParameter } from '../http/request.js';
import { json } from '../http/response.js';
import { parseProgramme } from '../programmes/parse-programme.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { putProgramme } from '../programmes/put-programme.js';
import { DynamoDbProgrammeStore } from '../stores/dynamodb/programme-store.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

export function createPutProgrammeHandler(dependencies: Provider<WithStores<'programmes'>>) {
  return httpHandler('put-programme', dependencies, async (request, deps) => {
    const id = pathParameter(request, 'id', slugSchema);
    const programme = parseProgramme(request.body);
    const { record, created } = await putProgramme(deps, {
      id,
      programme,
      expected: versionExpectation(request.headers),
      by: request.caller.name,
    });
    return json(created ? 201 : 200, record.programme, {
      etag: etag(record.version),
      ...(created ? { location: `/programmes/${id}` } : {}),
    });
  });
}

export const handler = createPutProgrammeHandler(
  productionTableDependencies({ programmes: DynamoDbProgrammeStore }),
);
