import { defineConfig } from 'vitest/config';

/**
 * Two projects, both run by `vitest run`: unit tests (no I/O, no emulators) and integration
 * tests, whose globalSetup starts DynamoDB Local and s3rver once for the whole run. Filtering
 * to unit tests (`vitest run --project unit`) never starts the JVM. The end-to-end tests
 * (test/e2e: the local stack over HTTP) run in the integration project, because a project's
 * globalSetup runs once per project and the emulators must start once per run; run them
 * alone with `vitest run --project integration test/e2e`.
 */
export default defineConfig({
  test: {
    testTimeout: 20_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // test/infra: CDK assertions and cdk-nag, synthesised without bundling.
          include: ['test/**/*.test.ts'],
          exclude: [
            'test/integration/**',
            'test/e2e/**',
            'test/**/*.integration.test.ts',
            '**/node_modules/**',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // test/infra/*.integration.test.ts: the Lambda bundles, run against the emulators.
          include: [
            'test/integration/**/*.test.ts',
            'test/e2e/**/*.test.ts',
            'test/infra/**/*.integration.test.ts',
          ],
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/integration/setup-env.ts'],
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
