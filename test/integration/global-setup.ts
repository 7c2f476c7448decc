import type { TestProject } from 'vitest/node';
import { startEmulators } from '../../local/emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    s3Endpoint: string;
  }
}

/**
 * Starts DynamoDB Local (in memory) and s3rver once for the whole integration run: the JVM
 * takes seconds to start. Each test file makes its own table and bucket on them.
 */
export default async function setup(project: TestProject) {
  // The SDK warns once per process that it will need Node 22 from 2027; not news in a test run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const emulators = await startEmulators({ tableName: null, bucketName: null });
  project.provide('dynamodbEndpoint', emulators.dynamodbEndpoint);
  project.provide('s3Endpoint', emulators.s3Endpoint);
  return () => emulators.stop();
}
