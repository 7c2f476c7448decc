import { describe, expect, it, vi } from 'vitest';
import { NotFoundError, ServiceUnavailableError } from '../../../functions/errors/errors.js';
import { INTERNAL_ERROR_MESSAGE } from '../../../functions/http/error-response.js';
import { httpHandler } from '../../../functions/http/http-handler.js';
import { logger } from '../../../functions/http/logger.js';
import { json } from '../../../functions/http/response.js';
import { httpEvent } from '../../fixtures/events/http-event.js';

const event = () => httpEvent({ method: 'GET', route: '/programmes/{id}', params: { id: 'x1' } });

describe('Function: httpHandler', () => {
  it('maps a Bidwright error to its status and the error body', async () => {
    // Prepare
    const handler = httpHandler('get-programme', {}, async () => {
      throw new NotFoundError('programme', 'x1');
    });

    // Act
    const result = await handler(event());

    // Assess
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body ?? '')).toEqual({
      error: {
        code: 'not-found',
        message: 'programme "x1" does not exist',
        details: [{ resource: 'programme', id: 'x1' }],
      },
    });
  });

  it('answers a store that is down with 503, the store named in the body and Retry-After', async () => {
    // Prepare
    const handler = httpHandler('get-programme', {}, async () => {
      throw new ServiceUnavailableError('database', 'the database (DynamoDB)', 5, {
        cause: new Error('connect ECONNREFUSED 127.0.0.1:8000'),
      });
    });

    // Act
    const result = await handler(event());

    // Assess
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('5');
    expect(result.body).not.toContain('ECONNREFUSED');
    expect(JSON.parse(result.body ?? '')).toEqual({
      error: {
        code: 'service-unavailable',
        message:
          'the database (DynamoDB) is not answering, so the request was not completed; try it again in a few seconds',
        details: [{ service: 'database' }],
      },
    });
  });

  it('answers anything else with 500, a fixed message and the request id, never the error', async () => {
    // Prepare
    const handler = httpHandler('get-programme', {}, async () => {
      throw new Error('ValidationException: secret table layout PK = PROG#x1');
    });
    const request = event();

    // Act
    const result = await handler(request);

    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('PROG#');
    expect(JSON.parse(result.body ?? '')).toEqual({
      error: {
        code: 'internal-error',
        message: INTERNAL_ERROR_MESSAGE,
        details: [{ requestId: request.requestContext.requestId }],
      },
    });
    expect(result.headers?.['x-request-id']).toBe(request.requestContext.requestId);
  });

  it('turns a missing environment variable at first use into a 500, not a crash', async () => {
    // Prepare
    const handler = httpHandler(
      'get-programme',
      () => {
        throw new Error('the environment variable TABLE_NAME is not set');
      },
      async () => json(200, {}),
    );

    // Act
    const result = await handler(event());

    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('TABLE_NAME');
  });

  it('logs each of two overlapping requests with its own request id', async () => {
    // Prepare
    const level = logger.getLevelName();
    logger.setLogLevel('INFO');
    const lines: string[] = [];
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    let releaseFirst = () => {};
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const handler = httpHandler('get-programme', {}, async (request) => {
      if (request.requestId === 'first') await firstHeld;
      return json(200, {});
    });
    const withId = (id: string) => {
      const e = event();
      e.requestContext.requestId = id;
      return e;
    };

    // Act
    const first = handler(withId('first'));
    await handler(withId('second'));
    releaseFirst();
    await first;
    write.mockRestore();
    logger.setLogLevel(level);

    // Assess
    const done = lines
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('request done'))
      .map((line) => JSON.parse(line) as { requestId?: string });
    expect(done.map((entry) => entry.requestId)).toEqual(['second', 'first']);
  });
});
