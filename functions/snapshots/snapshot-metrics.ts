/**
 * Where the scheduled job publishes its summary as CloudWatch metrics (EMF, through
 * Powertools) and under which names: functions/handlers/take-snapshots.ts emits them and
 * infra/snapshot-schedule.ts alarms on `failed`, so both read them here. Powertools
 * publishes each metric with one dimension, `service`, set to `serviceName`; an alarm must
 * name the same dimension, or it watches a metric nothing emits.
 */
export const SNAPSHOT_METRICS = {
  namespace: 'Bidwright',
  serviceName: 'bidwright',
  names: {
    scanned: 'SnapshotsScanned',
    taken: 'SnapshotsTaken',
    unchanged: 'SnapshotsUnchanged',
    failed: 'SnapshotsFailed',
  },
} as const;
