import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the handler files live: one Lambda per file, named as in functions/http/routes.ts. */
export function handlerEntry(handler: string): string {
  return join(ROOT, 'functions', 'handlers', `${handler}.ts`);
}

/**
 * The four Noto Sans faces functions/render/fonts.ts reads. It finds them with
 * `createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/package.json')`,
 * so a bundle that ships `node_modules/@expo-google-fonts/noto-sans/{package.json, faces}`
 * next to `index.mjs` resolves them exactly as the source tree does — and nothing else of
 * the 14 MB package.
 */
export const NOTO_SANS_FILES = [
  'package.json',
  '400Regular/NotoSans_400Regular.ttf',
  '700Bold/NotoSans_700Bold.ttf',
  '400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  '700Bold_Italic/NotoSans_700Bold_Italic.ttf',
] as const;

const NOTO_SANS_PACKAGE = '@expo-google-fonts/noto-sans';

/**
 * Shell commands (run by local bundling after esbuild) that copy the four faces into a
 * bundle's output directory: esbuild cannot bundle data files.
 */
export function copyNotoSansCommands(outputDir: string): string[] {
  const require = createRequire(import.meta.url);
  const source = dirname(require.resolve(`${NOTO_SANS_PACKAGE}/package.json`));
  const target = join(outputDir, 'node_modules', NOTO_SANS_PACKAGE);
  return NOTO_SANS_FILES.map((file) => {
    const to = join(target, file);
    return `mkdir -p "${dirname(to)}" && cp "${join(source, file)}" "${to}"`;
  });
}

export type TableAccess = 'read' | 'read-write';
export type BucketAccess = 'read' | 'write' | 'read-write';

export interface BidwrightFunctionProps
  extends Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'architecture' | 'role' | 'logGroup'> {
  /** The file name under functions/handlers/, without `.ts`. */
  handlerName: string;
  /** Ship the Noto Sans faces with the bundle (the PDF-rendering function). */
  withFonts?: boolean;
}

/**
 * Every Bidwright Lambda: Node 22 on arm64, an ESM bundle (minified, with source maps and
 * a `require` for the CommonJS dependencies), its own log group with a retention, its own
 * role that may write only to that log group, and Powertools' service name and log level.
 * Access to the table and bucket is added with `bindTable` / `bindPdfBucket`, which grant
 * the access *and* set the variable the code reads, so the two cannot drift apart.
 */
export class BidwrightFunction extends NodejsFunction {
  readonly handlerName: string;

  constructor(scope: Construct, id: string, props: BidwrightFunctionProps) {
    const { handlerName, withFonts = false, bundling, environment, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Bidwright ${handlerName}: its log group and the stores it is bound to`,
    });
    const commandHooks: BundlingOptions['commandHooks'] | undefined = withFonts
      ? {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => copyNotoSansCommands(outputDir),
        }
      : undefined;
    super(scope, id, {
      memorySize: 256,
      timeout: Duration.seconds(10),
      tracing: Tracing.DISABLED,
      ...rest,
      entry: handlerEntry(handlerName),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      role,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'bidwright',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        // Lambda runs Node 22; Node 20 syntax keeps the bundle loadable on a Node 20 machine.
        target: 'node20',
        platform: 'node',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The AWS SDK is bundled (pinned, tree-shaken) rather than taken from the runtime.
        externalModules: [],
        banner:
          "import { createRequire as bidwrightCreateRequire } from 'node:module'; const require = bidwrightCreateRequire(import.meta.url);",
        ...(commandHooks ? { commandHooks } : {}),
        ...bundling,
      },
    });
    this.handlerName = handlerName;
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is deliberate: a supported LTS runtime whose bundles (target node20) also load on the Node 20 development machine the tests run on; Node 24 follows when that machine moves.',
    });
    // Explicit log permissions instead of AWSLambdaBasicExecutionRole: this log group only.
    role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(logGroup.node.defaultChild as never)}.Arn>:*]`,
      reason:
        'Log streams are created by Lambda at run time with unpredictable names; the grant is limited to this function’s own log group.',
    });
  }

  /**
   * Grants exactly the DynamoDB calls the stores make (GetItem and Query to read; PutItem
   * and UpdateItem, alone or inside TransactWriteItems, to write) on the table and its
   * GSI1 only, and sets TABLE_NAME.
   */
  bindTable(table: ITable, access: TableAccess): this {
    this.addToRolePolicy(
      new PolicyStatement({
        actions:
          access === 'read' ? TABLE_READ_ACTIONS : [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
        resources: [table.tableArn, `${table.tableArn}/index/${GSI1.indexName}`],
      }),
    );
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /**
   * Grants exactly the bucket access named (see BucketAccess) on PDF keys (`bids/*`) only,
   * and sets BUCKET_NAME. `write` includes DeleteObject: create-bid removes the PDF again
   * when the bid record cannot be written.
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

export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'];
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
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
