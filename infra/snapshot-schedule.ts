import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
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
 * the programmes, GetItem and PutItem on the table's items) and to nothing else, an
 * EventBridge rule that invokes it, and one encrypted dead-letter queue for the runs that
 * never succeed — events EventBridge could not deliver after its retries, and invocations
 * whose function kept failing after Lambda's async retries.
 */
export class SnapshotSchedule extends Construct {
  readonly function: BidwrightFunction;
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;

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
    // and puts a new snapshot with its head in one transaction of two Puts; a lost race
    // reads the head and the winner's snapshot.
    this.function.bindTable(table, { table: ['GetItem', 'PutItem'], gsi1: ['Query'] });

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
  }
}
