import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../../functions/clients/dynamodb.js';
import { createTableDependencies } from '../../../functions/handlers/dependencies.js';
import { createTakeSnapshotsHandler } from '../../../functions/handlers/take-snapshots.js';
import { contentHash } from '../../../functions/snapshots/canonical-json.js';
import { SNAPSHOT_METRICS } from '../../../functions/snapshots/snapshot-metrics.js';
import { takeSnapshot } from '../../../functions/snapshots/take-snapshot.js';
import type { ProgrammeStore } from '../../../functions/stores/programme-store.js';
import { LOCAL_CREDENTIALS } from '../../../local/emulators.js';
import { programmeWith } from '../support/fixtures.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

const scheduledEvent: ScheduledEvent = JSON.parse(
  readFileSync(new URL('../../fixtures/events/scheduled-event.json', import.meta.url), 'utf8'),
);

async function storeProgramme(stack: TestStack, id: string, change?: (doc: any) => void) {
  await stack.deps.programmes.save({
    programme: programmeWith(id, change),
    expected: { kind: 'any' },
    at: '2026-11-01T09:00:00.000Z',
    by: 'ada.writer',
  });
}

/** Every stored snapshot as `<programme id> <sha256>`, sorted. */
async function storedSnapshots(stack: TestStack): Promise<string[]> {
  return (await stack.tableItems())
    .filter((item) => String(item.SK).startsWith('SNAP#'))
    .map((item) => `${item.programmeId} ${item.sha256}`)
    .sort();
}

