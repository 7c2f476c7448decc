import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { GSI1, pdfObjectKey } from '../functions/stores/table-definition.js';

/** The project's root directory. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the handler files live: one Lambda per file, named as in functions/http/routes.ts. */
export function handlerEntry(handler: string): string {
  return join(ROOT, 'functions', 'handlers', `${handler}.ts`);
}

/** The bid typeface (functions/render/typeface.ts): its TTFs and licence. */
const TYPEFACE_DIRECTORY = join(ROOT, 'functions', 'render', 'fonts');

/**
 * esbuild aliases for every bundle: code that can never run in a Lambda, swapped for what
 * can. fontkit imports a Brotli decoder (about 480 KB, most of the render function's code)
 * only to open WOFF2 files, and pdfkit AES for encrypted PDFs and a line breaker for its
 * own text layout: the renderer does none of these, and each stand-in throws if it is ever
 * reached. The SDK's default credential chain is reduced to the environment variables
 * Lambda sets (functions/clients/lambda-credentials.ts). One alias swaps a part rather than
 * remove it: fontkit's JavaScript inflater (`tiny-inflate`), which decodes its Unicode
 * tables as it loads, for Node's zlib (functions/render/native-inflate.cjs).
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  'brotli/decompress.js': join(ROOT, 'functions', 'render', 'without-woff2.ts'),
  '@noble/ciphers/aes': join(ROOT, 'functions', 'render', 'without-pdf-encryption.ts'),
  linebreak: join(ROOT, 'functions', 'render', 'without-pdfkit-line-breaking.ts'),
  'tiny-inflate': join(ROOT, 'functions', 'render', 'native-inflate.cjs'),
  '@aws-sdk/credential-provider-node': join(ROOT, 'functions', 'clients', 'lambda-credentials.ts'),
};

const MARKDOWN_ON_DEMAND = join(ROOT, 'functions', 'narrative', 'markdown-on-demand.cjs');

/**
 * Packages a function may bundle apart from its `index.mjs`, in the same asset, to load
 * only when a request first needs them (infra/apart-bundle.ts): the function's bundle takes
 * each package from a loader of the file beside it (`aliases`).
 *
 * - fontkit, for the PDF-rendering function: only text beyond the renderer's own shaping
 *   needs it (functions/render/fontkit-on-demand.cjs);
 * - marked and yaml, for the upload function: its check reads Markdown and chart YAML only
 *   in a section without Liquid or a chart written out in full
 *   (functions/narrative/markdown-on-demand.cjs). The render function reads Markdown for
 *   every bid, and keeps them in its `index.mjs`.
 */
export const APART_BUNDLES = {
  fontkit: {
    file: 'fontkit.cjs',
    aliases: { fontkit: join(ROOT, 'functions', 'render', 'fontkit-on-demand.cjs') },
  },
  markdown: {
    file: 'markdown.cjs',
    aliases: { marked: MARKDOWN_ON_DEMAND, yaml: MARKDOWN_ON_DEMAND },
  },
} as const satisfies Record<string, { file: string; aliases: Record<string, string> }>;

export type ApartBundle = keyof typeof APART_BUNDLES;

/** The aliases of a bundle that loads `apart` from beside it. */
export function bundleAliases(apart: readonly ApartBundle[]): Record<string, string> {
  return Object.assign({}, BUNDLE_ALIASES, ...apart.map((name) => APART_BUNDLES[name].aliases));
}

/** The import paths, left to run time, of the files apart. */
export function apartImports(apart: readonly ApartBundle[]): string[] {
  return apart.map((name) => `./${APART_BUNDLES[name].file}`);
}

/** esbuild arguments of a bundle: its aliases, and its files apart left to run time. */
export function bundleArguments(apart: readonly ApartBundle[]): Record<string, string | boolean> {
  return {
    ...Object.fromEntries(
      Object.entries(bundleAliases(apart)).map(([from, to]) => [`--alias:${from}`, to]),
    ),
    ...Object.fromEntries(apartImports(apart).map((path) => [`--external:${path}`, true])),
  };
}

