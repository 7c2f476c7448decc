import { readFileSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WORST_CASE_CALL_MS } from '../../functions/clients/client-options.js';
import type { WithStores } from '../../functions/handlers/table-dependencies.js';
import {
  createTakeSnapshotsHandler,
  snapshotMetrics,
} from '../../functions/handlers/take-snapshots.js';
import { type HandlerName, routes } from '../../functions/http/routes.js';
import { SYNTH_TIMEOUT_MS, type Synthesized, synthApp, testApp } from './support/synth.js';

type Resource = { Type: string; Properties: Record<string, any> };

let synthesized: Synthesized;
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  synthesized = synthApp();
  const json = synthesized.template(synthesized.app.api) as { Resources: Record<string, Resource> };
  template = Template.fromJSON(json);
  resources = json.Resources;
}, SYNTH_TIMEOUT_MS);

function logicalId(handler: HandlerName, part: 'function' | 'role'): string {
  const { api } = synthesized.app;
  const fn = api.functions.get(handler);
  if (!fn) throw new Error(`no function ${handler}`);
  const construct = part === 'function' ? fn.node.defaultChild : fn.role?.node.defaultChild;
  return Stack.of(api).getLogicalId(construct as CfnFunction);
}

/** The statements of the inline policies of a role, by logical id. */
function statementsOf(role: string): Record<string, any>[] {
  return Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        (r.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role),
    )
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Record<string, any>[]);
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every action in the inline policies of a function's role. */
function actionsOf(handler: HandlerName): string[] {
  return statementsOf(logicalId(handler, 'role'))
    .flatMap((s) => list(s.Action as string | string[]))
    .sort();
}

/** The table's ARN as the API stack holds it: the stateful stack's export. */
function tableArn(): string {
  const { stateful, api } = synthesized.app;
  return JSON.stringify(api.resolve(stateful.table.tableArn));
}

interface Grants {
  /** DynamoDB actions on the table's own items. */
  table: string[];
  /** DynamoDB actions on GSI1. */
  gsi1: string[];
  /** DynamoDB actions on anything else: none, ever. */
  elsewhere: string[];
  /** Every other action (logs, S3, SQS). */
  other: string[];
}

/** A role's grants, each action sorted under where it applies. */
function grantsOfRole(role: string): Grants {
  const grants: Grants = { table: [], gsi1: [], elsewhere: [], other: [] };
  const table = tableArn();
  const gsi1 = JSON.stringify({ 'Fn::Join': ['', [JSON.parse(table), '/index/GSI1']] });
  for (const statement of statementsOf(role)) {
    expect(statement.Effect).toBe('Allow');
    for (const action of list(statement.Action as string | string[])) {
      if (!action.startsWith('dynamodb:')) {
        grants.other.push(action);
        continue;
      }
      for (const resource of list(statement.Resource)) {
        const text = JSON.stringify(resource);
        const where = text === table ? 'table' : text === gsi1 ? 'gsi1' : 'elsewhere';
        grants[where].push(action.slice('dynamodb:'.length));
      }
    }
  }
  for (const actions of Object.values(grants)) actions.sort();
  return grants;
}

const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/** A function's grants: its DynamoDB actions by where they apply, and its log stream. */
function expected({ table = [], gsi1 = [], other = [] }: Partial<Grants>): Grants {
  return {
    table: [...table].sort(),
    gsi1: [...gsi1].sort(),
    elsewhere: [],
    other: [...LOGS, ...other].sort(),
  };
}

/**
 * What each function may do: exactly the DynamoDB calls its use case makes through the
 * stores (functions/stores/dynamodb/), a transaction counted as the actions of its items,
 * on the table's items or on GSI1, and no more.
 */
const EXPECTED: Record<HandlerName, Grants> = {
  'get-health': expected({}),
  'put-programme': expected({ table: ['UpdateItem'] }),
  'list-programmes': expected({ gsi1: ['Query'] }),
  'get-programme': expected({ table: ['GetItem'] }),
  'create-snapshot': expected({ table: ['GetItem', 'Query', 'PutItem', 'ConditionCheckItem'] }),
  'list-snapshots': expected({ table: ['GetItem', 'Query'] }),
  'get-snapshot': expected({ table: ['GetItem'] }),
  'diff-snapshots': expected({ table: ['GetItem', 'Query'] }),
  'put-template': expected({ table: ['GetItem', 'PutItem'] }),
  'list-templates': expected({ gsi1: ['Query'] }),
  'get-template': expected({ table: ['GetItem', 'Query'] }),
  'create-bid': expected({
    table: ['GetItem', 'Query', 'PutItem'],
    other: ['s3:PutObject', 's3:DeleteObject'],
  }),
  'list-bids': expected({ table: ['GetItem'], gsi1: ['Query'] }),
  'get-bid': expected({ table: ['Query'] }),
  'get-bid-pdf': expected({ table: ['GetItem', 'PutItem'], other: ['s3:GetObject'] }),
  'create-review': expected({ table: ['GetItem', 'UpdateItem', 'PutItem'] }),
};

