import { setTimeout as sleep } from 'node:timers/promises';
import { type AttributeValue, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

export type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

const ATTEMPTS = 5;

/** The reason code of each item of a cancelled transaction, or null for any other error. */
export function cancellationCodes(error: unknown): (string | undefined)[] | null {
  if (!(error instanceof TransactionCanceledException)) return null;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code);
}

/**
 * The stored item whose condition cancelled item `at` of a transaction, as DynamoDB returns
 * it for `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`; undefined when there was none.
 */
export function cancellationItem(
  error: unknown,
  at: number,
): Record<string, AttributeValue> | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return error.CancellationReasons?.[at]?.Item;
}

function isConflict(error: unknown): boolean {
  if ((error as { name?: unknown } | null)?.name === 'TransactionConflictException') return true;
  const codes = cancellationCodes(error);
  return Boolean(
    codes?.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed'),
  );
}

/**
 * TransactWriteItems, retried when it lost a race with another transaction on the same
 * items (DynamoDB cancels one of them with `TransactionConflict`; the SDK does not retry
 * that). A condition that fails is not retried: the caller reads `cancellationCodes`.
 */
export async function transactWrite(
  client: DynamoDBDocumentClient,
  items: TransactItems,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS || !isConflict(error)) throw error;
      await sleep(10 * 2 ** attempt * Math.random());
    }
  }
}
