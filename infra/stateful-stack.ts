import { Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { TABLE_KEYS } from '../shared/keys';
import { CONTACT_SUMMARY_FIELDS } from '../shared/ports/contact-store';
import type { DeployConfig } from './config';
import { acknowledgeGuard } from './guard';
import { acknowledgeNag } from './nag';
import { refuseRegionsWithoutReceiving } from './ses-receiving-regions';

/** S3 prefix SES writes raw mail under; the functions get it as TEND_INBOUND_PREFIX. */
export const INBOUND_PREFIX = 'inbound/';

/** Replaced or deleted object versions are kept this long, to undo a mistake, then expire. */
export const NONCURRENT_VERSION_DAYS = 7;

/**
 * What the stateless stack needs, as CloudFormation imports of named exports. Named exports
 * (rather than CDK's generated ones) keep the contract between the stacks readable in both
 * templates and stable across refactors.
 */
export interface TendDataRefs {
  readonly tableName: string;
  readonly tableArn: string;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The export holding bucketArn: cdk-nag names imported resources by it. */
  readonly bucketArnExportName: string;
}

export interface TendStatefulStackProps extends StackProps {
  readonly config: DeployConfig;
}

/**
 * Everything that holds data: the single table and the raw-mail bucket. Both are retained
 * when the stack is deleted, and kept apart from the functions so the stateless stack can be
 * replaced freely.
 */
export class TendStatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly bucket: s3.Bucket;
  readonly refs: TendDataRefs;

  constructor(scope: Construct, id: string, props: TendStatefulStackProps) {
    super(scope, id, props);
    // Deployed first: a region without SES receiving is refused before the table and bucket exist.
    refuseRegionsWithoutReceiving(this);

    // Same keys and index as shared/adapters/dynamodb/table-definition.ts (local stack, tests).
    // Names are generated unless the deployment adopts the ones a destroyed stack retained
    // (config.ts, tableName and bucketName).
    this.table = new dynamodb.Table(this, 'Table', {
      ...(props.config.tableName !== undefined ? { tableName: props.config.tableName } : {}),
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE_KEYS.ttl,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeGuard(
      this.table,
      'dynamodb_table_encrypted_kms_check',
      'Encrypted at rest with the AWS owned key; a customer-managed key adds a key policy every function role must be granted, and $1/month, for no reader the table policy does not already stop.',
    );
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.gsi1.name,
      partitionKey: { name: TABLE_KEYS.gsi1.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.gsi1.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    // The Contacts page's two orders, projected to the page's fields (docs/data-model.md, GSI2
    // and GSI3). CloudFormation adds one index per update of a deployed table: a table from
    // before them is deployed with `-c contactListIndexes=1` (gsi2) first, then as usual.
    const contactLists = [TABLE_KEYS.gsi2, TABLE_KEYS.gsi3].slice(
      0,
      props.config.contactListIndexes,
    );
    for (const gsi of contactLists)
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.name,
        partitionKey: { name: gsi.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.INCLUDE,
        nonKeyAttributes: [...CONTACT_SUMMARY_FIELDS],
      });

    this.bucket = new s3.Bucket(this, 'RawMail', {
      ...(props.config.bucketName !== undefined ? { bucketName: props.config.bucketName } : {}),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // SSE-S3: SES writes with no key policy to manage, and nothing here needs per-key audit.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-raw-mail',
          prefix: INBOUND_PREFIX,
          expiration: Duration.days(props.config.rawMailRetentionDays),
        },
        {
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(
      this.bucket,
      'S1',
      'Server access logs would need a second bucket for a one-person mail log; reads come only from the ingest role and the CLI, and CloudTrail data events can be turned on when an audit trail is needed.',
    );
    for (const [rule, reason] of [
      [
        's3_bucket_logging_enabled_check',
        'Server access logs would need a second bucket for a one-person mail log; CloudTrail data events can be turned on when an audit trail is needed.',
      ],
      [
        's3_bucket_default_encryption_kms_check',
        'SSE-S3 on purpose: SES writes with no key policy to manage, and nothing here needs per-key audit.',
      ],
      [
        's3_event_notifications_enabled_check',
        'Ingest is invoked by the SES receipt rule right after its S3 action, not by S3 events: one trigger per email.',
      ],
      [
        's3_bucket_object_lock_enabled_check',
        'Raw mail must be deletable: it expires after rawMailRetentionDays and `tend users delete` removes it; versioning keeps a mistaken delete for a week.',
      ],
    ] as const) {
      acknowledgeGuard(this.bucket, rule, reason);
    }

    // SES (the receipt rule's S3 action) may write raw mail under the prefix, for this account's
    // rule sets only. The stateless stack passes an imported bucket to its S3 action so this is
    // the one statement that grants it.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesToStoreInboundMail',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${INBOUND_PREFIX}*`)],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:receipt-rule-set/*`,
          },
        },
      }),
    );

    const exported = (
      id: string,
      value: string,
      description: string,
    ): { value: string; exportName: string } => {
      const exportName = `${this.stackName}:${id}`;
      new CfnOutput(this, id, { value, description, exportName });
      return { value: Fn.importValue(exportName), exportName };
    };
    const tableName = exported('TableName', this.table.tableName, 'The Tend table');
    const tableArn = exported('TableArn', this.table.tableArn, 'The Tend table ARN');
    const bucketName = exported('BucketName', this.bucket.bucketName, 'Raw mail, under inbound/');
    const bucketArn = exported('BucketArn', this.bucket.bucketArn, 'The raw-mail bucket ARN');
    this.refs = {
      tableName: tableName.value,
      tableArn: tableArn.value,
      bucketName: bucketName.value,
      bucketArn: bucketArn.value,
      bucketArnExportName: bucketArn.exportName,
    };
  }
}
