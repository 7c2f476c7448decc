import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { type HandlerName, routes } from '../functions/http/routes.js';
import {
  type ApartBundle,
  BidwrightFunction,
  type BidwrightFunction as BidwrightFunctionType,
  type BucketAccess,
  type TableAccess,
} from './bidwright-function.js';
import { DEFAULT_SNAPSHOT_SCHEDULE, SnapshotSchedule } from './snapshot-schedule.js';

export interface ApiStackProps extends StackProps {
  table: ITable;
  /** The PDF bucket's (concrete) name: imported by name, so no export pins the bucket. */
  pdfBucketName: string;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
}

interface FunctionNeeds {
  /** Omitted: the function gets neither TABLE_NAME nor any table permission. */
  dynamodb?: TableAccess;
  bucket?: BucketAccess;
  memorySize?: number;
  timeout?: Duration;
  withFonts?: boolean;
  apart?: readonly ApartBundle[];
}

/**
 * What each handler's use case touches (functions/<domain>/), and nothing more: the
 * DynamoDB actions its stores call (functions/stores/dynamodb/), on the table's items and
 * on GSI1 apart. Functions that never call S3 build their dependencies from
 * functions/handlers/table-dependencies.ts, which reads TABLE_NAME alone, so they get
 * neither an S3 grant nor BUCKET_NAME.
 */
export const FUNCTION_NEEDS: Readonly<Record<HandlerName, FunctionNeeds>> = {
  'get-health': {},
  // One UpdateItem whatever the precondition: it creates the item or replaces it.
  'put-programme': { dynamodb: { table: ['UpdateItem'] } },
  'list-programmes': { dynamodb: { gsi1: ['Query'] } },
  'get-programme': { dynamodb: { table: ['GetItem'] } },
  // Reads the programme and its newest snapshot, then puts the snapshot and moves its head
  // in one transaction of two Puts and a check that the programme is still at the version
  // read; a lost race reads the head and the winner's snapshot, a programme saved meanwhile
  // is read again.
  'create-snapshot': { dynamodb: { table: ['GetItem', 'Query', 'PutItem', 'ConditionCheckItem'] } },
  // An empty page reads the programme, to tell an unknown one (404) from none taken yet.
  'list-snapshots': { dynamodb: { table: ['GetItem', 'Query'] } },
  'get-snapshot': { dynamodb: { table: ['GetItem'] } },
  // `previous` is the Query for the key just below the snapshot's own.
  'diff-snapshots': { dynamodb: { table: ['GetItem', 'Query'] } },
  // Reads the latest pointer, then puts the new immutable version and the pointer in one
  // transaction. The Markdown and YAML readers apart: most templates have Liquid in every
  // section, which they cannot check.
  'put-template': { dynamodb: { table: ['GetItem', 'PutItem'] }, apart: ['markdown'] },
  'list-templates': { dynamodb: { gsi1: ['Query'] } },
  // A version asked for by GetItem, the newest by Query.
  'get-template': { dynamodb: { table: ['GetItem', 'Query'] } },
  // Renders the PDF: puts it in S3 (and deletes it again when a concurrent request with the
  // same Idempotency-Key made the bid); reads the idempotency record, template, programme
  // and snapshots; writes the snapshot and the bid, event and idempotency items, every
  // write a Put. No Node flags: see bench/run-render-bench.ts.
  'create-bid': {
    dynamodb: { table: ['GetItem', 'Query', 'PutItem'] },
    bucket: 'write',
    memorySize: 1024,
    timeout: Duration.seconds(29),
    withFonts: true,
    // fontkit apart: the renderer's own shaping covers Latin text without it.
    apart: ['fontkit'],
  },
  // Bids through GSI1; an empty page reads the programme, as list-snapshots does.
  'list-bids': { dynamodb: { table: ['GetItem'], gsi1: ['Query'] } },
  // The bid and its events: one Query of its partition, newest first.
  'get-bid': { dynamodb: { table: ['Query'] } },
  // Reads the bid and puts a `downloaded` event, then presigns a GET (the presigned URL
  // carries this role's permission, so it needs s3:GetObject).
  'get-bid-pdf': { dynamodb: { table: ['GetItem', 'PutItem'] }, bucket: 'read' },
  // Reads the bid, then sets its review status (Update) and adds a `reviewed` event (Put)
  // in one transaction; when a later review is already stored, puts the event alone.
  'create-review': { dynamodb: { table: ['GetItem', 'UpdateItem', 'PutItem'] } },
};