/** Makes `require` work inside the ESM bundle for the CommonJS dependencies. */
export const BUNDLE_BANNER =
  "import { createRequire as bidwrightCreateRequire } from 'node:module'; const require = bidwrightCreateRequire(import.meta.url);";

/** What a function's asset holds beside its `index.mjs`. */
export interface AssetExtras {
  /** The typeface, in `fonts/`. */
  withFonts?: boolean;
  /** Packages bundled apart (APART_BUNDLES). */
  apart?: readonly ApartBundle[];
}

/**
 * Shell commands run after esbuild, in the bundle's output directory: the source map cut
 * down to our own code (infra/trim-source-map.ts), the function's bundles apart
 * (infra/apart-bundle.ts), and, for the PDF-rendering function, the typeface copied to
 * `fonts/` beside `index.mjs`, where functions/render/fonts.ts looks.
 */
export function afterBundlingCommands(
  outputDir: string,
  { withFonts = false, apart = [] }: AssetExtras,
): string[] {
  const tsx = `--import "${pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href}"`;
  const trim = join(ROOT, 'infra', 'trim-source-map.ts');
  const commands = [`node ${tsx} "${trim}" "${join(outputDir, 'index.mjs.map')}"`];
  for (const name of apart) {
    commands.push(`node ${tsx} "${join(ROOT, 'infra', 'apart-bundle.ts')}" ${name} "${outputDir}"`);
  }
  if (withFonts) {
    const target = join(outputDir, 'fonts');
    commands.push(`mkdir -p "${target}"`);
    for (const file of readdirSync(TYPEFACE_DIRECTORY).filter((name) =>
      /\.(ttf|txt)$/.test(name),
    )) {
      commands.push(`cp "${join(TYPEFACE_DIRECTORY, file)}" "${join(target, file)}"`);
    }
  }
  return commands;
}

/** The DynamoDB actions the stores call on the table's own items. */
export type TableAction = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'ConditionCheckItem';
/** The DynamoDB actions the stores call on GSI1: they only query it. */
export type IndexAction = 'Query';

/**
 * The DynamoDB actions a function's use case calls, split by where they go: the table's own
 * items, or GSI1. A TransactWriteItems call is authorised per item it holds (each Put as
 * PutItem, each Update as UpdateItem, a ConditionCheck as ConditionCheckItem), so a
 * transaction is granted as the actions of its items.
 */
export interface TableAccess {
  table?: readonly TableAction[];
  gsi1?: readonly IndexAction[];
}

export type BucketAccess = 'read' | 'write' | 'read-write';

export interface BidwrightFunctionProps
  extends Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'architecture' | 'role' | 'logGroup'>,
    AssetExtras {
  /** The file name under functions/handlers/, without `.ts`. */
  handlerName: string;
}

/**
 * Every Bidwright Lambda: Node 24 on arm64, an ESM bundle (minified, with a source map
 * that logged stack traces are mapped through, and a `require` for the CommonJS
 * dependencies), its own log group with a retention, its own
 * role that may write only to that log group, and Powertools' service name and log level.
 * Access to the table and bucket is added with `bindTable` / `bindPdfBucket`, which grant
 * the access *and* set the variable the code reads, so the two cannot drift apart.
 */
export class BidwrightFunction extends NodejsFunction {
  readonly handlerName: string;

