import { defineConfig } from 'vitest/config';

/**
 * Two projects, both run by `vitest run`: unit tests (no I/O, no emulators) and integration
 * tests, whose globalSetup starts DynamoDB Local and s3rver once for the whole run. Filtering
 * to unit tests (`vitest run --project unit`) never starts the JVM.
 */
export default defineConfig({
  test: {
    testTimeout: 20_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/integration/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/integration/setup-env.ts'],
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
