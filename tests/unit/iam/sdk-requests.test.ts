import { describe, expect, it } from 'vitest';
import {
  bareAddress,
  iamRequestsOf,
  type RequestScope,
  type Service,
} from '../../support/iam/sdk-requests';

const SCOPE: RequestScope = {
  partition: 'aws',
  region: 'eu-west-1',
  account: '123456789012',
  sendingIdentity: 'domain',
};
const TABLE = 'arn:aws:dynamodb:eu-west-1:123456789012:table/tend';
const OTHER = 'arn:aws:dynamodb:eu-west-1:123456789012:table/other';

const pairs = (service: Service, command: string, input: Record<string, unknown>, scope = SCOPE) =>
  iamRequestsOf(service, command, input, scope).map((r) => [r.action, r.resource]);

describe('DynamoDB commands as IAM actions', () => {
  it.each([
    ['GetItemCommand', { TableName: 'tend', Key: {} }, [['dynamodb:GetItem', TABLE]]],
    ['PutItemCommand', { TableName: 'tend', Item: {} }, [['dynamodb:PutItem', TABLE]]],
    ['UpdateItemCommand', { TableName: 'tend' }, [['dynamodb:UpdateItem', TABLE]]],
    ['DeleteItemCommand', { TableName: 'tend' }, [['dynamodb:DeleteItem', TABLE]]],
    ['QueryCommand', { TableName: 'tend' }, [['dynamodb:Query', TABLE]]],
    [
      'QueryCommand',
      { TableName: 'tend', IndexName: 'gsi1' },
      [['dynamodb:Query', `${TABLE}/index/gsi1`]],
    ],
    [
      'ScanCommand',
      { TableName: 'tend', IndexName: 'gsi2' },
      [['dynamodb:Scan', `${TABLE}/index/gsi2`]],
    ],
    [
      'BatchGetItemCommand',
      { RequestItems: { tend: { Keys: [] }, other: { Keys: [] } } },
      [
        ['dynamodb:BatchGetItem', TABLE],
        ['dynamodb:BatchGetItem', OTHER],
      ],
    ],
    ['BatchWriteItemCommand', { RequestItems: { tend: [] } }, [['dynamodb:BatchWriteItem', TABLE]]],
    [
      'TransactWriteItemsCommand',
      {
        TransactItems: [
          { Put: { TableName: 'tend' } },
          { Update: { TableName: 'tend' } },
          { Delete: { TableName: 'other' } },
          { ConditionCheck: { TableName: 'tend' } },
        ],
      },
      [
        ['dynamodb:PutItem', TABLE],
        ['dynamodb:UpdateItem', TABLE],
        ['dynamodb:DeleteItem', OTHER],
        ['dynamodb:ConditionCheckItem', TABLE],
      ],
    ],
    [
      'TransactGetItemsCommand',
      { TransactItems: [{ Get: { TableName: 'tend' } }] },
      [['dynamodb:GetItem', TABLE]],
    ],
  ])('%s %j', (command, input, expected) => {
    expect(pairs('dynamodb', command, input)).toEqual(expected);
  });

  it('refuses to guess a command without a table', () => {
    expect(() => pairs('dynamodb', 'ListTablesCommand', {})).toThrow(/no TableName/);
  });
});

