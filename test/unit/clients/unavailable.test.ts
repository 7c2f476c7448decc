import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import { NoSuchKey } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import {
  CONNECTION_TIMEOUT_MS,
  MAX_ATTEMPTS,
  MAX_BACKOFF_MS,
  REQUEST_TIMEOUT_MS,
  WORST_CASE_CALL_MS,
} from '../../../functions/clients/client-options.js';
import { isUnavailable, reportUnavailable } from '../../../functions/clients/unavailable.js';
import { ServiceUnavailableError } from '../../../functions/errors/errors.js';

/** What Node throws for a refused connection. */
function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), {
    code: 'ECONNREFUSED',
  });
}

/** A DynamoDB client whose every HTTP exchange answers `status` with an AWS JSON error. */
function clientAnswering(status: number, type: string, attempts: { count: number }) {
  return new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'KEY', secretAccessKey: 'SECRET' },
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: {
      handle: async () => {
        attempts.count += 1;
        return {
          response: {
            statusCode: status,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Buffer.from(JSON.stringify({ __type: type, message: 'slow down' })),
          },
        };
      },
    },
  });
}

describe('Function: isUnavailable', () => {
  it('says a refused, reset or timed-out connection means the store is down', () => {
    expect(isUnavailable(refused())).toBe(true);
    expect(isUnavailable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(
      true,
    );
    expect(isUnavailable(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toBe(
      true,
    );
    expect(isUnavailable(new AggregateError([refused()], 'all addresses refused'))).toBe(true);
    expect(isUnavailable(new Error('wrapped', { cause: refused() }))).toBe(true);
  });

  it('leaves errors the stores handle, and plain bugs, as they are', () => {
    expect(
      isUnavailable(
        new ConditionalCheckFailedException({ message: 'condition failed', $metadata: {} }),
      ),
    ).toBe(false);
    expect(isUnavailable(new NoSuchKey({ message: 'no such key', $metadata: {} }))).toBe(false);
    expect(isUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isUnavailable(undefined)).toBe(false);
  });
});

/** What a GetItem through `reportUnavailable` throws when every answer is this error. */
function reportingClientError(
  status: number,
  type: string,
  attempts: { count: number },
): Promise<unknown> {
  return reportUnavailable(
    clientAnswering(status, type, attempts),
    'database',
    'the database (DynamoDB)',
  )
    .send(new GetItemCommand({ TableName: 't', Key: { PK: { S: 'x' } } }))
    .catch((caught: unknown) => caught);
}

describe('Function: reportUnavailable', () => {
  it('turns throttling, after the retries, into a 503 naming the store (SDK-level stub: DynamoDB Local cannot be made to throttle)', async () => {
    // Prepare
    const attempts = { count: 0 };

    // Act
    const error = await reportingClientError(400, 'ThrottlingException', attempts);

    // Assess
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ status: 503, service: 'database' });
    expect(attempts.count).toBe(MAX_ATTEMPTS);
  });

  it('turns a server fault into a 503 (SDK-level stub: the emulators do not answer 500 on demand)', async () => {
    // Prepare
    const attempts = { count: 0 };

    // Act
    const error = await reportingClientError(500, 'InternalServerError', attempts);

    // Assess
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).cause).toMatchObject({ name: 'InternalServerError' });
  });

  it('passes a refused condition through unchanged (SDK-level stub)', async () => {
    // Act
    const error = await reportingClientError(400, 'ConditionalCheckFailedException', {
      count: 0,
    });

    // Assess
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
  });
});

describe('Constants: client-options', () => {
  it('gives up on a store that never answers after 3 × (1 s to connect + 2 s idle) plus back-off, within 10 s', () => {
    expect([MAX_ATTEMPTS, CONNECTION_TIMEOUT_MS, REQUEST_TIMEOUT_MS]).toEqual([3, 1_000, 2_000]);
    expect(WORST_CASE_CALL_MS).toBeGreaterThanOrEqual(9_000 + MAX_BACKOFF_MS);
    expect(WORST_CASE_CALL_MS).toBeLessThan(10_000);
  });
});
