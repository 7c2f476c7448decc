import { type AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PreconditionFailedError } from '../../errors/errors.js';
import { type ProgrammeRecord, programmeRecordSchema } from '../../programmes/programme-record.js';
import { SLUG } from '../../programmes/programme-schema.js';
import * as z from '../../zod.js';
import type {
  ListedProgramme,
  ProgrammeStore,
  SaveProgramme,
  VersionExpectation,
} from '../programme-store.js';
import { cursorSchema, keyPart } from './cursor.js';
import { queryGsi1List } from './gsi1-list.js';
import { CorruptItemError, parseItem } from './items.js';
import { keys, PROGRAMMES_LIST } from './keys.js';

const summarySchema = z.object({
  programme: z.object({ id: z.string(), name: z.string(), institution: z.string() }),
  version: z.int(),
  updatedAt: z.string(),
});

const listCursor = cursorSchema({
  PK: keyPart('PROG#', SLUG),
  SK: z.literal('PROFILE'),
  GSI1PK: z.literal(PROGRAMMES_LIST),
  GSI1SK: keyPart('PROG#', SLUG),
});

function condition(expected: VersionExpectation): {
  ConditionExpression?: string;
  values: Record<string, unknown>;
} {
  switch (expected.kind) {
    case 'any':
      return { values: {} };
    case 'absent':
      return { ConditionExpression: 'attribute_not_exists(PK)', values: {} };
    case 'exists':
      return { ConditionExpression: 'attribute_exists(PK)', values: {} };
    case 'version':
      return {
        ConditionExpression: '#version = :expected',
        values: { ':expected': expected.version },
      };
  }
}

/**
 * Why the precondition failed, from the item DynamoDB returned with the failed check
 * (`ReturnValuesOnConditionCheckFailure`): its version, or none when the programme is absent.
 */
function refusal(
  id: string,
  expected: VersionExpectation,
  current: Record<string, AttributeValue> | undefined,
): PreconditionFailedError {
  switch (expected.kind) {
    case 'absent':
      return new PreconditionFailedError(`programme "${id}" already exists`);
    case 'exists':
      return new PreconditionFailedError(`programme "${id}" does not exist yet`);
    case 'version': {
      const version = current?.version?.N;
      if (version === undefined) {
        return new PreconditionFailedError(
          `programme "${id}" does not exist, so it is not at version ${expected.version}; send it without If-Match to create it`,
        );
      }
      return new PreconditionFailedError(
        `programme "${id}" is at version ${version}, not ${expected.version}; fetch it again and reapply your change`,
      );
    }
    default:
      return new PreconditionFailedError(`programme "${id}" changed meanwhile; send it again`);
  }
}

/** Programmes as `PROG#<id>` / `PROFILE`, listed through GSI1 under `PROGRAMMES`. */
export class DynamoDbProgrammeStore implements ProgrammeStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<ProgrammeRecord | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.programme(id), ConsistentRead: true }),
    );
    return Item ? parseItem(programmeRecordSchema, Item, 'programme') : null;
  }

  /**
   * One UpdateItem whatever the precondition: the version is bumped by DynamoDB itself
   * (`if_not_exists(version, 0) + 1`), and the precondition is the condition expression,
   * so two writers with the same expected version cannot both succeed.
   */
  async save({ programme, expected, at, by }: SaveProgramme) {
    const { ConditionExpression, values } = condition(expected);
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.programme(programme.id),
          UpdateExpression:
            'SET entity = :entity, GSI1PK = :list, GSI1SK = :pk, programme = :programme, ' +
            '#version = if_not_exists(#version, :zero) + :one, ' +
            'createdAt = if_not_exists(createdAt, :at), updatedAt = :at, updatedBy = :by',
          ConditionExpression,
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: {
            ':entity': 'programme',
            ':list': PROGRAMMES_LIST,
            ':pk': keys.programme(programme.id).PK,
            ':programme': programme,
            ':zero': 0,
            ':one': 1,
            ':at': at,
            ':by': by,
            ...values,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const record = parseItem(programmeRecordSchema, Attributes, 'programme');
      return { record, created: record.version === 1 };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw refusal(programme.id, expected, error.Item);
      }
      throw error;
    }
  }

  async list(page: { limit: number; cursor?: string }) {
    const { items, nextCursor } = await queryGsi1List(
      {
        ...this.listQuery(),
        projection: {
          expression:
            'PK, SK, GSI1PK, GSI1SK, programme.id, programme.#name, programme.institution, #version, updatedAt',
          names: { '#name': 'name', '#version': 'version' },
        },
      },
      page,
    );
    const summaries = items.map((item) => {
      const { programme, version, updatedAt } = parseItem(summarySchema, item, 'programme');
      return { ...programme, version, updatedAt };
    });
    return nextCursor ? { items: summaries, nextCursor } : { items: summaries };
  }

  /**
   * The same GSI1 query as `list`, without the projection (GSI1 projects every attribute):
   * one request per page gives each programme's whole record. An item that does not parse is
   * returned as an error under the id in its key instead of failing the page.
   */
  async listRecords(page: { limit: number; cursor?: string }) {
    const { items, nextCursor } = await queryGsi1List(this.listQuery(), page);
    const records = items.map((item): ListedProgramme => {
      const id = idFromKey(item.PK);
      try {
        return { id, record: parseItem(programmeRecordSchema, item, 'programme') };
      } catch (error) {
        return { id, error: error instanceof Error ? error : new CorruptItemError('programme') };
      }
    });
    return nextCursor ? { items: records, nextCursor } : { items: records };
  }

  private listQuery() {
    return {
      client: this.client,
      tableName: this.tableName,
      list: PROGRAMMES_LIST,
      cursor: listCursor,
    };
  }
}

/** `PROG#<id>` → `<id>`; the raw key (or `?`) when it is not one. */
function idFromKey(pk: unknown): string {
  if (typeof pk !== 'string') return '?';
  return pk.startsWith('PROG#') ? pk.slice('PROG#'.length) : pk;
}
