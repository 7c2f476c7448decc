import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SLUG } from '../../programmes/programme-schema.js';
import {
  type TemplateSummary,
  type TemplateVersion,
  templateVersionSchema,
} from '../../templates/template-version.js';
import { VersionTakenError } from '../../templates/version-taken-error.js';
import * as z from '../../zod.js';
import type { TemplateStore } from '../template-store.js';
import { cursorSchema, keyPart } from './cursor.js';
import { queryGsi1List } from './gsi1-list.js';
import { parseItem } from './items.js';
import { keys, TEMPLATES_LIST, templatePk } from './keys.js';
import { cancellationCodes, transactWrite } from './transactions.js';

const latestSchema = z.object({
  id: z.string(),
  version: z.int(),
  title: z.string(),
  competition: z.string(),
  updatedAt: z.string(),
});

const listCursor = cursorSchema({
  PK: keyPart('TPL#', SLUG),
  SK: z.literal('LATEST'),
  GSI1PK: z.literal(TEMPLATES_LIST),
  GSI1SK: keyPart('TPL#', SLUG),
});

/**
 * Template versions as `TPL#<id>` / `V#0001`…, immutable, with a `LATEST` pointer that
 * also lists the template through GSI1 under `TEMPLATES`.
 */
export class DynamoDbTemplateStore implements TemplateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async latestVersion(id: string): Promise<number> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.templateLatest(id),
        ConsistentRead: true,
      }),
    );
    return Item ? parseItem(latestSchema, Item, 'template pointer').version : 0;
  }

  /**
   * One transaction: the version item only if absent, and the pointer only if it still
   * points at version − 1. Two uploads that read the same pointer cannot both commit.
   */
  async createVersion(version: TemplateVersion): Promise<void> {
    const { manifest } = version.source;
    try {
      await transactWrite(this.client, [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.templateVersion(version.id, version.version),
              entity: 'template-version',
              ...version,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.templateLatest(version.id),
              GSI1PK: TEMPLATES_LIST,
              GSI1SK: templatePk(version.id),
              entity: 'template-latest',
              id: version.id,
              version: version.version,
              title: manifest.title,
              competition: manifest.competition,
              updatedAt: version.createdAt,
            },
            ...(version.version === 1
              ? { ConditionExpression: 'attribute_not_exists(PK)' }
              : {
                  ConditionExpression: '#version = :previous',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':previous': version.version - 1 },
                }),
          },
        },
      ]);
    } catch (error) {
      if (cancellationCodes(error)?.includes('ConditionalCheckFailed')) {
        throw new VersionTakenError(version.id, version.version);
      }
      throw error;
    }
  }

  async get(id: string, version?: number): Promise<TemplateVersion | null> {
    if (version !== undefined) {
      const { Item } = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.templateVersion(id, version),
          ConsistentRead: true,
        }),
      );
      return Item ? parseItem(templateVersionSchema, Item, 'template') : null;
    }
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
        ExpressionAttributeValues: { ':pk': templatePk(id), ':v': 'V#' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items[0] ? parseItem(templateVersionSchema, Items[0], 'template') : null;
  }

  async list(page: { limit: number; cursor?: string }) {
    const { items, nextCursor } = await queryGsi1List(
      { client: this.client, tableName: this.tableName, list: TEMPLATES_LIST, cursor: listCursor },
      page,
    );
    const summaries: TemplateSummary[] = items.map((item) => {
      const { id, version, title, competition, updatedAt } = parseItem(
        latestSchema,
        item,
        'template pointer',
      );
      return { id, latestVersion: version, title, competition, updatedAt };
    });
    return nextCursor ? { items: summaries, nextCursor } : { items: summaries };
  }
}
