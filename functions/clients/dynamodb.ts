import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAX_ATTEMPTS, requestHandler } from './client-options.js';
import { reportUnavailable } from './unavailable.js';

/**
 * The DocumentClient the stores share: one per module that asks for it (the composition
 * root builds one per cold start). The endpoint comes from `AWS_ENDPOINT_URL_DYNAMODB`
 * when set, through the SDK's own lookup. A table that cannot be reached is a
 * ServiceUnavailableError (503), after the retries and within the bounds of client-options.ts.
 */
export function createDocumentClient(region: string): DynamoDBDocumentClient {
  const client = reportUnavailable(
    new DynamoDBClient({ region, maxAttempts: MAX_ATTEMPTS, requestHandler }),
    'database',
    'the database (DynamoDB)',
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}
