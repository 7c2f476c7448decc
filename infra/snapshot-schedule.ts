import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SNAPSHOT_METRICS } from '../functions/snapshots/snapshot-metrics.js';
import { BidwrightFunction } from './bidwright-function.js';

/** On the 1st of each month at 02:00 UTC, unless `-c snapshotSchedule='cron(…)'` says otherwise. */
export const DEFAULT_SNAPSHOT_SCHEDULE = 'cron(0 2 1 * ? *)';

export interface SnapshotScheduleProps {
  table: ITable;
  /** An EventBridge `cron(…)` or `rate(…)` expression. */
  expression: string;
}

/**
 * The scheduled snapshot job: the take-snapshots function, bound to the table (GSI1 to list
 * the programmes, GetItem, PutItem and ConditionCheckItem on the table's items) and to
 * nothing else, an EventBridge rule that invokes it, and one encrypted dead-letter queue
 * for the runs that never succeed — events EventBridge could not deliver after its retries,
 * and invocations whose function kept failing after Lambda's async retries. Two alarms tell
 * one topic: a message in the dead-letter queue, and a run that could not snapshot some
 * programme.
 */
export class SnapshotSchedule extends Construct {
  readonly function: BidwrightFunction;
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;
  /** Where both alarms go: subscribe to it to hear of them. */
  readonly alarmTopic: Topic;
  readonly deadLetterAlarm: Alarm;
  readonly failedProgrammesAlarm: Alarm;

  constructor(scope: Construct, id: string, { table, expression }: SnapshotScheduleProps) {
    super(scope, id);
    if (!/^(cron|rate)\(.+\)$/.test(expression)) {
      throw new Error(
        `snapshotSchedule must be an EventBridge cron(…) or rate(…) expression, not "${expression}"`,
      );
    }

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.function = new BidwrightFunction(this, 'TakeSnapshots', {
      handlerName: 'take-snapshots',
      // Visits every programme, eight at a time; minutes, not the HTTP functions' seconds.
      timeout: Duration.minutes(5),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      deadLetterQueue: this.deadLetterQueue,
    });
    // Lists every programme with its figures through GSI1, reads each one's snapshot head,
    // and puts a new snapshot with its head in one transaction of two Puts and a check that
    // the programme is still at the version listed; a lost race reads the head and the
    // winner's snapshot, a programme saved meanwhile is read again.
    this.function.bindTable(table, {
      table: ['GetItem', 'PutItem', 'ConditionCheckItem'],
      gsi1: ['Query'],
    });

    this.rule = new Rule(this, 'Rule', {
      description: 'Bidwright: freeze every changed programme into a snapshot',
      schedule: Schedule.expression(expression),
      targets: [
        new LambdaFunction(this.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });

    this.alarmTopic = alarmTopic(this);
    const notify = new SnsAction(this.alarmTopic);
    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmDescription:
        'Bidwright: a scheduled snapshot run failed after its retries and waits in the dead-letter queue (README, Deploy to AWS).',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarm.addAlarmAction(notify);
    this.failedProgrammesAlarm = new Alarm(this, 'FailedProgrammesAlarm', {
      alarmDescription:
        'Bidwright: a scheduled snapshot run could not snapshot at least one programme; its log names each one.',
      // As take-snapshots publishes it: the namespace, and Powertools' one dimension.
      metric: new Metric({
        namespace: SNAPSHOT_METRICS.namespace,
        metricName: SNAPSHOT_METRICS.names.failed,
        dimensionsMap: { service: SNAPSHOT_METRICS.serviceName },
        period: Duration.minutes(5),
        statistic: Stats.SUM,
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // The job publishes once a run: no data between runs is not a failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.failedProgrammesAlarm.addAlarmAction(notify);
  }
}

/**
 * The alarms' SNS topic: refusing requests without TLS, and open to CloudWatch alarms of this
 * account and region alone. It carries alarm state changes (an alarm's name, metric and
 * threshold), never figures or bids, so it has no encryption at rest: CloudWatch cannot
 * publish to a topic under the AWS-managed SNS key, and a key of the project's own would
 * cost $1 a month whether or not anything happens, several times the rest of an idle bill.
 */
function alarmTopic(scope: Construct): Topic {
  const topic = new Topic(scope, 'AlarmTopic', {
    displayName: 'Bidwright snapshot schedule alarms',
    enforceSSL: true,
  });
  const stack = Stack.of(scope);
  topic.grantPublish(
    new ServicePrincipal('cloudwatch.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    }),
  );
  return topic;
}
