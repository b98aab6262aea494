import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KEYS } from '../../shared/keys';
import { BASE_CONTEXT, buildApp, SYNTH_TIMEOUT_MS, sharedTemplates, templates } from './support';

const gsi1 = {
  IndexName: TABLE_KEYS.gsi1.name,
  KeySchema: [
    { AttributeName: TABLE_KEYS.gsi1.partitionKey, KeyType: 'HASH' },
    { AttributeName: TABLE_KEYS.gsi1.sortKey, KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: 'ALL' },
};

/** gsi2 or gsi3: keyed by the table's `pk` and `<name>sk` (sparse: contacts only), projecting
 * exactly what the Contacts page reads. */
const contactList = (name: 'gsi2' | 'gsi3') => ({
  IndexName: name,
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: `${name}sk`, KeyType: 'RANGE' },
  ],
  Projection: {
    ProjectionType: 'INCLUDE',
    NonKeyAttributes: [
      'email',
      'name',
      'tags',
      'status',
      'cadenceDays',
      'snoozedUntil',
      'lastInteractionAt',
      'clockResetAt',
      'firstSeenAt',
      'source',
      'connectedAt',
      'interactionCount',
    ],
  },
});

describe('stateful stack', () => {
  let template: Template;
  // The default context's template from the run's one CLI synth (support.ts), which this
  // hook runs or waits for (SYNTH_TIMEOUT_MS says how long it can take).
  beforeAll(async () => {
    template = (await sharedTemplates()).stateful;
  }, SYNTH_TIMEOUT_MS);

  describe('the table', () => {
    it('is the one table, keyed pk/sk, on demand', () => {
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayEquals([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
          { AttributeName: 'gsi1sk', AttributeType: 'S' },
          { AttributeName: 'gsi2sk', AttributeType: 'S' },
          { AttributeName: 'gsi3sk', AttributeType: 'S' },
        ]),
        BillingMode: 'PAY_PER_REQUEST',
      });
    });

    it('has gsi1 (all attributes) and the Contacts page indexes gsi2, gsi3 (its fields only)', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        GlobalSecondaryIndexes: [gsi1, contactList('gsi2'), contactList('gsi3')],
      });
    });

    it('adds only gsi2 with -c contactListIndexes=1 (one new index per update of a deployed table)', () => {
      const staged = templates(buildApp({ ...BASE_CONTEXT, contactListIndexes: '1' })).stateful;
      staged.hasResourceProperties('AWS::DynamoDB::Table', {
        GlobalSecondaryIndexes: [gsi1, contactList('gsi2')],
      });
    });

    it('has point-in-time recovery, deletion protection and TTL on expiresAt', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttl, Enabled: true },
      });
    });

    it('is retained when the stack is deleted or the table replaced', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    it('has no hard-coded name', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: Match.absent() });
    });
  });

  describe('the raw-mail bucket', () => {
    it('blocks all public access, is encrypted, versioned, owner-enforced and retained', () => {
      template.resourceCountIs('AWS::S3::Bucket', 1);
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          BucketName: Match.absent(),
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
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        }),
      });
    });

    it('expires raw mail under inbound/ after 90 days by default, and old versions after a week', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ Prefix: 'inbound/', ExpirationInDays: 90, Status: 'Enabled' }),
            Match.objectLike({
              NoncurrentVersionExpiration: { NoncurrentDays: 7 },
              Status: 'Enabled',
            }),
          ]),
        },
      });
    });

    it('takes the retention from -c rawMailRetentionDays', () => {
      const custom = templates(buildApp({ ...BASE_CONTEXT, rawMailRetentionDays: '30' })).stateful;
      custom.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: Match.arrayWith([Match.objectLike({ Prefix: 'inbound/', ExpirationInDays: 30 })]),
        },
      });
    });

    it('denies every request that is not over TLS', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('lets SES, for this account and its receipt rule sets only, put objects under inbound/', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Sid: 'AllowSesToStoreInboundMail',
              Effect: 'Allow',
              Principal: { Service: 'ses.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: {
                'Fn::Join': [
                  '',
                  [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^RawMail'), 'Arn'] }, '/inbound/*'],
                ],
              },
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnLike: {
                  'aws:SourceArn': Match.objectLike({
                    'Fn::Join': ['', Match.arrayWith([':receipt-rule-set/*'])],
                  }),
                },
              },
            },
          ]),
        },
      });
    });

    it('allows nothing else: two statements, and no Allow to a wildcard principal', () => {
      const [policy] = Object.values(template.findResources('AWS::S3::BucketPolicy'));
      const statements = policy?.Properties.PolicyDocument.Statement as Array<{
        Effect: string;
        Principal: unknown;
      }>;
      expect(statements).toHaveLength(2);
      const allows = statements.filter((s) => s.Effect === 'Allow');
      expect(allows.map((s) => s.Principal)).toEqual([{ Service: 'ses.amazonaws.com' }]);
    });
  });

  it('exports the names and ARNs the stateless stack imports', () => {
    for (const name of ['TableName', 'TableArn', 'BucketName', 'BucketArn']) {
      template.hasOutput(name, { Export: { Name: `TendStateful:${name}` } });
    }
  });
});
