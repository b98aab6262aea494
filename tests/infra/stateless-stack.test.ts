import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DISPATCH_INDEX_ACTIONS,
  DISPATCH_TABLE_ACTIONS,
  INGEST_TABLE_ACTIONS,
  SEND_EMAIL_ACTIONS,
} from '../../infra/permissions';
import {
  asArray,
  BASE_CONTEXT,
  type BuiltApp,
  buildApp,
  logicalId,
  SYNTH_TIMEOUT_MS,
  sharedTemplates,
  statementsOfRole,
  templates,
} from './support';

const imported = (name: string) => ({ 'Fn::ImportValue': `TendStateful:${name}` });
const PARAM_NAME = '/TendStateless/reply-token-secret';
const accountArn = (service: string, resource: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      `:${service}:`,
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:${resource}`,
    ],
  ],
});
const PARAM_ARN = accountArn('ssm', `parameter${PARAM_NAME}`);
const SEND_STATEMENT = {
  Sid: 'SendAsTend',
  Effect: 'Allow',
  Action: [...SEND_EMAIL_ACTIONS],
  Resource: accountArn('ses', 'identity/*'),
  Condition: { StringEquals: { 'ses:FromAddress': 'tend@example.com' } },
};
const READ_SECRET_STATEMENT = {
  Sid: 'ReadTokenSecret',
  Effect: 'Allow',
  Action: 'ssm:GetParameter',
  Resource: PARAM_ARN,
};
const ENVIRONMENT = {
  NODE_OPTIONS: '--enable-source-maps',
  TEND_TABLE: imported('TableName'),
  TEND_BUCKET: imported('BucketName'),
  TEND_INBOUND_PREFIX: 'inbound/',
  TEND_INBOUND_DOMAIN: 'in.example.com',
  TEND_FROM: 'tend@example.com',
  TEND_TOKEN_SECRET_PARAM: PARAM_NAME,
};

describe('stateless stack', () => {
  let built: BuiltApp;
  let template: Template;
  let ids: Record<
    | 'ingest'
    | 'dispatch'
    | 'ingestRole'
    | 'dispatchRole'
    | 'ingestDlq'
    | 'dispatchDlq'
    | 'ruleSet'
    | 'rule',
    string
  >;

  // The default context's template from the run's one CLI synth (support.ts), which this
  // hook runs or waits for (SYNTH_TIMEOUT_MS says how long it can take); the construct tree,
  // built here without synthesizing, gives the logical ids.
  beforeAll(async () => {
    built = buildApp();
    template = (await sharedTemplates()).stateless;
    const s = built.stateless;
    ids = {
      ingest: logicalId(s.ingest.function),
      dispatch: logicalId(s.dispatch.function),
      ingestRole: logicalId(s.ingest.role),
      dispatchRole: logicalId(s.dispatch.role),
      ingestDlq: logicalId(s.ingestDlq),
      dispatchDlq: logicalId(s.dispatchDlq),
      ruleSet: logicalId(s.ruleSet),
      rule: logicalId(s.ruleSet.node.findChild('Tend')),
    };
  }, SYNTH_TIMEOUT_MS);

  const fn = (id: string) => template.findResources('AWS::Lambda::Function')[id];

  describe('functions', () => {
    it.each(['ingest', 'dispatch'] as const)(
      '%s runs nodejs22.x on arm64 from the ESM bundle',
      (name) => {
        expect(fn(ids[name])?.Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
        });
      },
    );

    it('ingest: 1 GB, 60 s, at most 5 at once', () => {
      expect(fn(ids.ingest)?.Properties).toMatchObject({
        MemorySize: 1024,
        Timeout: 60,
        ReservedConcurrentExecutions: 5,
      });
    });

    it('dispatch: 512 MB, 2 min, one at a time', () => {
      expect(fn(ids.dispatch)?.Properties).toMatchObject({
        MemorySize: 512,
        Timeout: 120,
        ReservedConcurrentExecutions: 1,
      });
    });

    it('reserves no concurrency with -c reservedConcurrency=false (accounts with a quota of 10)', () => {
      const t = templates(buildApp({ ...BASE_CONTEXT, reservedConcurrency: 'false' })).stateless;
      const functions = Object.values(t.findResources('AWS::Lambda::Function'));
      expect(functions).toHaveLength(4);
      for (const f of functions) {
        expect(f.Properties.ReservedConcurrentExecutions).toBeUndefined();
      }
    });

    it.each(['ingest', 'dispatch'] as const)(
      '%s gets exactly the environment shared/config.ts reads',
      (name) => {
        expect(fn(ids[name])?.Properties.Environment).toEqual({ Variables: ENVIRONMENT });
      },
    );

    it('never puts the token secret itself in a template or an environment', () => {
      const json = JSON.stringify(template.toJSON());
      expect(json).not.toContain('"TEND_TOKEN_SECRET"');
      template.resourceCountIs('AWS::SSM::Parameter', 0);
      template.hasResourceProperties('Custom::TendTokenSecret', { ParameterName: PARAM_NAME });
      const [secret] = Object.values(template.findResources('Custom::TendTokenSecret'));
      expect(Object.keys(secret?.Properties ?? {}).sort()).toEqual([
        'ParameterName',
        'ServiceToken',
      ]);
    });

    it('each function writes to its own log group, kept a month', () => {
      for (const name of ['ingest', 'dispatch'] as const) {
        const logGroup = (fn(ids[name])?.Properties.LoggingConfig as { LogGroup: { Ref: string } })
          .LogGroup.Ref;
        expect(template.findResources('AWS::Logs::LogGroup')[logGroup]?.Properties).toEqual({
          RetentionInDays: 30,
        });
      }
    });

    it('functions start only after the token secret exists', () => {
      for (const name of ['ingest', 'dispatch'] as const) {
        expect(fn(ids[name])?.DependsOn).toEqual(
          expect.arrayContaining([logicalId(built.stateless.tokenSecret.resource)]),
        );
      }
    });
  });

  describe('least privilege', () => {
    const logs = (logGroupPrefix: string) => ({
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${logGroupPrefix}`)), 'Arn'] },
    });
    const dlq = (queueId: string) => ({
      Effect: 'Allow',
      Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
    });

    it('ingest: its logs, its DLQ, the table (no scan, no index), inbound/ objects, sending as Tend, the secret', () => {
      expect(statementsOfRole(template, ids.ingestRole)).toEqual([
        logs('IngestLogs'),
        dlq(ids.ingestDlq),
        {
          Sid: 'UseTable',
          Effect: 'Allow',
          Action: [...INGEST_TABLE_ACTIONS],
          Resource: imported('TableArn'),
        },
        {
          Sid: 'ReadInboundMail',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', [imported('BucketArn'), '/inbound/*']] },
        },
        SEND_STATEMENT,
        READ_SECRET_STATEMENT,
      ]);
    });

    it('dispatch: its logs, its DLQ, the table, a Query on the due index, sending as Tend, the secret; no S3', () => {
      expect(statementsOfRole(template, ids.dispatchRole)).toEqual([
        logs('DispatchLogs'),
        dlq(ids.dispatchDlq),
        {
          Sid: 'UseTable',
          Effect: 'Allow',
          Action: [...DISPATCH_TABLE_ACTIONS],
          Resource: imported('TableArn'),
        },
        {
          Sid: 'QueryDueIndex',
          Effect: 'Allow',
          Action: DISPATCH_INDEX_ACTIONS[0],
          Resource: { 'Fn::Join': ['', [imported('TableArn'), '/index/gsi1']] },
        },
        SEND_STATEMENT,
        READ_SECRET_STATEMENT,
      ]);
    });

    it('pins the table actions: no Scan, no wildcard action', () => {
      expect(INGEST_TABLE_ACTIONS).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ]);
      expect(DISPATCH_TABLE_ACTIONS).toEqual([
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ]);
    });

    it('the secret bootstrap may only create that one parameter', () => {
      const role = logicalId(
        built.stateless.tokenSecret.node.findChild('Bootstrap').node.findChild('Role'),
      );
      expect(statementsOfRole(template, role)).toEqual([
        logs('TokenSecretBootstrapLogs'),
        {
          Sid: 'CreateTokenSecret',
          Effect: 'Allow',
          Action: 'ssm:PutParameter',
          Resource: PARAM_ARN,
        },
      ]);
    });

    it('uses a wildcard resource only where the resource is not known at deploy time', () => {
      // Each allowed wildcard, with why: object keys are SES message ids; sandbox sends are
      // also checked against recipient identities; SetActiveReceiptRuleSet has no resource type.
      const allowed = [
        JSON.stringify({ 'Fn::Join': ['', [imported('BucketArn'), '/inbound/*']] }),
        JSON.stringify(accountArn('ses', 'identity/*')),
        JSON.stringify('*') + ' for ses:SetActiveReceiptRuleSet',
      ];
      const found: string[] = [];
      for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
        for (const statement of policy.Properties.PolicyDocument.Statement as Array<{
          Action: string | string[];
          Resource: unknown;
        }>) {
          for (const action of asArray(statement.Action)) expect(action).not.toContain('*');
          for (const resource of asArray(statement.Resource)) {
            const text = JSON.stringify(resource);
            if (!text.includes('*')) continue;
            found.push(
              text === '"*"' ? `${text} for ${asArray(statement.Action).join(',')}` : text,
            );
          }
        }
      }
      expect(new Set(found)).toEqual(new Set(allowed));
    });

    it('uses no AWS managed policy', () => {
      for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });
  });

  describe('SES receipt', () => {
    it('has one rule set with one rule for the inbound domain, spam and virus scanning on, TLS required', () => {
      template.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
      template.resourceCountIs('AWS::SES::ReceiptRule', 1);
      template.hasResourceProperties('AWS::SES::ReceiptRule', {
        RuleSetName: { Ref: ids.ruleSet },
        Rule: Match.objectLike({
          Enabled: true,
          Recipients: ['in.example.com'],
          ScanEnabled: true,
          TlsPolicy: 'Require',
        }),
      });
    });

    it('stores the raw MIME under inbound/ first, then invokes ingest asynchronously', () => {
      const rule = template.findResources('AWS::SES::ReceiptRule')[ids.rule];
      expect(rule?.Properties.Rule.Actions).toEqual([
        { S3Action: { BucketName: imported('BucketName'), ObjectKeyPrefix: 'inbound/' } },
        {
          LambdaAction: {
            FunctionArn: { 'Fn::GetAtt': [ids.ingest, 'Arn'] },
            InvocationType: 'Event',
          },
        },
      ]);
    });

    it('lets SES invoke ingest for this account only, before the rule is created', () => {
      const permissions = template.findResources('AWS::Lambda::Permission', {
        Properties: { Principal: 'ses.amazonaws.com' },
      });
      expect(Object.values(permissions).map((p) => p.Properties)).toEqual([
        {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [ids.ingest, 'Arn'] },
          Principal: 'ses.amazonaws.com',
          SourceAccount: { Ref: 'AWS::AccountId' },
        },
      ]);
      expect(template.findResources('AWS::SES::ReceiptRule')[ids.rule]?.DependsOn).toEqual(
        Object.keys(permissions),
      );
    });

    it('activates the rule set on create and update, and deactivates on delete', () => {
      template.resourceCountIs('Custom::TendActiveReceiptRuleSet', 1);
      const [activation] = Object.values(
        template.findResources('Custom::TendActiveReceiptRuleSet'),
      );
      const create = activation?.Properties.Create as { 'Fn::Join': [string, unknown[]] };
      const rendered = create['Fn::Join'][1]
        .map((p) => (typeof p === 'string' ? p : `<${(p as { Ref: string }).Ref}>`))
        .join('');
      expect(JSON.parse(rendered)).toEqual({
        service: 'SES',
        action: 'setActiveReceiptRuleSet',
        parameters: { RuleSetName: `<${ids.ruleSet}>` },
        physicalResourceId: { id: `<${ids.ruleSet}>` },
      });
      expect(activation?.Properties.Update).toEqual(activation?.Properties.Create);
      expect(JSON.parse(activation?.Properties.Delete as string)).toEqual({
        service: 'SES',
        action: 'setActiveReceiptRuleSet',
        parameters: {},
      });
      expect(activation?.DependsOn).toEqual(expect.arrayContaining([ids.ruleSet, ids.rule]));
    });

    it('the activation may call SetActiveReceiptRuleSet and nothing else', () => {
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            {
              Sid: 'ActivateReceiptRuleSet',
              Effect: 'Allow',
              Action: 'ses:SetActiveReceiptRuleSet',
              Resource: '*',
            },
          ],
        },
      });
    });
  });

  describe('SES identities', () => {
    const identities = (t: Template) =>
      Object.values(t.findResources('AWS::SES::EmailIdentity'))
        .map((r) => r.Properties.EmailIdentity as string)
        .sort();

    it('verifies the inbound domain (SES receives only for verified domains) and the From domain', () => {
      expect(identities(template)).toEqual(['example.com', 'in.example.com']);
    });

    it.each([
      [
        'one identity when From is at the inbound domain',
        { fromAddress: 'tend@in.example.com' },
        ['in.example.com'],
      ],
      [
        'the address itself with -c fromIdentity=address',
        { fromIdentity: 'address' },
        ['in.example.com', 'tend@example.com'],
      ],
      [
        'nothing for From with -c fromIdentity=existing',
        { fromIdentity: 'existing' },
        ['in.example.com'],
      ],
    ])('creates %s', (_name, context, expected) => {
      expect(identities(templates(buildApp({ ...BASE_CONTEXT, ...context })).stateless)).toEqual(
        expected,
      );
    });
  });

  describe('the schedule', () => {
    it('runs dispatch every 5 minutes', () => {
      template.resourceCountIs('AWS::Events::Rule', 1);
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(5 minutes)',
        State: 'ENABLED',
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [ids.dispatch, 'Arn'] } })],
      });
      template.hasResourceProperties('AWS::Lambda::Permission', {
        FunctionName: { 'Fn::GetAtt': [ids.dispatch, 'Arn'] },
        Principal: 'events.amazonaws.com',
      });
    });
  });

  describe('dead-letter queues', () => {
    it('two encrypted queues that refuse plain HTTP', () => {
      template.resourceCountIs('AWS::SQS::Queue', 2);
      for (const queue of Object.values(template.findResources('AWS::SQS::Queue'))) {
        expect(queue.Properties).toEqual({
          MessageRetentionPeriod: 1_209_600,
          SqsManagedSseEnabled: true,
        });
      }
      for (const id of [ids.ingestDlq, ids.dispatchDlq]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: [
              Match.objectLike({
                Effect: 'Deny',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ],
          },
        });
      }
    });

    it('are the on-failure destinations: ingest retries twice for up to 6 h, dispatch leaves it to the next run', () => {
      template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 2);
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.ingest },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 21_600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.ingestDlq, 'Arn'] } } },
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.dispatch },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 300,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [ids.dispatchDlq, 'Arn'] } },
        },
      });
    });
  });

  describe('alarms', () => {
    const topic = () => logicalId(built.stateless.alarms.topic);
    const alarm = (metric: Record<string, unknown>) =>
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...metric,
        AlarmActions: [{ Ref: topic() }],
      });

    it('five alarms, all to the one topic', () => {
      template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
      template.resourceCountIs('AWS::SNS::Topic', 1);
    });

    it('on any ingest error', () => {
      alarm({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.ingest } }],
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    it('on dispatcher failures: errors on two runs in a row, or EventBridge failing to invoke it', () => {
      alarm({
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.dispatch } }],
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
      });
      alarm({ Namespace: 'AWS/Events', MetricName: 'FailedInvocations', Threshold: 1 });
    });

    it('on any message in either dead-letter queue', () => {
      for (const id of [ids.ingestDlq, ids.dispatchDlq]) {
        alarm({
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }],
          Statistic: 'Maximum',
          Threshold: 1,
        });
      }
    });

    it('emails alarmEmail when given, and subscribes no one otherwise', () => {
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      const withEmail = templates(
        buildApp({ ...BASE_CONTEXT, alarmEmail: 'ops@example.com' }),
      ).stateless;
      withEmail.resourceCountIs('AWS::SNS::Subscription', 1);
      withEmail.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
      });
    });

    it('the topic refuses plain HTTP publishers', () => {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: [
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ],
        },
      });
    });
  });

  describe('outputs', () => {
    it('the log address', () => {
      template.hasOutput('LogAddress', { Value: 'log@in.example.com' });
    });

    it('the MX record for the region', () => {
      template.hasOutput('MxRecord', {
        Value: {
          'Fn::Join': [
            '',
            ['in.example.com MX 10 inbound-smtp.', { Ref: 'AWS::Region' }, '.amazonaws.com'],
          ],
        },
      });
    });

    it('the CLI line that points tend at this deployment', () => {
      const out = template.findOutputs('CliCommand')['CliCommand'];
      const parts = (out?.Value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      const line = parts
        .map((p) => {
          if (typeof p === 'string') return p;
          const ref = p as { Ref?: string; 'Fn::ImportValue'?: string };
          return ref.Ref ? `<${ref.Ref}>` : `<${ref['Fn::ImportValue']}>`;
        })
        .join('');
      expect(line).toBe(
        'TEND_TARGET=aws AWS_REGION=<AWS::Region> TEND_TABLE=<TendStateful:TableName> TEND_BUCKET=<TendStateful:BucketName> ' +
          `TEND_TOKEN_SECRET_PARAM=${PARAM_NAME} TEND_INBOUND_DOMAIN=in.example.com TEND_FROM=tend@example.com npx tend users list`,
      );
    });

    it('the DKIM CNAMEs to add, for each domain identity', () => {
      const outputs = Object.keys(template.findOutputs('*'));
      expect(outputs.filter((o) => o.includes('Dkim')).sort()).toEqual([
        'FromDomainDkim1',
        'FromDomainDkim2',
        'FromDomainDkim3',
        'InboundDomainDkim1',
        'InboundDomainDkim2',
        'InboundDomainDkim3',
      ]);
    });
  });
});
