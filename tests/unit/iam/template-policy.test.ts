import { describe, expect, it } from 'vitest';
import {
  functionStatements,
  resolver,
  type DeploymentWorld,
  type StackWorld,
  type TemplateJson,
} from '../../support/iam/template-policy';

const SCOPE = { partition: 'aws', region: 'eu-west-1', account: '123456789012' };

const DATA: StackWorld = {
  template: {
    Resources: {
      TableCD117FA1: { Type: 'AWS::DynamoDB::Table' },
      RawMailA1B12CE5: { Type: 'AWS::S3::Bucket' },
    },
    Outputs: {
      TableArn: {
        Value: { 'Fn::GetAtt': ['TableCD117FA1', 'Arn'] },
        Export: { Name: 'Data:TableArn' },
      },
      BucketArn: {
        Value: { 'Fn::GetAtt': ['RawMailA1B12CE5', 'Arn'] },
        Export: { Name: 'Data:BucketArn' },
      },
    },
  },
  physicalNames: { TableCD117FA1: 'tend-table', RawMailA1B12CE5: 'tend-raw' },
};

const role = () => ({ Type: 'AWS::IAM::Role', Properties: {} });
const fn = (roleId: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Role: { 'Fn::GetAtt': [roleId, 'Arn'] } },
});
const policy = (roleId: string, statements: unknown[], type = 'AWS::IAM::Policy') => ({
  Type: type,
  Properties: { Roles: [{ Ref: roleId }], PolicyDocument: { Statement: statements } },
});

const FUNCTIONS: TemplateJson = {
  Resources: {
    DispatchRoleCDD03C3A: role(),
    DispatchFunctionCD7C4A01: fn('DispatchRoleCDD03C3A'),
    DispatchWorkerRole11111111: role(),
    DispatchWorkerFunction22222222: fn('DispatchWorkerRole11111111'),
    ConfigurationSet487E45C1: { Type: 'AWS::SES::ConfigurationSet' },
    DispatchPolicy: policy('DispatchRoleCDD03C3A', [
      {
        Sid: 'UseTable',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::Join': ['', [{ 'Fn::ImportValue': 'Data:TableArn' }, '/index/gsi1']] },
      },
      {
        Effect: 'Allow',
        Action: ['ses:SendEmail'],
        Resource: {
          'Fn::Sub':
            'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${ConfigurationSet487E45C1}',
        },
        Condition: { StringEquals: { 'ses:FromAddress': 'tend@example.com' } },
      },
    ]),
    WorkerPolicy: policy(
      'DispatchWorkerRole11111111',
      [
        {
          Sid: 'ReadMail',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::ImportValue': 'Data:BucketArn' }, '/inbound/*']] },
        },
      ],
      'AWS::IAM::ManagedPolicy',
    ),
  },
};

const STACK: StackWorld = {
  template: FUNCTIONS,
  physicalNames: { ConfigurationSet487E45C1: 'tend-feedback' },
};
const WORLD: DeploymentWorld = { stacks: [DATA, STACK], scope: SCOPE };

describe('the policy of a function, from the template', () => {
  it('resolves imports, joins, substitutions and pseudo parameters to ARNs', () => {
    expect(functionStatements(WORLD, STACK, 'Dispatch')).toEqual([
      {
        sid: 'UseTable',
        effect: 'Allow',
        actions: ['dynamodb:Query'],
        resources: ['arn:aws:dynamodb:eu-west-1:123456789012:table/tend-table/index/gsi1'],
        conditions: {},
      },
      {
        sid: 'DispatchPolicy#1',
        effect: 'Allow',
        actions: ['ses:SendEmail'],
        resources: ['arn:aws:ses:eu-west-1:123456789012:configuration-set/tend-feedback'],
        conditions: { StringEquals: { 'ses:FromAddress': ['tend@example.com'] } },
      },
    ]);
  });

  it('tells Dispatch from DispatchWorker, and reads managed policies attached to a role', () => {
    expect(functionStatements(WORLD, STACK, 'DispatchWorker')).toEqual([
      {
        sid: 'ReadMail',
        effect: 'Allow',
        actions: ['s3:GetObject'],
        resources: ['arn:aws:s3:::tend-raw/inbound/*'],
        conditions: {},
      },
    ]);
  });

  it('stops on a function it cannot find, a name it does not know, or an AWS managed policy', () => {
    expect(() => functionStatements(WORLD, STACK, 'Ingest')).toThrow(
      /expected one function Ingest/,
    );
    expect(() => resolver(WORLD, STACK)({ Ref: 'Nowhere' })).toThrow(
      /no physical name for Ref Nowhere/,
    );
    const managed: StackWorld = {
      ...STACK,
      template: {
        Resources: {
          ...FUNCTIONS.Resources,
          DispatchRoleCDD03C3A: {
            Type: 'AWS::IAM::Role',
            Properties: { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
          },
        },
      },
    };
    expect(() =>
      functionStatements({ ...WORLD, stacks: [DATA, managed] }, managed, 'Dispatch'),
    ).toThrow(/managed policy not in the template/);
  });

  it('resolves Select and Split', () => {
    expect(resolver(WORLD, STACK)({ 'Fn::Select': [1, { 'Fn::Split': [':', 'a:b:c'] }] })).toBe(
      'b',
    );
  });
});
