import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod/mini';
import { GSI1 } from '../table-definition.js';
import { decodeCursor, GSI1_KEY, pageOf } from './cursor.js';

export interface Gsi1ListQuery<C extends Record<string, string>> {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The GSI1 partition that lists one kind of item, e.g. `PROGRAMMES`. */
  list: string;
  /** The key shape a cursor of this list must have. */
  cursor: z.ZodMiniType<C>;
  /** Attributes to read, with their placeholders; every attribute when absent. */
  projection?: { expression: string; names: Record<string, string> };
}

/**
 * One page of a GSI1 list partition (all programmes, all templates): the raw items and the
 * cursor of the next page. Callers parse the items as the item kind they list.
 */
export async function queryGsi1List<C extends Record<string, string>>(
  query: Gsi1ListQuery<C>,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<{ items: Record<string, unknown>[]; nextCursor?: string }> {
  const result = await query.client.send(
    new QueryCommand({
      TableName: query.tableName,
      IndexName: GSI1.indexName,
      KeyConditionExpression: 'GSI1PK = :list',
      ExpressionAttributeValues: { ':list': query.list },
      ...(query.projection
        ? {
            ProjectionExpression: query.projection.expression,
            ExpressionAttributeNames: query.projection.names,
          }
        : {}),
      ExclusiveStartKey: decodeCursor(cursor, query.cursor),
      Limit: limit + 1,
    }),
  );
  return pageOf(result, limit, GSI1_KEY);
}
