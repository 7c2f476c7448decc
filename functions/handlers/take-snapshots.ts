import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { withSourceStack } from '../errors/source-stack.js';
import type { Provider } from '../http/http-handler.js';
import { logger } from '../http/logger.js';
import { SNAPSHOT_METRICS } from '../snapshots/snapshot-metrics.js';
import {
  type ScheduledSnapshotOptions,
  type ScheduledSnapshotSummary,
  takeScheduledSnapshots,
} from '../snapshots/take-scheduled-snapshots.js';
import { DynamoDbProgrammeStore } from '../stores/dynamodb/programme-store.js';
import { DynamoDbSnapshotStore } from '../stores/dynamodb/snapshot-store.js';
import { productionTableDependencies, type WithStores } from './table-dependencies.js';

export type TakeSnapshotsHandler = (
  event: ScheduledEvent,
  context?: Context,
) => Promise<ScheduledSnapshotSummary>;

/** CloudWatch metrics as EMF log lines: no API call, nothing to wait for. */
export const snapshotMetrics = new Metrics({
  namespace: SNAPSHOT_METRICS.namespace,
  serviceName: SNAPSHOT_METRICS.serviceName,
});

export interface TakeSnapshotsHandlerOptions extends Omit<ScheduledSnapshotOptions, 'onFailure'> {
  metrics?: Metrics;
}

/**
 * The EventBridge schedule's target: freezes every changed programme and reports how many
 * were scanned, taken, unchanged and failed, in the log, as metrics and as its result. A
 * programme that fails is logged and counted, not thrown: a retry would not mend a corrupt
 * item. Only a failure of the whole run (the table unreachable) is thrown, so EventBridge
 * retries it; the conditional writes make a retry store no duplicates.
 */
export function createTakeSnapshotsHandler(
  dependencies: Provider<WithStores<'programmes' | 'snapshots'>>,
  { metrics = snapshotMetrics, ...options }: TakeSnapshotsHandlerOptions = {},
): TakeSnapshotsHandler {
  return async (event, context) => {
    const started = performance.now();
    const log = logger.createChild();
    log.appendKeys({ eventId: event.id, scheduledAt: event.time });
    if (context) log.addContext(context);
    try {
      const deps =
        typeof dependencies === 'function'
          ? (dependencies as () => WithStores<'programmes' | 'snapshots'>)()
          : dependencies;
      const summary = await takeScheduledSnapshots(deps, {
        ...options,
        onFailure: (programmeId, error) =>
          log.error('programme not snapshotted', {
            programmeId,
            error: withSourceStack(error as Error),
          }),
      });
      log.info('scheduled snapshots done', {
        ...summary,
        durationMs: Math.round(performance.now() - started),
      });
      const { names } = SNAPSHOT_METRICS;
      metrics.addMetric(names.scanned, MetricUnit.Count, summary.scanned);
      metrics.addMetric(names.taken, MetricUnit.Count, summary.taken);
      metrics.addMetric(names.unchanged, MetricUnit.Count, summary.unchanged);
      metrics.addMetric(names.failed, MetricUnit.Count, summary.failed);
      metrics.publishStoredMetrics();
      return summary;
    } catch (error) {
      log.error('scheduled snapshots failed', { error: withSourceStack(error as Error) });
      throw error;
    }
  };
}

export const handler = createTakeSnapshotsHandler(
  productionTableDependencies({
    programmes: DynamoDbProgrammeStore,
    snapshots: DynamoDbSnapshotStore,
  }),
);