const quietMetrics = () =>
  new Metrics({
    namespace: SNAPSHOT_METRICS.namespace,
    serviceName: SNAPSHOT_METRICS.serviceName,
  });

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('Handler: take-snapshots', () => {
  it('snapshots only the programmes whose figures changed since their latest snapshot', async () => {
    // Prepare: a never snapshotted, b snapshotted and unchanged, c snapshotted then changed.
    const stack = await createTestStack();
    for (const id of ['prog-a', 'prog-b', 'prog-c']) await storeProgramme(stack, id);
    for (const id of ['prog-b', 'prog-c']) {
      await takeSnapshot(stack.deps, { programmeId: id, by: 'ada.writer' });
    }
    await storeProgramme(stack, 'prog-c', (doc) => (doc.trainees.current = 117));
    const handler = createTakeSnapshotsHandler(stack.deps, { metrics: quietMetrics() });

    // Act
    const summary = await handler(scheduledEvent);

    // Assess
    expect(summary).toEqual({ scanned: 3, taken: 2, unchanged: 1, failed: 0 });
    const changed = programmeWith('prog-c', (doc) => (doc.trainees.current = 117));
    expect(await storedSnapshots(stack)).toEqual(
      [
        `prog-a ${contentHash(programmeWith('prog-a'))}`,
        `prog-b ${contentHash(programmeWith('prog-b'))}`,
        `prog-c ${contentHash(programmeWith('prog-c'))}`,
        `prog-c ${contentHash(changed)}`,
      ].sort(),
    );
    const latest = await stack.deps.snapshots.latest('prog-a');
    expect(latest).toMatchObject({ takenBy: 'schedule', programme: { id: 'prog-a' } });
  });

  it('stores no duplicate when run twice, one after the other or at the same time', async () => {
    // Prepare
    const stack = await createTestStack();
    for (const id of ['twice-a', 'twice-b', 'twice-c', 'twice-d']) await storeProgramme(stack, id);
    const handler = createTakeSnapshotsHandler(stack.deps, { metrics: quietMetrics() });

    // Act
    const concurrent = await Promise.all([handler(scheduledEvent), handler(scheduledEvent)]);
    const afterConcurrent = await storedSnapshots(stack);
    const again = await handler(scheduledEvent);

    // Assess
    expect(concurrent.map((s) => s.taken).reduce((a, b) => a + b)).toBe(4);
    expect(concurrent.map((s) => s.failed)).toEqual([0, 0]);
    expect(afterConcurrent).toHaveLength(4);
    expect(again).toEqual({ scanned: 4, taken: 0, unchanged: 4, failed: 0 });
    expect(await storedSnapshots(stack)).toEqual(afterConcurrent);
  });

  it('freezes the figures stored when it writes, not those listed before a concurrent update', async () => {
    // Prepare: the programme is updated after the job listed it, before it is frozen.
    const stack = await createTestStack();
    await storeProgramme(stack, 'moving');
    const updated = programmeWith('moving', (doc) => (doc.trainees.current = 140));
    const snapshots = stack.deps.snapshots;
    const updatedMeanwhile = Object.assign(Object.create(snapshots), {
      latestHash: async (programmeId: string) => {
        if ((await stack.deps.programmes.get(programmeId))?.version === 1) {
          await stack.deps.programmes.save({
            programme: updated,
            expected: { kind: 'any' },
            at: '2026-12-01T02:00:00.500Z',
            by: 'ada.writer',
          });
        }
        return snapshots.latestHash(programmeId);
      },
    });
    const handler = createTakeSnapshotsHandler(
      { ...stack.deps, snapshots: updatedMeanwhile },
      { metrics: quietMetrics() },
    );

    // Act
    const summary = await handler(scheduledEvent);

    // Assess
    expect(summary).toEqual({ scanned: 1, taken: 1, unchanged: 0, failed: 0 });
    const latest = await stack.deps.snapshots.latest('moving');
    expect(latest?.programme.trainees?.current).toBe(140);
    expect(latest?.sha256).toBe(contentHash(updated));
  });

  it('counts a corrupt programme item as failed, logs its id, and snapshots the others', async () => {
    // Prepare
    const stack = await createTestStack();
    for (const id of ['fine-a', 'fine-b']) await storeProgramme(stack, id);
    await createDocumentClient(LOCAL_CREDENTIALS.region).send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          PK: 'PROG#broken',
          SK: 'PROFILE',
          GSI1PK: 'PROGRAMMES',
          GSI1SK: 'PROG#broken',
          entity: 'programme',
          programme: { id: 'broken', name: 42 },
          version: 'one',
        },
      }),
    );
    const failures: unknown[] = [];
    const { logger } = await import('../../../functions/http/logger.js');
    const child = logger.createChild();
    vi.spyOn(logger, 'createChild').mockReturnValue(child);
    vi.spyOn(child, 'error').mockImplementation((...args: unknown[]) => {
      failures.push(args);
    });
    const handler = createTakeSnapshotsHandler(stack.deps, { metrics: quietMetrics() });

    // Act
    const summary = await handler(scheduledEvent);

    // Assess
    expect(summary).toEqual({ scanned: 3, taken: 2, unchanged: 0, failed: 1 });
    expect(failures).toEqual([
      ['programme not snapshotted', expect.objectContaining({ programmeId: 'broken' })],
    ]);
    expect((await storedSnapshots(stack)).map((line) => line.split(' ')[0])).toEqual([
      'fine-a',
      'fine-b',
    ]);
  });

  it('counts a failed write as failed and carries on with the other programmes (store stub: DynamoDB Local cannot fail one write on demand)', async () => {
    // Prepare
    const stack = await createTestStack();
    for (const id of ['write-a', 'write-b', 'write-c']) await storeProgramme(stack, id);
    const snapshots = stack.deps.snapshots;
    const failing = Object.assign(Object.create(snapshots), {
      create: (snapshot: Parameters<typeof snapshots.create>[0]) =>
        snapshot.programmeId === 'write-b'
          ? Promise.reject(new Error('throttled'))
          : snapshots.create(snapshot),
    });
    const handler = createTakeSnapshotsHandler(
      { ...stack.deps, snapshots: failing },
      { metrics: quietMetrics() },
    );

    // Act
    const summary = await handler(scheduledEvent);

    // Assess
    expect(summary).toEqual({ scanned: 3, taken: 2, unchanged: 0, failed: 1 });
    expect((await storedSnapshots(stack)).map((line) => line.split(' ')[0])).toEqual([
      'write-a',
      'write-c',
    ]);
  });

  it('visits every page of programmes', async () => {
    // Prepare: 7 programmes, listed 3 at a time.
    const stack = await createTestStack();
    const ids = Array.from({ length: 7 }, (_, i) => `paged-${i}`);
    for (const id of ids) await storeProgramme(stack, id);
    const listRecords = vi.spyOn(stack.deps.programmes as ProgrammeStore, 'listRecords');
    const handler = createTakeSnapshotsHandler(stack.deps, {
      metrics: quietMetrics(),
      pageSize: 3,
      concurrency: 2,
    });

    // Act
    const summary = await handler(scheduledEvent);

    // Assess
    expect(summary).toEqual({ scanned: 7, taken: 7, unchanged: 0, failed: 0 });
    expect(listRecords.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect((await storedSnapshots(stack)).map((line) => line.split(' ')[0])).toEqual(ids);
  });

  it('makes one list request per page and at most two requests per programme', async () => {
    // Prepare
    const stack = await createTestStack();
    for (const id of ['count-a', 'count-b', 'count-c', 'count-d', 'count-e']) {
      await storeProgramme(stack, id);
    }
    const handler = createTakeSnapshotsHandler(stack.deps, { metrics: quietMetrics() });
    const send = vi.spyOn(DynamoDBDocumentClient.prototype, 'send');

    // Act
    await handler(scheduledEvent);
    const firstRun = send.mock.calls.length;
    send.mockClear();
    await handler(scheduledEvent);
    const secondRun = send.mock.calls.length;

    // Assess: list, then a head read and a conditional write each; then list and head reads.
    expect(firstRun).toBe(1 + 5 * 2);
    expect(secondRun).toBe(1 + 5);
  });

  it('publishes the summary as EMF metrics in the Bidwright namespace', async () => {
    // Prepare
    const stack = await createTestStack();
    await storeProgramme(stack, 'measured');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_DEV', '');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const handler = createTakeSnapshotsHandler(stack.deps, { metrics: quietMetrics() });

    // Act
    await handler(scheduledEvent);
    vi.restoreAllMocks();

    // Assess
    const emf = lines.map((line) => JSON.parse(line)).find((entry) => entry._aws);
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe('Bidwright');
    expect(emf).toMatchObject({
      SnapshotsScanned: 1,
      SnapshotsTaken: 1,
      SnapshotsUnchanged: 0,
      SnapshotsFailed: 0,
    });
  });

  it('throws when the table cannot be read at all, so EventBridge retries', async () => {
    // Prepare: the stores of a table DynamoDB Local does not have.
    const deps = createTableDependencies({
      tableName: `bidwright-test-missing-${randomBytes(6).toString('hex')}`,
      region: LOCAL_CREDENTIALS.region,
    });
    const handler = createTakeSnapshotsHandler(deps, { metrics: quietMetrics() });

    // Act / Assess
    await expect(handler(scheduledEvent)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
