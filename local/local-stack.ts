import { type AccessLogEntry, type DevServer, startDevServer } from './dev-server.js';
import { type DevKeys, devAuthorizerConfig } from './dev-tokens.js';
import { type Emulators, startEmulators } from './emulators.js';
import { createJwtAuthorizer } from './jwt-authorizer.js';

/**
 * The whole local stack in this process: the emulators, the environment the handlers read
 * (as Lambda would be given it), and the dev server in front of the handlers. Used by
 * `npm start` (persisted under `.bidwright/`) and by the API benchmark (in memory).
 */
export interface LocalStack {
  emulators: Emulators;
  server: DevServer;
  /** Stops the server, then both emulators; safe to call twice. */
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  keys: DevKeys;
  /** Absolute; without it the emulators keep nothing. */
  dataDir?: string;
  port?: number;
  host?: string;
  log?: (entry: AccessLogEntry) => void;
  /** Told before each slow step. */
  progress?: (step: 'emulators' | 'server', done?: { ms: number }) => void;
}

/**
 * Handler logs default to warnings and errors only (the dev server prints its own line per
 * request); `POWERTOOLS_LOG_LEVEL=INFO npm start` shows every handler's structured log.
 */
export const LOCAL_ENV_DEFAULTS: Record<string, string> = {
  POWERTOOLS_LOG_LEVEL: 'WARN',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  for (const [name, value] of Object.entries(LOCAL_ENV_DEFAULTS)) process.env[name] ??= value;
  let started = performance.now();
  options.progress?.('emulators');
  const emulators = await startEmulators(options.dataDir ? { dataDir: options.dataDir } : {});
  options.progress?.('emulators', { ms: performance.now() - started });
  try {
    Object.assign(process.env, emulators.env);
    started = performance.now();
    options.progress?.('server');
    const server = await startDevServer({
      authorizer: createJwtAuthorizer(devAuthorizerConfig(options.keys)),
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.log ? { log: options.log } : {}),
    });
    options.progress?.('server', { ms: performance.now() - started });
    let stopping: Promise<void> | undefined;
    return {
      emulators,
      server,
      stop: () => {
        stopping ??= server.close().finally(() => emulators.stop());
        return stopping;
      },
    };
  } catch (error) {
    await emulators.stop();
    throw error;
  }
}
