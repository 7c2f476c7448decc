import { httpHandler, type Provider } from '../http/http-handler.js';
import { pathParameter } from '../http/request.js';
import { json } from '../http/response.js';
import { snapshotIdSchema } from '../ids/ids.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { getSnapshot } from '../snapshots/read-snapshots.js';
import { DynamoDbProgrammeStore } from '../stores/dynamodb/programme-store.js';
import { DynamoDbSnapshotStore } from '../stores/dynamodb/snapshot-store.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

export function createGetSnapshotHandler(
  dependencies: Provider<WithStores<'programmes' | 'snapshots'>>,
) {
  return httpHandler('get-snapshot', dependencies, async (request, deps) => {
    const programmeId = pathParameter(request, 'id', slugSchema);
    const snapshotId = pathParameter(request, 'snapshotId', snapshotIdSchema);
    return json(200, await getSnapshot(deps, programmeId, snapshotId));
  });
}

export const handler = createGetSnapshotHandler(
  productionTableDependencies({
    programmes: DynamoDbProgrammeStore,
    snapshots: DynamoDbSnapshotStore,
  }),
);
