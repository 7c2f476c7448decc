import type {
  BillingMode as DynamoDbBillingMode,
  ScalarAttributeType,
} from '@aws-sdk/client-dynamodb';
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { GROUPS } from '../functions/http/routes.js';
import { pdfBucketName, tableDefinition } from '../functions/stores/table-definition.js';

/**
 * functions/stores/table-definition.ts speaks DynamoDB's API (`S`, `PAY_PER_REQUEST`,
 * `ALL`), as the local stack's CreateTable does; CDK has enums of its own for the same.
 */
const ATTRIBUTE_TYPES: Readonly<Record<ScalarAttributeType, AttributeType>> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
};
const BILLING_MODES: Readonly<Record<DynamoDbBillingMode, BillingMode>> = {
  PAY_PER_REQUEST: BillingMode.PAY_PER_REQUEST,
  PROVISIONED: BillingMode.PROVISIONED,
};
/** No INCLUDE: the definition names no non-key attributes to project. */
const PROJECTION_TYPES: Readonly<Record<'ALL' | 'KEYS_ONLY', ProjectionType>> = {
  ALL: ProjectionType.ALL,
  KEYS_ONLY: ProjectionType.KEYS_ONLY,
};

export interface StatefulStackProps extends StackProps {
  /** Deployment stage, part of resource names (`dev`, `prod`). */
  stage: string;
}

/**
 * What outlives a deployment: the one DynamoDB table (key schema from
 * functions/stores/table-definition.ts), the private PDF bucket with its access-log bucket,
 * and the Cognito user pool whose groups are the roles in functions/http/routes.ts. The
 * table and PDF bucket are retained when the stack is destroyed.
 */
export class StatefulStack extends Stack {
  readonly table: Table;
  readonly pdfBucket: Bucket;
  readonly pdfBucketName: string;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    // Log delivery through a bucket policy, so both buckets can keep ACLs disabled.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    const { partitionKey, sortKey, billingMode, timeToLiveAttribute, globalSecondaryIndexes } =
      tableDefinition;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: partitionKey.name, type: ATTRIBUTE_TYPES[partitionKey.type] },
      sortKey: { name: sortKey.name, type: ATTRIBUTE_TYPES[sortKey.type] },
      billingMode: BILLING_MODES[billingMode],
      timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: {
          name: index.partitionKey.name,
          type: ATTRIBUTE_TYPES[index.partitionKey.type],
        },
        sortKey: { name: index.sortKey.name, type: ATTRIBUTE_TYPES[index.sortKey.type] },
        projectionType: PROJECTION_TYPES[index.projection],
      });
    }

    const logBucket = new Bucket(this, 'AccessLogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const { account, region } = Stack.of(this);
    const concrete = (value: string) => (Token.isUnresolved(value) ? undefined : value);
    this.pdfBucketName = pdfBucketName(props.stage, concrete(account), concrete(region));
    this.pdfBucket = new Bucket(this, 'PdfBucket', {
      bucketName: this.pdfBucketName,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'pdf-bucket/',
      lifecycleRules: [
        {
          id: 'expire-noncurrent-and-abort-uploads',
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.userPool = new UserPool(this, 'UserPool', {
      // Named: without it the template sets no tier and Cognito picks one.
      featurePlan: FeaturePlan.ESSENTIALS,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      // `Ada` and `ada`, `Ada@Example.org` and `ada@example.org`, are one user. Cognito fixes
      // this when it creates a pool: it cannot be changed on a pool that exists.
      signInCaseSensitive: false,
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan adds threat protection (adaptive authentication, compromised-credential detection) at a higher price per monthly active user; this closed pool of invited staff, with no self sign-up and TOTP MFA required, stays on Essentials.',
    });
    for (const group of GROUPS) {
      this.userPool.addGroup(`Group-${group}`, { groupName: group });
    }
    this.userPoolClient = this.userPool.addClient('AppClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      // No hosted sign-in and no OAuth flows: the client signs in with SRP alone. Left on,
      // CDK would allow the implicit and code grants to https://example.com with five scopes.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'PdfBucketName', { value: this.pdfBucket.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}
