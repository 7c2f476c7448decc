import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../../functions/errors/errors.js';
import { jobFailure } from '../../../local/job-failure.js';

describe('Function: jobFailure', () => {
  it('gives a store that is not answering as its message, without a stack', () => {
    // Prepare
    const error = new ServiceUnavailableError('database', 'the database (DynamoDB)', 5, {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:8000'),
    });

    // Act
    const report = jobFailure(error);

    // Assess
    expect(report).toBe(
      'The snapshot job failed: the database (DynamoDB) is not answering, so the request was not completed; try it again in a few seconds\n',
    );
  });

  it('keeps the stack of a failure Bidwright does not name, to find where it came from', () => {
    // Prepare
    const error = new TypeError('items is not iterable');

    // Act
    const report = jobFailure(error);

    // Assess
    expect(report).toMatch(/^The snapshot job failed: TypeError: items is not iterable\n {4}at /);
  });
});
