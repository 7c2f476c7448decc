/**
 * The environment a function runs in, read and checked once: a missing variable fails at
 * the first use with its name, not later as an SDK error about an empty bucket or table.
 * Endpoints are not configuration here: the SDK reads its standard `AWS_ENDPOINT_URL_DYNAMODB`
 * and `AWS_ENDPOINT_URL_S3` itself, so no code path differs between a laptop and Lambda.
 */

export class ConfigError extends Error {
  constructor(readonly variable: string) {
    super(`the environment variable ${variable} is not set`);
    this.name = 'ConfigError';
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

/** The variable's value, or a ConfigError naming it when it is missing or empty. */
export function requiredEnv(name: string, env: Environment = process.env): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name);
  return value;
}

export interface TableConfig {
  tableName: string;
  region: string;
}

export interface Config extends TableConfig {
  bucketName: string;
}

/** What a function that never touches S3 needs: no BUCKET_NAME (take-snapshots). */
export function readTableConfig(env: Environment = process.env): TableConfig {
  return {
    tableName: requiredEnv('TABLE_NAME', env),
    region: requiredEnv('AWS_REGION', env),
  };
}

export function readConfig(env: Environment = process.env): Config {
  return {
    tableName: requiredEnv('TABLE_NAME', env),
    bucketName: requiredEnv('BUCKET_NAME', env),
    region: requiredEnv('AWS_REGION', env),
  };
}
