import { randomBytes } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Bid,
  type BidEvent,
  type BidStatus,
  bidEventSchema,
  bidSchema,
  bidStatusSchema,
} from '../../bids/bid.js';
import {
  IdempotencyKeyTakenError,
  type IdempotencyRecord,
  idempotencyRecordSchema,
} from '../../bids/idempotency.js';
import { BID_ID } from '../../ids/ids.js';
import * as z from '../../zod.js';
import type { BidStore, NewBid } from '../bid-store.js';
import { GSI1 } from '../table-definition.js';
import { cursorSchema, decodeCursor, GSI1_KEY, keyPart, pageOf } from './cursor.js';
import { parseItem } from './items.js';
import { bidPk, keys, programmePk } from './keys.js';
import { snapshotRefusal, snapshotWrites } from './snapshot-writes.js';
import { cancellationCodes, cancellationItem, transactWrite } from './transactions.js';

/**
 * The most of a bid's audit trail `GET /bids/{id}` lists, in bytes of JSON: its answer stays
 * well inside the 6 MB a Lambda may return. That is some tens of thousands of downloads, or
 * over a thousand reviews with the longest comments; a longer trail lists its newest events.
 */
export const MAX_LISTED_EVENT_BYTES = 4 * 1024 * 1024;

function bidItem(bid: Bid) {
  return {
    ...keys.bid(bid.id),
    GSI1PK: programmePk(bid.programmeId),
    GSI1SK: `BID#${bid.createdAt}#${bid.id}`,
    entity: 'bid',
    ...bid,
  };
}

function eventItem(bidId: string, event: BidEvent, suffix: string) {
  return { ...keys.bidEvent(bidId, event.at, suffix), entity: 'bid-event', ...event };
}

/** A suffix for an event's sort key, so two events in the same millisecond stay apart. */
function eventSuffix(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Bids as `BID#<id>` / `META` (listed by programme through GSI1, newest first), their
 * events as `BID#<id>` / `EVENT#<at>#<n>`, and idempotency records as `IDEM#<scope>`.
 */
export class DynamoDbBidStore implements BidStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly maxListedEventBytes = MAX_LISTED_EVENT_BYTES,
  ) {}

  /**
   * One transaction: META and the `created` event only if new, the idempotency record only
   * if no live record holds the scope, and a new snapshot as `snapshotWrites` stores one.
   * The loser of two concurrent duplicates writes nothing and learns that the key is taken.
   */
  async create({ bid, created, idempotency, snapshot }: NewBid): Promise<void> {
    const snapshotAt = idempotency ? 3 : 2;
    try {
      await transactWrite(this.client, [
        {
          Put: {
            TableName: this.tableName,
            Item: bidItem(bid),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: eventItem(bid.id, created, eventSuffix()),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        ...(idempotency
          ? [
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...keys.idempotency(idempotency.scope),
                    entity: 'idempotency',
                    ...idempotency,
                  },
                  ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
                  ExpressionAttributeValues: {
                    ':now': Math.floor(Date.parse(bid.createdAt) / 1000),
                  },
                },
              },
            ]
          : []),
        ...(snapshot ? snapshotWrites(this.tableName, snapshot) : []),
      ]);
    } catch (error) {
      const codes = cancellationCodes(error);
      if (idempotency && codes?.[2] === 'ConditionalCheckFailed') {
        throw new IdempotencyKeyTakenError(idempotency.scope);
      }
      throw (snapshot && snapshotRefusal(snapshot, codes, snapshotAt, error)) ?? error;
    }
  }

  async get(id: string): Promise<Bid | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.bid(id), ConsistentRead: true }),
    );
    return Item ? parseItem(bidSchema, Item, 'bid') : null;
  }

  /**
   * The bid and its events, oldest first: one query of its partition, read newest first, so
   * META (which sorts after every `EVENT#`) comes first and a trail longer than
   * MAX_LISTED_EVENT_BYTES lists its newest events and still finds its bid.
   */
  async getWithEvents(id: string): Promise<{ bid: Bid; events: BidEvent[] } | null> {
    let bid: Bid | null = null;
    const newestFirst: BidEvent[] = [];
    let bytes = 0;
    let full = false;
    let start: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': bidPk(id) },
          ConsistentRead: true,
          ScanIndexForward: false,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of Items) {
        if (item.SK === 'META') {
          bid = parseItem(bidSchema, item, 'bid');
        } else if (!full && String(item.SK).startsWith('EVENT#')) {
          const event = parseItem(bidEventSchema, item, 'bid event');
          bytes += Buffer.byteLength(JSON.stringify(event));
          full = bytes > this.maxListedEventBytes;
          if (!full) newestFirst.push(event);
        }
      }
      start = full ? undefined : LastEvaluatedKey;
    } while (start);
    return bid ? { bid, events: newestFirst.reverse() } : null;
  }

  async listByProgramme(
    programmeId: string,
    { limit, cursor }: { limit: number; cursor?: string },
  ) {
    const partition = programmePk(programmeId);
    const cursorKey = cursorSchema({
      PK: keyPart('BID#', BID_ID),
      SK: z.literal('META'),
      GSI1PK: z.literal(partition),
      GSI1SK: keyPart('BID#', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f-]{36}$/),
    });
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI1.indexName,
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :bid)',
        ExpressionAttributeValues: { ':pk': partition, ':bid': 'BID#' },
        ScanIndexForward: false,
        ExclusiveStartKey: decodeCursor(cursor, cursorKey),
        Limit: limit + 1,
      }),
    );
    const page = pageOf(result, limit, GSI1_KEY);
    const items = page.items.map((item) => parseItem(bidSchema, item, 'bid'));
    return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
  }

  async addEvent(bidId: string, event: BidEvent): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: eventItem(bidId, event, eventSuffix()),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  /**
   * One transaction: the status and the time of the review it came from (`reviewedAt`), only
   * if the bid exists and holds no later review's, and the `reviewed` event. When a later
   * review is already stored, the event is added alone and the status stays.
   */
  async review(bidId: string, status: BidStatus, event: BidEvent): Promise<BidStatus | null> {
    try {
      await transactWrite(this.client, [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.bid(bidId),
            UpdateExpression: 'SET #status = :status, #reviewedAt = :at',
            ConditionExpression:
              'attribute_exists(PK) AND (attribute_not_exists(#reviewedAt) OR #reviewedAt <= :at)',
            ExpressionAttributeNames: { '#status': 'status', '#reviewedAt': 'reviewedAt' },
            ExpressionAttributeValues: { ':status': status, ':at': event.at },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: eventItem(bidId, event, eventSuffix()),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ]);
      return status;
    } catch (error) {
      if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
      const stored = cancellationItem(error, 0);
      if (!stored) return null;
      await this.addEvent(bidId, event);
      return parseItem(bidStatusSchema, stored.status?.S, 'bid status');
    }
  }

  async findIdempotency(scope: string, nowEpochSeconds: number): Promise<IdempotencyRecord | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.idempotency(scope),
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const record = parseItem(idempotencyRecordSchema, Item, 'idempotency record');
    return record.expiresAt < nowEpochSeconds ? null : record;
  }
}