const TABLE_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:TransactWriteItems',
  'dynamodb:ConditionCheckItem',
];

function functionProps(handler: HandlerName): Record<string, any> {
  const fn = resources[logicalId(handler, 'function')];
  if (!fn) throw new Error(`no function resource for ${handler}`);
  return fn.Properties;
}

const handlers = [...new Set(routes.map((r) => r.handler))];

describe('Class: ApiStack', () => {
  describe('Resource: functions', () => {
    it('has one function per handler in routes.ts and the scheduled job, and no other', () => {
      expect(template.findResources('AWS::Lambda::Function')).toSatisfy(
        (found: object) => Object.keys(found).length === handlers.length + 1,
      );
      expect([...synthesized.app.api.functions.keys()].sort()).toEqual([...handlers].sort());
    });

    it.each(handlers)('runs %s on Node 24, arm64, with Powertools settings', (handler) => {
      const props = functionProps(handler);
      expect(props.Runtime).toBe('nodejs24.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Handler).toBe('index.handler');
      expect(props.LoggingConfig?.LogGroup).toBeDefined();
      expect(props.Environment.Variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'bidwright',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
    });

    it.each(handlers)(
      'lets %s call exactly what its use case calls, where it calls it',
      (handler) => {
        expect(grantsOfRole(logicalId(handler, 'role'))).toEqual(EXPECTED[handler]);
      },
    );

    it.each(handlers)('grants %s no wildcard action', (handler) => {
      expect(actionsOf(handler).filter((a) => a.includes('*'))).toEqual([]);
    });

    it('gives read-only functions no table writes and no S3 at all', () => {
      const readOnly = handlers.filter((h) => /^(list|get)-/.test(h) && h !== 'get-bid-pdf');
      expect(readOnly.length).toBeGreaterThan(5);
      for (const handler of readOnly) {
        const actions = actionsOf(handler);
        for (const write of TABLE_WRITES) expect(actions).not.toContain(write);
        expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
      }
    });

    it('sets TABLE_NAME where a function uses the table and BUCKET_NAME only where it uses S3', () => {
      for (const handler of handlers) {
        const variables = functionProps(handler).Environment.Variables;
        const usesS3 = actionsOf(handler).some((action) => action.startsWith('s3:'));
        expect(variables.TABLE_NAME === undefined).toBe(handler === 'get-health');
        expect(variables.BUCKET_NAME !== undefined).toBe(usesS3);
      }
      expect(handlers.filter((h) => functionProps(h).Environment.Variables.BUCKET_NAME)).toEqual([
        'create-bid',
        'get-bid-pdf',
      ]);
    });

    it('scopes S3 grants to PDF keys and table grants to the table or its GSI1', () => {
      const statements = Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .flatMap((r) => r.Properties.PolicyDocument.Statement as Record<string, any>[]);
      const table = tableArn();
      for (const statement of statements) {
        const text = JSON.stringify(statement.Resource);
        const actions = JSON.stringify(statement.Action);
        if (actions.includes('s3:')) expect(text).toMatch(/pdfs-123456789012-eu-west-2\/bids\/\*"/);
        if (!actions.includes('dynamodb:')) continue;
        for (const resource of list(statement.Resource)) {
          expect([
            table,
            JSON.stringify({ 'Fn::Join': ['', [JSON.parse(table), '/index/GSI1']] }),
          ]).toContain(JSON.stringify(resource));
        }
      }
    });

    it.each(handlers)(
      'gives %s longer than a store call may take before it gives up (client-options.ts)',
      (handler) => {
        expect(functionProps(handler).Timeout * 1000).toBeGreaterThan(WORST_CASE_CALL_MS);
      },
    );

    it('gives create-bid more memory', () => {
      expect(functionProps('create-bid').MemorySize).toBe(1024);
    });

    it('sets no Node flags, which would cost Node its own code cache at every cold start', () => {
      // Source maps are read when an error is logged, not by Node's loader; and any V8 flag
      // makes Node compile its built-in modules without their code cache.
      for (const handler of handlers) {
        expect(functionProps(handler).Environment.Variables).not.toHaveProperty('NODE_OPTIONS');
      }
    });
  });

  describe('Removal (README, Removing it)', () => {
    it('retains nothing: a destroy deletes every resource', () => {
      const kept = Object.entries(resources as Record<string, Resource & Record<string, string>>)
        .filter(([, r]) => (r.DeletionPolicy ?? 'Delete') !== 'Delete')
        .map(([id]) => id);
      expect(kept).toEqual([]);
    });
  });

  describe('Resource: HTTP API', () => {
    const routeResources = () =>
      Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');

    it('has exactly the routes of routes.ts', () => {
      const keys = routeResources().map((r) => r.Properties.RouteKey as string);
      expect(keys.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    });

    it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
      'protects %s as routes.ts says and sends it to its handler',
      (key, route) => {
        const resource = routeResources().find((r) => r.Properties.RouteKey === key);
        expect(resource).toBeDefined();
        const props = resource?.Properties ?? {};
        if (route.roles === 'public') {
          expect(props.AuthorizationType ?? 'NONE').toBe('NONE');
          expect(props.AuthorizerId).toBeUndefined();
        } else {
          expect(props.AuthorizationType).toBe('JWT');
          expect(props.AuthorizerId).toBeDefined();
        }
        const integrationId = (props.Target['Fn::Join'][1] as unknown[])
          .map((part) => (typeof part === 'object' ? (part as { Ref: string }).Ref : ''))
          .join('');
        const integration = resources[integrationId];
        expect(JSON.stringify(integration?.Properties.IntegrationUri)).toContain(
          logicalId(route.handler, 'function'),
        );
      },
    );

    it('uses one Cognito JWT authorizer: the user pool issuer, the app client audience', () => {
      const authorizers = Object.values(resources).filter(
        (r) => r.Type === 'AWS::ApiGatewayV2::Authorizer',
      );
      expect(authorizers).toHaveLength(1);
      const props = authorizers[0]?.Properties ?? {};
      expect(props.AuthorizerType).toBe('JWT');
      expect(props.IdentitySource).toEqual(['$request.header.Authorization']);
      expect(JSON.stringify(props.JwtConfiguration.Issuer)).toContain(
        'https://cognito-idp.eu-west-2.amazonaws.com/',
      );
      expect(JSON.stringify(props.JwtConfiguration.Audience)).toContain('AppClient');
    });

    it('logs access and throttles the default stage', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      });
      const stage = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage');
      expect(stage?.Properties.AccessLogSettings.DestinationArn).toBeDefined();
      expect(JSON.parse(stage?.Properties.AccessLogSettings.Format)).toHaveProperty(
        'requestId',
        '$context.requestId',
      );
    });

    it('prints the API URL', () => {
      template.hasOutput('ApiUrl', {});
    });
  });
});

