import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, it, vi } from 'vitest';
import { StatefulStack } from '../../infra/stateful-stack.js';

/**
 * A table definition unlike the real one in every field the stack reads from it: if the
 * stack wrote a key type, billing mode or projection out itself, its table would not follow.
 */
vi.mock('../../functions/stores/table-definition.js', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  tableDefinition: {
    partitionKey: { name: 'P', type: 'B' },
    sortKey: { name: 'S', type: 'N' },
    billingMode: 'PROVISIONED',
    timeToLiveAttribute: 'gone',
    globalSecondaryIndexes: [
      {
        indexName: 'BY_N',
        partitionKey: { name: 'NP', type: 'S' },
        sortKey: { name: 'NS', type: 'N' },
        projection: 'KEYS_ONLY',
      },
    ],
  },
}));

describe('Class: StatefulStack', () => {
  it('builds its table from functions/stores/table-definition.ts, as the local stack does', () => {
    // Act
    const stack = new StatefulStack(new App(), 'Stateful', {
      stage: 'test',
      env: { account: '123456789012', region: 'eu-west-2' },
    });

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'P', KeyType: 'HASH' },
        { AttributeName: 'S', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'P', AttributeType: 'B' },
        { AttributeName: 'S', AttributeType: 'N' },
        { AttributeName: 'NP', AttributeType: 'S' },
        { AttributeName: 'NS', AttributeType: 'N' },
      ]),
      BillingMode: Match.absent(),
      ProvisionedThroughput: Match.objectLike({}),
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'BY_N', Projection: { ProjectionType: 'KEYS_ONLY' } }),
      ],
      TimeToLiveSpecification: { AttributeName: 'gone', Enabled: true },
    });
  });
});
