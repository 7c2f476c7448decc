import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { GROUPS } from '../../functions/http/routes.js';
import { pdfBucketName, tableDefinition } from '../../functions/stores/table-definition.js';
import { SYNTH_TIMEOUT_MS, type Synthesized, synthApp } from './support/synth.js';

let synthesized: Synthesized;
let template: Template;

beforeAll(() => {
  synthesized = synthApp();
  template = Template.fromJSON(synthesized.template(synthesized.app.stateful));
}, SYNTH_TIMEOUT_MS);

describe('Class: StatefulStack', () => {
  describe('Resource: table', () => {
    it('uses the key schema, GSI1 and TTL attribute of table-definition.ts, on demand', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: 'GSI1',
            KeySchema: [
              { AttributeName: 'GSI1PK', KeyType: 'HASH' },
              { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          }),
        ],
        TimeToLiveSpecification: {
          AttributeName: tableDefinition.timeToLiveAttribute,
          Enabled: true,
        },
      });
    });

    it('has point-in-time recovery, deletion protection and is retained', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      });
    });
  });

  describe('Resource: PDF bucket', () => {
    const name = pdfBucketName('test', '123456789012', 'eu-west-2');

    it('is named by the bucket convention and retained', () => {
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ BucketName: name }),
      });
    });

    it('blocks public access, encrypts, versions and logs to the access-log bucket', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: name,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: Match.objectLike({
          DestinationBucketName: Match.objectLike({ Ref: Match.stringLikeRegexp('AccessLog') }),
        }),
      });
    });

    it('expires noncurrent versions and aborts incomplete uploads', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: name,
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              Status: 'Enabled',
              NoncurrentVersionExpiration: { NoncurrentDays: 30 },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            }),
          ],
        },
      });
    });

    it('denies every request not made over TLS', () => {
      // Prepare: the policy attached to the PDF bucket itself (the access-log bucket's policy
      // also names the PDF bucket, as the source of its logs).
      const { stateful } = synthesized.app;
      const pdfBucket = Stack.of(stateful).getLogicalId(
        stateful.pdfBucket.node.defaultChild as CfnBucket,
      );
      const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')) as {
        Properties: { Bucket: unknown; PolicyDocument: { Statement: Record<string, unknown>[] } };
      }[];
      const attached = policies.filter(
        (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: pdfBucket }),
      );

      // Assess
      expect(attached).toHaveLength(1);
      const statements = attached[0]?.Properties.PolicyDocument.Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    });
  });

  describe('Resource: user pool', () => {
    it('requires TOTP MFA and a strong password, with no self sign-up', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      });
    });

    it('signs users in by username or email whatever their case', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AliasAttributes: ['email'],
        UsernameConfiguration: { CaseSensitive: false },
      });
    });

    it('is on the Essentials feature plan, named rather than left to a default', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'ESSENTIALS' });
    });

    it('has one group per role in routes.ts', () => {
      const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
        (g) => (g as { Properties: { GroupName: string } }).Properties.GroupName,
      );
      expect(groups.sort()).toEqual([...GROUPS].sort());
    });

    it('has an app client with OAuth off: no grants, callback URLs or scopes', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        AllowedOAuthFlowsUserPoolClient: false,
        AllowedOAuthFlows: Match.absent(),
        CallbackURLs: Match.absent(),
        AllowedOAuthScopes: Match.absent(),
      });
    });

    it('has an app client without a secret that signs in with SRP alone', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        // README, A token to try the API: SRP alone, and refresh.
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      });
    });
  });

  describe('Removal (README, Removing it)', () => {
    const byType = (type: string) =>
      Object.values(template.findResources(type)) as {
        DeletionPolicy?: string;
        UpdateReplacePolicy?: string;
        Properties: Record<string, unknown>;
      }[];

    it('retains the table, both buckets and the user pool, on deletion and on replacement', () => {
      const retained = [
        ...byType('AWS::DynamoDB::Table'),
        ...byType('AWS::S3::Bucket'),
        ...byType('AWS::Cognito::UserPool'),
      ];
      expect(retained).toHaveLength(4);
      for (const resource of retained) {
        expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    });

    it('deletes the groups, the app client and the bucket policies with the stack', () => {
      const deleted = [
        ...byType('AWS::Cognito::UserPoolGroup'),
        ...byType('AWS::Cognito::UserPoolClient'),
        ...byType('AWS::S3::BucketPolicy'),
      ];
      expect(deleted).toHaveLength(GROUPS.length + 1 + 2);
      for (const resource of deleted) expect(resource.DeletionPolicy ?? 'Delete').toBe('Delete');
    });

    it('names the PDF bucket alone: a redeploy makes a new table, log bucket and user pool', () => {
      const named = byType('AWS::S3::Bucket').filter((b) => b.Properties.BucketName);
      expect(named.map((b) => b.Properties.BucketName)).toEqual([
        pdfBucketName('test', '123456789012', 'eu-west-2'),
      ]);
      expect(byType('AWS::DynamoDB::Table')[0]?.Properties.TableName).toBeUndefined();
      expect(byType('AWS::Cognito::UserPool')[0]?.Properties.UserPoolName).toBeUndefined();
    });
  });
});
