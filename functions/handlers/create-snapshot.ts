import { httpHandler, type Provider } from '../http/http-handler.js';
import { pathParameter } from '../http/request.js';
import { json } from '../http/response.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { takeSnapshot } from '../snapshots/take-snapshot.js';
import { DynamoDbProgrammeStore } from '../stores/dynamodb/programme-store.js';
import { DynamoDbSnapshotStore } from '../stores/dynamodb/snapshot-store.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

/** 201 with a new snapshot, or 200 with the newest one when the figures have not changed. */
export function createCreateSnapshotHandler(
  dependencies: Provider<WithStores<'programmes' | 'snapshots'>>,
) {
  return httpHandler('create-snapshot', dependencies, async (request, deps) => {
    const programmeId = pathParameter(request, 'id', slugSchema);
    const { snapshot, created } = await takeSnapshot(deps, {
      programmeId,
      by: request.caller.name,
    });
    return json(created ? 201 : 200, snapshot, {
      location: `/programmes/${programmeId}/snapshots/${snapshot.id}`,
    });
  });
}

export const handler = createCreateSnapshotHandler(
  productionTableDependencies({
    programmes: DynamoDbProgrammeStore,
    snapshots: DynamoDbSnapshotStore,
  }),
);
