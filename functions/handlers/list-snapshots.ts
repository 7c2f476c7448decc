import { httpHandler, type Provider } from '../http/http-handler.js';
import { pageBody, pageRequest } from '../http/paging.js';
import { pathParameter } from '../http/request.js';
import { json } from '../http/response.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { listSnapshots } from '../snapshots/read-snapshots.js';
import { DynamoDbProgrammeStore } from '../stores/dynamodb/programme-store.js';
import { DynamoDbSnapshotStore } from '../stores/dynamodb/snapshot-store.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

/** Newest first, without the frozen figures (GET one snapshot for those). */
export function createListSnapshotsHandler(
  dependencies: Provider<WithStores<'programmes' | 'snapshots'>>,
) {
  return httpHandler('list-snapshots', dependencies, async (request, deps) => {
    const programmeId = pathParameter(request, 'id', slugSchema);
    const page = await listSnapshots(deps, programmeId, pageRequest(request));
    return json(
      200,
      pageBody(page, (item) => item),
    );
  });
}

export const handler = createListSnapshotsHandler(
  productionTableDependencies({
    programmes: DynamoDbProgrammeStore,
    snapshots: DynamoDbSnapshotStore,
  }),
);
