import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { SNAPSHOT_ID } from '../../ids/ids.js';
import { type Snapshot, type SnapshotSummary, snapshotSchema } from '../../snapshots/snapshot.js';
import * as z from '../../zod.js';
import {
  ProgrammeChangedError,
  SnapshotFiguresStoredError,
  type SnapshotStore,
} from '../snapshot-store.js';
import { cursorSchema, decodeCursor, keyPart, pageOf, TABLE_KEY } from './cursor.js';
import { parseItem } from './items.js';
import { keys, programmePk } from './keys.js';
import { snapshotRefusal, snapshotWrites } from './snapshot-writes.js';
import { cancellationCodes, transactWrite } from './transactions.js';

const snapshotSummarySchema = z.omit(snapshotSchema, { programme: true });
const headSchema = z.object({ snapshotId: z.string(), sha256: z.string() });

/**
 * Snapshots as `PROG#<id>` / `SNAP#<snapshot id>`, newest last in key order, beside a
 * `SNAPHEAD` item that holds the last stored snapshot's hash.
 */
export class DynamoDbSnapshotStore implements SnapshotStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * One transaction of `snapshotWrites`, with a check of the programme's version when one is
   * given: a programme saved since its figures were read fails it.
   */
  async create(
    snapshot: Snapshot,
    { programmeVersion }: { programmeVersion?: number } = {},
  ): Promise<{ snapshot: Snapshot; created: boolean }> {
    const items = snapshotWrites(this.tableName, snapshot);
    const versionCheckAt = items.length;
    if (programmeVersion !== undefined) {
      items.push({
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.programme(snapshot.programmeId),
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': programmeVersion },
        },
      });
    }
    try {
      await transactWrite(this.client, items);
      return { snapshot, created: true };
    } catch (error) {
      const codes = cancellationCodes(error);
      if (programmeVersion !== undefined && codes?.[versionCheckAt] === 'ConditionalCheckFailed') {
        throw new ProgrammeChangedError(snapshot.programmeId, programmeVersion, { cause: error });
      }
      const refusal = snapshotRefusal(snapshot, codes, 0, error);
      if (refusal instanceof SnapshotFiguresStoredError) {
        const existing = await this.head(snapshot.programmeId);
        if (existing) return { snapshot: existing, created: false };
      }
      throw refusal ?? error;
    }
  }

  private async head(programmeId: string): Promise<Snapshot | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.snapshotHead(programmeId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const head = parseItem(headSchema, Item, 'snapshot head');
    return this.get(programmeId, head.snapshotId);
  }

  /** Reads only the `SNAPHEAD` item, not a whole snapshot. */
  async latestHash(programmeId: string): Promise<string | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.snapshotHead(programmeId),
        ConsistentRead: true,
      }),
    );
    return Item ? parseItem(headSchema, Item, 'snapshot head').sha256 : null;
  }

  async get(programmeId: string, snapshotId: string): Promise<Snapshot | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.snapshot(programmeId, snapshotId),
        ConsistentRead: true,
      }),
    );
    return Item ? parseItem(snapshotSchema, Item, 'snapshot') : null;
  }

  async latest(programmeId: string): Promise<Snapshot | null> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({ ...this.newestFirst(programmeId), Limit: 1, ConsistentRead: true }),
    );
    return Items[0] ? parseItem(snapshotSchema, Items[0], 'snapshot') : null;
  }

  async latestAndPrevious(programmeId: string) {
    const { Items = [] } = await this.client.send(
      new QueryCommand({ ...this.newestFirst(programmeId), Limit: 2, ConsistentRead: true }),
    );
    const [latest, previous] = Items.map((item) => parseItem(snapshotSchema, item, 'snapshot'));
    return { latest: latest ?? null, previous: previous ?? null };
  }

  /**
   * Snapshot ids sort by time, so the one before is the next key below `SNAP#<id>`. Below
   * every snapshot lies the programme's `PROFILE` item: anything not a snapshot means none.
   */
  async previous(programmeId: string, snapshotId: string): Promise<Snapshot | null> {
    const key = keys.snapshot(programmeId, snapshotId);
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND SK < :sk',
        ExpressionAttributeValues: { ':pk': key.PK, ':sk': key.SK },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = Items[0];
    if (!item || typeof item.SK !== 'string' || !item.SK.startsWith('SNAP#')) return null;
    return parseItem(snapshotSchema, item, 'snapshot');
  }

  async list(programmeId: string, { limit, cursor }: { limit: number; cursor?: string }) {
    const pk = programmePk(programmeId);
    const cursorKey = cursorSchema({ PK: z.literal(pk), SK: keyPart('SNAP#', SNAPSHOT_ID) });
    const result = await this.client.send(
      new QueryCommand({
        ...this.newestFirst(programmeId),
        ProjectionExpression: 'PK, SK, id, programmeId, takenAt, sha256, takenBy',
        ExclusiveStartKey: decodeCursor(cursor, cursorKey),
        Limit: limit + 1,
      }),
    );
    const page = pageOf(result, limit, TABLE_KEY);
    const items: SnapshotSummary[] = page.items.map((item) =>
      parseItem(snapshotSummarySchema, item, 'snapshot'),
    );
    return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
  }

  private newestFirst(programmeId: string): QueryCommandInput {
    return {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :snap)',
      ExpressionAttributeValues: { ':pk': programmePk(programmeId), ':snap': 'SNAP#' },
      ScanIndexForward: false,
    };
  }
}
