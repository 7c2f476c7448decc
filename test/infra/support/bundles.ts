import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { HandlerName } from '../../../functions/http/routes.js';
import { cdkJsonContext, createApp } from '../../../infra/app.js';

/** The HTTP handlers and the scheduled job. */
export type BundledHandler = HandlerName | 'take-snapshots';

export interface Bundle {
  handler: BundledHandler;
  /** The asset directory CDK would zip and upload. */
  assetDir: string;
  /** The function's environment with literal values only (tokens dropped). */
  environment: Record<string, string>;
}

/** The temporary directories this process made for bundles; see removeBundleDirectories. */
const made: string[] = [];

function temporaryDirectory(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the synth output and the isolated copies made so far (call when done with them). */
export function removeBundleDirectories(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** One synth of the real app with bundling (esbuild) into a temporary directory. */
export function synthBundles(): Map<BundledHandler, Bundle> {
  const outdir = temporaryDirectory('bidwright-bundles-');
  const { app, api } = createApp(
    new App({
      outdir,
      context: {
        ...cdkJsonContext(),
        stage: 'bundle',
        account: '123456789012',
        region: 'eu-west-2',
        'aws:cdk:enable-asset-metadata': true,
      },
    }),
  );
  app.synth();
  const template = JSON.parse(
    readFileSync(join(outdir, `${api.artifactId}.template.json`), 'utf8'),
  ) as { Resources: Record<string, { Metadata?: Record<string, string>; Properties: any }> };
  const bundles = new Map<BundledHandler, Bundle>();
  const functions = [
    ...api.functions,
    ['take-snapshots', api.snapshotSchedule.function] as const,
  ] as const;
  for (const [handler, fn] of functions) {
    const id = Stack.of(api).getLogicalId(fn.node.defaultChild as CfnFunction);
    const resource = template.Resources[id];
    const assetPath = resource?.Metadata?.['aws:asset:path'];
    if (!resource || !assetPath) throw new Error(`no asset for ${handler}`);
    const variables = (resource.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
    bundles.set(handler, {
      handler,
      assetDir: join(outdir, assetPath),
      environment: Object.fromEntries(
        Object.entries(variables).filter((e): e is [string, string] => typeof e[1] === 'string'),
      ),
    });
  }
  return bundles;
}

/** The HTTP handlers' bundles alone: those an API Gateway event can invoke. */
export function httpBundles(all: Map<BundledHandler, Bundle>): Map<HandlerName, Bundle> {
  const http = new Map<HandlerName, Bundle>();
  for (const [handler, bundle] of all) if (handler !== 'take-snapshots') http.set(handler, bundle);
  return http;
}

/** Copies a bundle into an empty directory: nothing above it has a node_modules. */
export function isolate(bundle: Bundle): string {
  const dir = temporaryDirectory(`bidwright-${bundle.handler}-`);
  cpSync(bundle.assetDir, dir, { recursive: true });
  return dir;
}

export interface BundleRun {
  loadMs: number;
  firstResponseMs: number;
  /** Of firstResponseMs, how long an HTTP call to DynamoDB or S3 was in flight. */
  awaitingHttpMs: number;
  /** The JSON lines the function logged (Powertools: stdout, errors on stderr). */
  logs: string[];
  /** An HTTP handler's response, or the scheduled job's summary. */
  result: {
    statusCode: number;
    headers?: Record<string, string>;
    body?: string;
    [field: string]: unknown;
  };
}

const runner = fileURLToPath(new URL('run-bundle.mjs', import.meta.url));
const run = promisify(execFile);

/**
 * Loads the bundle in a fresh plain-node process with the function's own environment
 * plus `env`, and invokes its handler once with `event`.
 * `nodeArgs` go to node itself (such as `--cpu-prof`).
 */
export async function invokeBundle(
  dir: string,
  bundle: Bundle,
  event: unknown,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<BundleRun> {
  const eventDir = mkdtempSync(join(tmpdir(), 'bidwright-event-'));
  const eventFile = join(eventDir, 'event.json');
  writeFileSync(eventFile, JSON.stringify(event));
  try {
    const { stdout, stderr } = await run(process.execPath, [...nodeArgs, runner, dir, eventFile], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...bundle.environment,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        ...env,
      },
      maxBuffer: 16 * 1024 * 1024,
    });
    const lines = stdout.trim().split('\n');
    const answer = JSON.parse(lines.at(-1) ?? '') as Omit<BundleRun, 'logs'>;
    const logs = [...lines.slice(0, -1), ...stderr.split('\n')].filter((line) =>
      line.startsWith('{'),
    );
    return { ...answer, logs };
  } finally {
    rmSync(eventDir, { recursive: true, force: true });
  }
}
