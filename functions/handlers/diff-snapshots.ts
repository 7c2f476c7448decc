import { httpHandler, type Provider } from '../http/http-handler.js';
import { pathParameter, validate } from '../http/request.js';
import { json } from '../http/response.js';
import { snapshotIdSchema } from '../ids/ids.js';
import { slugSchema } from '../programmes/programme-schema.js';
import { diffSnapshots } from '../snapshots/diff-snapshots.js';
import { DynamoDbProgrammeStore } from '../stores/dynamodb/programme-store.js';
import { DynamoDbSnapshotStore } from '../stores/dynamodb/snapshot-store.js';
import * as z from '../zod.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

const querySchema = z.object({
  against: z.union([z.literal('previous'), snapshotIdSchema], {
    error: (issue) =>
      issue.input === undefined
        ? 'is required: a snapshot id or "previous"'
        : 'must be a snapshot id such as 20260115T103000123Z-9f3a1c2b, or "previous"',
  }),
});

/** `?against=` is required: the snapshot to compare with, or `previous`. */
export function createDiffSnapshotsHandler(
  dependencies: Provider<WithStores<'programmes' | 'snapshots'>>,
) {
  return httpHandler('diff-snapshots', dependencies, async (request, deps) => {
    const programmeId = pathParameter(request, 'id', slugSchema);
    const snapshotId = pathParameter(request, 'snapshotId', snapshotIdSchema);
    const { against } = validate(querySchema, request.query, 'query');
    return json(200, await diffSnapshots(deps, { programmeId, snapshotId, against }));
  });
}

export const handler = createDiffSnapshotsHandler(
  productionTableDependencies({
    programmes: DynamoDbProgrammeStore,
    snapshots: DynamoDbSnapshotStore,
  }),
);
