import { describe, expect, it } from 'vitest';
import {
  createTableInput,
  pdfBucketName,
  pdfObjectKey,
} from '../../../functions/stores/table-definition.js';

describe('Function: createTableInput', () => {
  it('builds the single table with its GSI, on demand', () => {
    // Act
    const input = createTableInput('bidwright-test');

    // Assess
    expect(input).toMatchObject({
      TableName: 'bidwright-test',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'GSI1PK', KeyType: 'HASH' },
            { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    expect(input.AttributeDefinitions?.map((a) => a.AttributeName)).toEqual([
      'PK',
      'SK',
      'GSI1PK',
      'GSI1SK',
    ]);
  });
});

describe('Function: pdfObjectKey', () => {
  it('puts a bid’s PDF under its id and content hash', () => {
    expect(pdfObjectKey('b1', 'ab12')).toBe('bids/b1/ab12.pdf');
  });
});

describe('Function: pdfBucketName', () => {
  it('names the bucket per stage, account and region', () => {
    expect(pdfBucketName('prod', '123456789012', 'eu-west-2')).toBe(
      'bidwright-prod-pdfs-123456789012-eu-west-2',
    );
  });

  it('refuses a name S3 would refuse', () => {
    expect(() => pdfBucketName('x'.repeat(60))).toThrow(/not a valid S3 bucket name/);
  });
});