describe('Construct: SnapshotSchedule', () => {
  const ids = () => {
    const { api } = synthesized.app;
    const schedule = api.snapshotSchedule;
    const id = (construct: { node: { defaultChild?: unknown } }) =>
      Stack.of(api).getLogicalId(construct.node.defaultChild as CfnFunction);
    return {
      fn: id(schedule.function),
      role: id(schedule.function.role as never),
      queue: id(schedule.deadLetterQueue),
      topic: id(schedule.alarmTopic),
      deadLetterAlarm: id(schedule.deadLetterAlarm),
      failedAlarm: id(schedule.failedProgrammesAlarm),
    };
  };

  /**
   * The EMF document take-snapshots publishes after a run in which one programme could not
   * be snapshotted: its own Metrics instance, caught as it publishes.
   */
  async function publishedByTheJob(): Promise<Record<string, any>> {
    const scheduledEvent: ScheduledEvent = JSON.parse(
      readFileSync(new URL('../fixtures/events/scheduled-event.json', import.meta.url), 'utf8'),
    );
    const broken = { id: 'broken', error: new Error('a stored programme that does not parse') };
    const deps = {
      programmes: { listRecords: async () => ({ items: [broken] }) },
      snapshots: {},
    } as unknown as WithStores<'programmes' | 'snapshots'>;
    let published: Record<string, any> | undefined;
    vi.spyOn(snapshotMetrics, 'publishStoredMetrics').mockImplementation(() => {
      published = snapshotMetrics.serializeMetrics();
      snapshotMetrics.clearMetrics();
      return snapshotMetrics;
    });
    expect(await createTakeSnapshotsHandler(deps)(scheduledEvent)).toMatchObject({ failed: 1 });
    if (!published) throw new Error('take-snapshots published no metrics');
    return published;
  }

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('runs monthly by default and targets the take-snapshots function with retries and a DLQ', () => {
    const { fn, queue } = ids();
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 2 1 * ? *)',
      State: 'ENABLED',
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [fn, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
        },
      ],
    });
    expect(resources[fn]?.Properties.DeadLetterConfig).toEqual({
      TargetArn: { 'Fn::GetAtt': [queue, 'Arn'] },
    });
  });

  it('keeps its dead letters in an encrypted queue that refuses plain HTTP', () => {
    const { queue } = ids();
    expect(resources[queue]?.Properties.SqsManagedSseEnabled).toBe(true);
    const policy = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::SQS::QueuePolicy' && JSON.stringify(r.Properties.Queues).includes(queue),
    );
    expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain('aws:SecureTransport');
  });

  it('lets the job list programmes through GSI1, read heads and programmes, put snapshots after checking the version, and dead-letter, no more', () => {
    const { fn, role } = ids();
    expect(grantsOfRole(role)).toEqual(
      expected({
        table: ['GetItem', 'PutItem', 'ConditionCheckItem'],
        gsi1: ['Query'],
        other: ['sqs:SendMessage'],
      }),
    );
    const variables = resources[fn]?.Properties.Environment.Variables;
    expect(variables.TABLE_NAME).toBeDefined();
    expect(variables.BUCKET_NAME).toBeUndefined();
  });

  it('alarms on the first message in its dead-letter queue', () => {
    const { queue, topic, deadLetterAlarm } = ids();
    expect(resources[deadLetterAlarm]?.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic }],
    });
  });

  it('alarms on a programme a run could not snapshot, on the metric and dimensions the job publishes', async () => {
    // Prepare
    const { topic, failedAlarm } = ids();
    // Act
    const emf = await publishedByTheJob();
    // Assess: the alarm watches what the job emits, in its namespace, with its dimensions.
    const [directive] = emf._aws.CloudWatchMetrics as {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string }[];
    }[];
    expect(emf.SnapshotsFailed).toBe(1);
    expect(directive?.Metrics.map((m) => m.Name)).toContain('SnapshotsFailed');
    const alarm = resources[failedAlarm]?.Properties ?? {};
    expect(alarm).toMatchObject({
      Namespace: directive?.Namespace,
      MetricName: 'SnapshotsFailed',
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic }],
    });
    expect(directive?.Dimensions).toEqual([
      (alarm.Dimensions as { Name: string }[]).map((d) => d.Name),
    ]);
    for (const { Name, Value } of alarm.Dimensions as { Name: string; Value: string }[]) {
      expect(emf[Name]).toBe(Value);
    }
  });

  it('sends both alarms to one topic that refuses plain HTTP and needs no key that bills while idle', () => {
    const { topic } = ids();
    expect(resources[topic]?.Properties).not.toHaveProperty('KmsMasterKeyId');
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Principal: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets CloudWatch alarms of this account and region alone publish to the topic', () => {
    const { topic } = ids();
    const policy = Object.values(resources).find(
      (r) => r.Type === 'AWS::SNS::TopicPolicy' && r.Properties.Topics[0].Ref === topic,
    );
    const onlyThisAccountsAlarms = {
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-2:123456789012:alarm:*' },
    };
    const cloudWatch = { Service: 'cloudwatch.amazonaws.com' };
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: cloudWatch,
        Action: 'sns:Publish',
        Condition: onlyThisAccountsAlarms,
      }),
    );
  });

  it('prints the alarm topic ARN, the dead-letter queue URL and the function name', () => {
    const { topic, queue, fn } = ids();
    template.hasOutput('SnapshotAlarmTopicArn', { Value: { Ref: topic } });
    template.hasOutput('SnapshotDeadLetterQueueUrl', { Value: { Ref: queue } });
    template.hasOutput('SnapshotFunctionName', { Value: { Ref: fn } });
  });

  it('takes its schedule from the snapshotSchedule context', () => {
    const { api } = testApp({ snapshotSchedule: 'cron(0 3 ? * MON *)' });
    Template.fromStack(api).hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 3 ? * MON *)',
    });
  });
});