/** One JSON line per request, from HTTP API context variables (no token, no body). */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    method: '$context.httpMethod',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    latency: '$context.responseLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    sub: '$context.authorizer.claims.sub',
  }),
);

function constructId(handler: string): string {
  return handler
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The stateless half: one Lambda per handler file and an HTTP API whose routes are
 * generated from functions/http/routes.ts. Every route but a `public` one goes through
 * the Cognito JWT authorizer; the handlers check the groups themselves. Beside them, the
 * scheduled snapshot job (infra/snapshot-schedule.ts).
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions: ReadonlyMap<HandlerName, BidwrightFunctionType>;
  /** Not an HTTP route: EventBridge runs it (context `snapshotSchedule`). */
  readonly snapshotSchedule: SnapshotSchedule;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);

    const pdfBucket = Bucket.fromBucketName(this, 'PdfBucket', props.pdfBucketName);
    const functions = new Map<HandlerName, BidwrightFunction>();
    for (const handler of Object.keys(FUNCTION_NEEDS) as HandlerName[]) {
      const needs = FUNCTION_NEEDS[handler];
      const fn = new BidwrightFunction(this, constructId(handler), {
        handlerName: handler,
        ...(needs.memorySize ? { memorySize: needs.memorySize } : {}),
        ...(needs.timeout ? { timeout: needs.timeout } : {}),
        ...(needs.withFonts ? { withFonts: true } : {}),
        ...(needs.apart ? { apart: needs.apart } : {}),
      });
      if (needs.dynamodb) fn.bindTable(props.table, needs.dynamodb);
      if (needs.bucket) fn.bindPdfBucket(pdfBucket, needs.bucket);
      functions.set(handler, fn);
    }
    this.functions = functions;

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: 'bidwright',
      description: 'Bidwright: training-programme figures to funding-bid PDFs',
      createDefaultStage: false,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 20, burstLimit: 40 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });

    const authorizer = new HttpJwtAuthorizer(
      'CognitoAuthorizer',
      `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      { jwtAudience: [props.userPoolClient.userPoolClientId] },
    );

    for (const route of routes) {
      const fn = functions.get(route.handler);
      if (!fn) throw new Error(`no function for handler ${route.handler}`);
      const id = constructId(route.handler);
      const [added] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${id}Integration`, fn),
        ...(route.roles === 'public' ? {} : { authorizer }),
      });
      if (route.roles === 'public' && added) {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design in functions/http/routes.ts: a liveness check that touches no store and returns no data.`,
        });
      }
    }

    this.snapshotSchedule = new SnapshotSchedule(this, 'SnapshotSchedule', {
      table: props.table,
      expression: String(this.node.tryGetContext('snapshotSchedule') ?? DEFAULT_SNAPSHOT_SCHEDULE),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'SnapshotAlarmTopicArn', {
      description: 'Subscribe here to hear of failed scheduled snapshot runs',
      value: this.snapshotSchedule.alarmTopic.topicArn,
    });
    new CfnOutput(this, 'SnapshotDeadLetterQueueUrl', {
      description: 'Scheduled snapshot runs that failed after their retries',
      value: this.snapshotSchedule.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'SnapshotFunctionName', {
      description: 'The scheduled snapshot job, to run again by hand',
      value: this.snapshotSchedule.function.functionName,
    });
  }
}
