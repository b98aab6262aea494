import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DeployConfigError } from '../../infra/config';
import { BASE_CONTEXT, buildApp, templates } from './support';

/**
 * README, "Remove" and "Redeploy after destroy": `cdk destroy` keeps the table and the raw-mail
 * bucket (DeletionPolicy Retain). CloudFormation adopts a retained resource on
 * `cdk deploy --import-existing-resources` only when the template gives it a static custom name
 * and a Retain deletion policy (CloudFormation User Guide, "Import AWS resources into a
 * CloudFormation stack automatically"). `-c tableName=… -c bucketName=…` give those names.
 */

const TABLE = 'TendStateful-TableCD117FA1-1A2B3C4D5E6F';
const BUCKET = 'tendstateful-rawmaila1b12ce5-abcdef012345';

describe('adopting the retained table and bucket after cdk destroy', () => {
  it('leaves both names to CloudFormation by default, both retained', () => {
    const { stateful } = templates(buildApp());
    const table = Object.values(stateful.findResources('AWS::DynamoDB::Table'))[0]!;
    const bucket = Object.values(stateful.findResources('AWS::S3::Bucket'))[0]!;
    expect((table.Properties as Record<string, unknown>).TableName).toBeUndefined();
    expect((bucket.Properties as Record<string, unknown>).BucketName).toBeUndefined();
    for (const r of [table, bucket]) {
      expect(r.DeletionPolicy).toBe('Retain');
      expect(r.UpdateReplacePolicy).toBe('Retain');
    }
  });

  it('names them as given, as static strings with Retain, which is what auto-import needs', () => {
    const { stateful, stateless } = templates(
      buildApp({ ...BASE_CONTEXT, tableName: TABLE, bucketName: BUCKET }),
    );
    stateful.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ TableName: TABLE, DeletionProtectionEnabled: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    stateful.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({ BucketName: BUCKET }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    // The functions still reach them through the stateful stack's exports, not by the names.
    expect(JSON.stringify(stateless.toJSON())).not.toContain(TABLE);
  });

  it.each([
    ['tableName', 'a b'],
    ['tableName', 'ab'],
    ['bucketName', 'Upper-Case'],
    ['bucketName', '-starts-with-dash'],
    ['bucketName', 'x'.repeat(64)],
  ])('refuses %s=%j, naming the key', (key, value) => {
    expect(() => buildApp({ ...BASE_CONTEXT, [key]: value })).toThrow(DeployConfigError);
    expect(() => buildApp({ ...BASE_CONTEXT, [key]: value })).toThrow(
      new RegExp(`invalid CDK context: ${key}`),
    );
  });
});