  constructor(scope: Construct, id: string, props: BidwrightFunctionProps) {
    const { handlerName, withFonts, apart, bundling, environment, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Bidwright ${handlerName}: its log group and the stores it is bound to`,
    });
    const commandHooks: BundlingOptions['commandHooks'] = {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) =>
        afterBundlingCommands(outputDir, { withFonts, apart }),
    };
    super(scope, id, {
      memorySize: 256,
      timeout: Duration.seconds(10),
      tracing: Tracing.DISABLED,
      ...rest,
      entry: handlerEntry(handlerName),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      role,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'bidwright',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // No NODE_OPTIONS: with any V8 flag, Node compiles its own modules without their
        // code cache at every cold start; and stack traces are mapped when an error is
        // logged (functions/errors/source-stack.ts), not by Node's loader.
        ...environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        // Lambda runs Node 24, but the bundles keep Node 20 syntax: the development machines
        // and CI run Node 20, and test/infra/bundles.integration.test.ts loads every bundle
        // there under plain node.
        target: 'node20',
        platform: 'node',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The AWS SDK is bundled (pinned, tree-shaken) rather than taken from the runtime.
        externalModules: [],
        banner: BUNDLE_BANNER,
        esbuildArgs: bundleArguments(apart ?? []),
        commandHooks,
        ...bundling,
      },
    });
    this.handlerName = handlerName;
    // Explicit log permissions instead of AWSLambdaBasicExecutionRole: this log group only.
    // Its `Arn` attribute ends in `:*` (`arn:…:log-group:<name>:*`), which covers the log
    // streams Lambda creates in it, so the statement names no wildcard of its own.
    role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
  }

  /**
   * Grants exactly the DynamoDB actions named, those in `table` on the table's items and
   * those in `gsi1` on GSI1 alone, and sets TABLE_NAME.
   */
  bindTable(table: ITable, access: TableAccess): this {
    const grants = [
      { actions: access.table ?? [], resource: table.tableArn },
      { actions: access.gsi1 ?? [], resource: `${table.tableArn}/index/${GSI1.indexName}` },
    ].filter((grant) => grant.actions.length > 0);
    if (grants.length === 0) {
      throw new Error(`${this.handlerName}: bindTable names no DynamoDB action`);
    }
    for (const { actions, resource } of grants) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: actions.map((action) => `dynamodb:${action}`),
          resources: [resource],
        }),
      );
    }
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /**
   * Grants exactly the bucket access named (see BucketAccess) on PDF keys (`bids/*`) only,
   * and sets BUCKET_NAME. `write` includes DeleteObject: create-bid removes its PDF again
   * when a concurrent request with the same Idempotency-Key made the bid.
   */
  bindPdfBucket(bucket: IBucket, access: BucketAccess): this {
    const actions = [
      ...(access === 'read' || access === 'read-write' ? PDF_READ_ACTIONS : []),
      ...(access === 'write' || access === 'read-write' ? PDF_WRITE_ACTIONS : []),
    ];
    const objects = bucket.arnForObjects(`${PDF_KEY_PREFIX}*`);
    this.addToRolePolicy(new PolicyStatement({ actions, resources: [objects] }));
    Validations.of(this.role as Role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResource(Stack.of(this), objects)}]`,
      reason: `PDF object keys (${PDF_KEY_PREFIX}<bidId>/<sha256>.pdf) are made per bid at run time; the grant is limited to ${actions.join(', ')} under that prefix.`,
    });
    this.addEnvironment('BUCKET_NAME', bucket.bucketName);
    return this;
  }
}

export const PDF_READ_ACTIONS = ['s3:GetObject'];
export const PDF_WRITE_ACTIONS = ['s3:PutObject', 's3:DeleteObject'];
/** Every PDF key starts here (pdfObjectKey in functions/stores/table-definition.ts). */
const PDF_KEY_PREFIX = `${pdfObjectKey('x', 'x').split('/')[0]}/`;

/**
 * A resource as cdk-nag names it in a finding id: intrinsics rendered the way its
 * NagRules do (`<Logical.Arn>`, `<AWS::Partition>`), so an acknowledgement names exactly
 * one finding.
 */
function nagResource(stack: Stack, value: string): string {
  const render = (node: unknown): string => {
    if (typeof node === 'string') return node;
    if (node && typeof node === 'object') {
      const entries = Object.entries(node as Record<string, unknown>);
      const [key, arg] = entries[0] ?? [];
      if (key === 'Fn::Join' && Array.isArray(arg)) {
        return (arg[1] as unknown[]).map(render).join(arg[0] as string);
      }
      if (key === 'Ref') return `<${String(arg)}>`;
      if (key === 'Fn::GetAtt' && Array.isArray(arg)) return `<${arg.join('.')}>`;
      if (key === 'Fn::ImportValue') return String(render(arg));
    }
    return JSON.stringify(node);
  };
  return render(stack.resolve(value));
}