describe('S3 commands as IAM actions', () => {
  it.each([
    [
      'GetObjectCommand',
      { Bucket: 'raw', Key: 'inbound/abc' },
      [['s3:GetObject', 'arn:aws:s3:::raw/inbound/abc']],
    ],
    ['HeadObjectCommand', { Bucket: 'raw', Key: 'k' }, [['s3:GetObject', 'arn:aws:s3:::raw/k']]],
    ['PutObjectCommand', { Bucket: 'raw', Key: 'k' }, [['s3:PutObject', 'arn:aws:s3:::raw/k']]],
    [
      'DeleteObjectCommand',
      { Bucket: 'raw', Key: 'k' },
      [['s3:DeleteObject', 'arn:aws:s3:::raw/k']],
    ],
    [
      'DeleteObjectsCommand',
      { Bucket: 'raw', Delete: { Objects: [{ Key: 'a' }, { Key: 'b', VersionId: 'v1' }] } },
      [
        ['s3:DeleteObject', 'arn:aws:s3:::raw/a'],
        ['s3:DeleteObjectVersion', 'arn:aws:s3:::raw/b'],
      ],
    ],
    [
      'ListObjectsV2Command',
      { Bucket: 'raw', Prefix: 'inbound/' },
      [['s3:ListBucket', 'arn:aws:s3:::raw']],
    ],
    [
      'ListObjectVersionsCommand',
      { Bucket: 'raw' },
      [['s3:ListBucketVersions', 'arn:aws:s3:::raw']],
    ],
  ])('%s %j', (command, input, expected) => {
    expect(pairs('s3', command, input)).toEqual(expected);
  });

  it('carries the listed prefix as s3:prefix', () => {
    const [list] = iamRequestsOf(
      's3',
      'ListObjectsV2Command',
      { Bucket: 'raw', Prefix: 'inbound/' },
      SCOPE,
    );
    expect(list!.context).toEqual({ 's3:prefix': 'inbound/' });
  });
});

describe('SES v2 commands as IAM actions', () => {
  const identity = (name: string) => `arn:aws:ses:eu-west-1:123456789012:identity/${name}`;
  const set = 'arn:aws:ses:eu-west-1:123456789012:configuration-set/tend-feedback';
  const raw = { Content: { Raw: { Data: new Uint8Array() } } };

  it('authorizes a raw send on the From domain and the configuration set, as both send actions', () => {
    const input = {
      FromEmailAddress: 'Tend <tend@example.com>',
      ConfigurationSetName: 'tend-feedback',
      ...raw,
    };
    expect(pairs('ses', 'SendEmailCommand', input)).toEqual([
      ['ses:SendEmail', identity('example.com')],
      ['ses:SendEmail', set],
      ['ses:SendRawEmail', identity('example.com')],
      ['ses:SendRawEmail', set],
    ]);
    expect(iamRequestsOf('ses', 'SendEmailCommand', input, SCOPE)[0]!.context).toEqual({
      'ses:FromAddress': 'tend@example.com',
    });
  });

  it('uses the address identity when the From is verified as an address, and no set unless named', () => {
    const input = { FromEmailAddress: 'tend@example.com', Content: { Simple: {} } };
    expect(
      pairs('ses', 'SendEmailCommand', input, { ...SCOPE, sendingIdentity: 'address' }),
    ).toEqual([['ses:SendEmail', identity('tend@example.com')]]);
  });

  it('maps any other command to the action of its name', () => {
    expect(pairs('ses', 'GetAccountCommand', {})).toEqual([['ses:GetAccount', '*']]);
  });

  it.each([
    ['Tend <tend@example.com>', 'tend@example.com'],
    ['tend@example.com', 'tend@example.com'],
    ['"Tend, the app" <tend@example.com>', 'tend@example.com'],
  ])('reads the bare address of %s', (from, bare) => {
    expect(bareAddress(from)).toBe(bare);
  });
});

describe('SSM commands as IAM actions', () => {
  it.each([
    [
      'GetParameterCommand',
      { Name: '/Tend/secret' },
      [['ssm:GetParameter', 'arn:aws:ssm:eu-west-1:123456789012:parameter/Tend/secret']],
    ],
    [
      'GetParameterCommand',
      { Name: 'plain' },
      [['ssm:GetParameter', 'arn:aws:ssm:eu-west-1:123456789012:parameter/plain']],
    ],
    [
      'PutParameterCommand',
      { Name: '/a' },
      [['ssm:PutParameter', 'arn:aws:ssm:eu-west-1:123456789012:parameter/a']],
    ],
    ['DescribeParametersCommand', {}, [['ssm:DescribeParameters', '*']]],
  ])('%s %j', (command, input, expected) => {
    expect(pairs('ssm', command, input)).toEqual(expected);
  });
});
