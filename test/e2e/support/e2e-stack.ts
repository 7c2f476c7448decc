import { ApiClient } from '../../../local/api-client.js';
import { type AccessLogEntry, type DevServer, startDevServer } from '../../../local/dev-server.js';
import {
  type DevKeys,
  type DevRole,
  type DevTokens,
  devAuthorizerConfig,
  generateDevKeys,
  issueDevTokens,
} from '../../../local/dev-tokens.js';
import { createJwtAuthorizer } from '../../../local/jwt-authorizer.js';
import { createTestStack, type TestStack } from '../../integration/support/test-stack.js';

export type Caller = DevRole | 'anonymous';
export const CALLERS: readonly Caller[] = ['anonymous', 'writer', 'reviewer', 'admin'];

export interface E2eStack {
  url: string;
  keys: DevKeys;
  tokens: DevTokens;
  /** A client per caller; `anonymous` sends no token. */
  api: Record<Caller, ApiClient>;
  /** The file's own table and bucket on the shared emulators. */
  data: TestStack;
  /** Every request the server answered with a 5xx, with what went wrong. */
  serverErrors: AccessLogEntry[];
  /** Everything stored: a full table scan and the bucket's keys. */
  storedState(): Promise<{ items: Record<string, unknown>[]; objects: string[] }>;
  close(): Promise<void>;
}

/**
 * The local stack as `npm start` runs it, in this test file's process: the dev server on a
 * free port in front of the real handler modules (functions/http/route-loaders.ts), which
 * reach the run's shared emulators through the standard variables, with a table and
 * bucket of this file's own. Tokens are signed with a key made for the file.
 */
export async function startE2eStack(): Promise<E2eStack> {
  const data = await createTestStack();
  process.env.TABLE_NAME = data.tableName;
  process.env.BUCKET_NAME = data.bucketName;
  const keys = await generateDevKeys();
  const { server, serverErrors } = await startWatchedDevServer(keys);
  const tokens = await issueDevTokens(keys, '1h');
  const anonymous = new ApiClient(server.url);
  return {
    url: server.url,
    keys,
    tokens,
    api: {
      anonymous,
      writer: anonymous.as(tokens.writer),
      reviewer: anonymous.as(tokens.reviewer),
      admin: anonymous.as(tokens.admin),
    },
    data,
    serverErrors,
    async storedState() {
      const [items, objects] = await Promise.all([data.tableItems(), data.objectKeys()]);
      return { items, objects };
    },
    close: () => server.close(),
  };
}

/**
 * The dev server on a free port, taking tokens signed with `keys`, with every 5xx it
 * answers kept in `serverErrors` for the tests to assert there were none.
 */
export async function startWatchedDevServer(
  keys: DevKeys,
): Promise<{ server: DevServer; serverErrors: AccessLogEntry[] }> {
  const serverErrors: AccessLogEntry[] = [];
  const server = await startDevServer({
    authorizer: createJwtAuthorizer(devAuthorizerConfig(keys)),
    port: 0,
    log: (entry) => {
      if (entry.status >= 500) serverErrors.push(entry);
    },
  });
  return { server, serverErrors };
}
