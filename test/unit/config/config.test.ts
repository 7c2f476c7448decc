import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  readConfig,
  readTableConfig,
  requiredEnv,
} from '../../../functions/config.js';

describe('Function: readConfig', () => {
  it('reads the table, bucket and region', () => {
    expect(readConfig({ TABLE_NAME: 't', BUCKET_NAME: 'b', AWS_REGION: 'eu-west-2' })).toEqual({
      tableName: 't',
      bucketName: 'b',
      region: 'eu-west-2',
    });
  });

  it('names the variable that is missing or blank', () => {
    expect(() => readConfig({ TABLE_NAME: 't', AWS_REGION: 'eu-west-2' })).toThrow(
      'the environment variable BUCKET_NAME is not set',
    );
    expect(() => requiredEnv('TABLE_NAME', { TABLE_NAME: '  ' })).toThrow(ConfigError);
  });
});

describe('Function: readTableConfig', () => {
  it('reads the table and region without asking for a bucket', () => {
    expect(readTableConfig({ TABLE_NAME: 't', AWS_REGION: 'eu-west-2' })).toEqual({
      tableName: 't',
      region: 'eu-west-2',
    });
    expect(() => readTableConfig({ AWS_REGION: 'eu-west-2' })).toThrow(
      'the environment variable TABLE_NAME is not set',
    );
  });
});
