import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIVATION_ACTIONS,
  DISPATCH_INDEX_ACTIONS,
  DISPATCH_TABLE_ACTIONS,
  INGEST_INDEX_ACTIONS,
  INGEST_TABLE_ACTIONS,
  SEND_EMAIL_ACTIONS,
  WEB_INDEX_ACTIONS,
  WEB_TABLE_ACTIONS,
} from '../../infra/permissions';
import { INBOUND_RULE_NAME } from '../../infra/stateless-stack';
import { DUE_SHARDS } from '../../shared/keys';
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
  accountArn,
} from './support';

const imported = (name: string) => ({ 'Fn::ImportValue': `TendStateful:${name}` });
const PARAM_NAME = '/TendStateless/reply-token-secret';
const PARAM_ARN = accountArn('ssm', `parameter${PARAM_NAME}`);
/** Sending as Tend: any identity (sandbox sends are checked against the recipient's too) and the configuration set. */
const sendStatement = (configurationSet: string) => ({
  Sid: 'SendAsTend',
  Effect: 'Allow',
  Action: [...SEND_EMAIL_ACTIONS],
  Resource: [
    accountArn('ses', 'identity/*'),
    accountArn('ses', 'configuration-set/', { Ref: configurationSet }),
  ],
  Condition: { StringEquals: { 'ses:FromAddress': 'tend@example.com' } },
});
const READ_SECRET_STATEMENT = {
  Sid: 'ReadTokenSecret',
  Effect: 'Allow',
  Action: 'ssm:GetParameter',
  Resource: PARAM_ARN,
};
/** What every function that reads shared/config.ts gets; the senders also get the configuration set. */
const BASE_ENVIRONMENT = {
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
    | 'rule'
    | 'configurationSet'
    | 'activation'
    | 'activationRole'
    | 'alarmTopic',
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
      configurationSet: logicalId(s.feedback.configurationSet),
      activation: logicalId(s.activation.resource),
      activationRole: logicalId(s.activation.handler.role),
      alarmTopic: logicalId(s.alarms.topic),
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

    it('ingest: 1 GB, 60 s', () => {
      expect(fn(ids.ingest)?.Properties).toMatchObject({ MemorySize: 1024, Timeout: 60 });
    });

    it('dispatch: 1 GB, 6 min: a run of up to 5 minutes (to the next tick) and a margin', () => {
      expect(fn(ids.dispatch)?.Properties).toMatchObject({ MemorySize: 1024, Timeout: 360 });
    });

    it('reserves no concurrency by default, so a new account (quota 10 or 50) can deploy', () => {
      const functions = Object.values(template.findResources('AWS::Lambda::Function'));
      // ingest, dispatch, ses-feedback, web, the secret bootstrap and the rule-set activation.
      expect(functions).toHaveLength(6);
      for (const f of functions) {
        expect(f.Properties.ReservedConcurrentExecutions).toBeUndefined();
      }
    });

    it('with -c reservedConcurrency=true caps ingest at 5, the dispatcher at one run per shard, the web app at 10, and nothing else', () => {
      const t = templates(buildApp({ ...BASE_CONTEXT, reservedConcurrency: 'true' })).stateless;
      const reserved = Object.entries(t.findResources('AWS::Lambda::Function'))
        .filter(([, f]) => f.Properties.ReservedConcurrentExecutions !== undefined)
        .map(([id, f]) => [id, f.Properties.ReservedConcurrentExecutions as number]);
      expect(Object.fromEntries(reserved)).toEqual({
        [ids.ingest]: 5,
        [ids.dispatch]: DUE_SHARDS,
        [logicalId(built.stateless.web.function)]: 10,
      });
    });

    it.each(['ingest', 'dispatch'] as const)(
      '%s gets exactly the environment shared/config.ts reads, with the configuration set it sends through',
      (name) => {
        expect(fn(ids[name])?.Properties.Environment).toEqual({
          Variables: {
            ...BASE_ENVIRONMENT,
            TEND_CONFIGURATION_SET: { Ref: ids.configurationSet },
            TEND_WEB_URL: { 'Fn::GetAtt': [logicalId(built.stateless.webUrl), 'FunctionUrl'] },
          },
        });
      },
    );

    it('no function parses source maps at start (npm run symbolicate reads them offline)', () => {
      const functions = Object.values(template.findResources('AWS::Lambda::Function'));
      expect(functions.length).toBeGreaterThan(4);
      for (const f of functions)
        expect(f.Properties.Environment?.Variables?.NODE_OPTIONS).toBeUndefined();
      expect(JSON.stringify(template.toJSON())).not.toContain('enable-source-maps');
    });

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

    it('ingest: its logs, its DLQ, the table (no scan), a Query on gsi1, inbound/ objects, sending as Tend, the secret', () => {
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
          // The claims of an address no user has yet (login@): found by tests/iam/grants.test.ts.
          Sid: 'QueryDueIndex',
          Effect: 'Allow',
          Action: INGEST_INDEX_ACTIONS[0],
          Resource: { 'Fn::Join': ['', [imported('TableArn'), '/index/gsi1']] },
        },
        {
          Sid: 'ReadInboundMail',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', [imported('BucketArn'), '/inbound/*']] },
        },
        sendStatement(ids.configurationSet),
        READ_SECRET_STATEMENT,
      ]);
    });

    it('dispatch: its logs, its DLQ, the table, a Query on the due index, sending as Tend, the send quota, the secret; no S3', () => {
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
        sendStatement(ids.configurationSet),
        { Sid: 'ReadSendQuota', Effect: 'Allow', Action: 'ses:GetAccount', Resource: '*' },
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
      expect(INGEST_INDEX_ACTIONS).toEqual(['dynamodb:Query']);
      expect(DISPATCH_TABLE_ACTIONS).toEqual([
        'dynamodb:BatchGetItem',
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
      // also checked against recipient identities; receipt rule set actions and GetAccount have no
      // resource type.
      const allowed = [
        JSON.stringify({ 'Fn::Join': ['', [imported('BucketArn'), '/inbound/*']] }),
        JSON.stringify(accountArn('ses', 'identity/*')),
        JSON.stringify('*') + ' for ses:DescribeActiveReceiptRuleSet,ses:SetActiveReceiptRuleSet',
        // GetAccount has no resource type either.
        JSON.stringify('*') + ' for ses:GetAccount',
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

    it('lets SES invoke ingest for this receipt rule of this account only, before the rule is created', () => {
      const permissions = template.findResources('AWS::Lambda::Permission', {
        Properties: { Principal: 'ses.amazonaws.com' },
      });
      expect(Object.values(permissions).map((p) => p.Properties)).toEqual([
        {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [ids.ingest, 'Arn'] },
          Principal: 'ses.amazonaws.com',
          SourceAccount: { Ref: 'AWS::AccountId' },
          // The rule's ARN, as AWS documents it for a receipt rule's Lambda action.
          SourceArn: accountArn(
            'ses',
            'receipt-rule-set/',
            { Ref: ids.ruleSet },
            `:receipt-rule/${INBOUND_RULE_NAME}`,
          ),
        },
      ]);
      const rule = template.findResources('AWS::SES::ReceiptRule')[ids.rule];
      // The name the SourceArn ends with is the rule's own.
      expect(rule?.Properties.Rule.Name).toBe(INBOUND_RULE_NAME);
      expect(rule?.DependsOn).toEqual(Object.keys(permissions));
    });

    describe('the activation', () => {
      const activation = () =>
        template.findResources('Custom::TendActiveReceiptRuleSet')[ids.activation];

      it('is a custom resource of Tend’s own function, given the rule set and the override', () => {
        template.resourceCountIs('Custom::TendActiveReceiptRuleSet', 1);
        expect(activation()?.Properties).toEqual({
          ServiceToken: {
            'Fn::GetAtt': [logicalId(built.stateless.activation.handler.function), 'Arn'],
          },
          RuleSetName: { Ref: ids.ruleSet },
          ReplaceActiveRuleSet: 'false',
        });
      });

      it('runs once the rule and the function’s permissions exist', () => {
        expect(activation()?.DependsOn).toEqual(
          expect.arrayContaining([ids.rule, ids.activationRole]),
        );
      });

      it('passes -c replaceActiveRuleSet=true to the function', () => {
        const t = templates(buildApp({ ...BASE_CONTEXT, replaceActiveRuleSet: 'true' })).stateless;
        t.hasResourceProperties('Custom::TendActiveReceiptRuleSet', {
          ReplaceActiveRuleSet: 'true',
        });
      });

      it('may read and set the active rule set, and nothing else', () => {
        expect(statementsOfRole(template, ids.activationRole)).toEqual([
          {
            Sid: 'WriteOwnLogs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: {
              'Fn::GetAtt': [expect.stringMatching(/^ActiveRuleSetHandlerLogs/), 'Arn'],
            },
          },
          {
            Sid: 'ActivateReceiptRuleSet',
            Effect: 'Allow',
            Action: [...ACTIVATION_ACTIONS],
            Resource: '*',
          },
        ]);
        expect(ACTIVATION_ACTIONS).toEqual([
          'ses:DescribeActiveReceiptRuleSet',
          'ses:SetActiveReceiptRuleSet',
        ]);
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
        'only the From domain with -c inboundIdentity=existing (the domain is an identity already)',
        { inboundIdentity: 'existing' },
        ['example.com'],
      ],
      [
        'nothing at all with both identities existing',
        { inboundIdentity: 'existing', fromIdentity: 'existing' },
        [],
      ],
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
    it('runs dispatch at every fifth minute of the clock, one run per due-work shard', () => {
      template.resourceCountIs('AWS::Events::Rule', 1);
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'cron(0/5 * * * ? *)',
        State: 'ENABLED',
        Targets: Array.from({ length: DUE_SHARDS }, (_, shard) =>
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [ids.dispatch, 'Arn'] },
            Input: JSON.stringify({ shard }),
          }),
        ),
      });
      template.hasResourceProperties('AWS::Lambda::Permission', {
        FunctionName: { 'Fn::GetAtt': [ids.dispatch, 'Arn'] },
        Principal: 'events.amazonaws.com',
      });
    });
  });

  describe('dead-letter queues', () => {
    it('three encrypted queues that refuse plain HTTP', () => {
      template.resourceCountIs('AWS::SQS::Queue', 3);
      for (const queue of Object.values(template.findResources('AWS::SQS::Queue'))) {
        expect(queue.Properties).toEqual({
          MessageRetentionPeriod: 1_209_600,
          SqsManagedSseEnabled: true,
        });
      }
      for (const id of [ids.ingestDlq, ids.dispatchDlq, logicalId(built.stateless.feedbackDlq)]) {
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
      // The third, ses-feedback's, is pinned in delivery-feedback.test.ts.
      template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 3);
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
    const alarm = (metric: Record<string, unknown>) =>
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...metric,
        AlarmActions: [{ Ref: ids.alarmTopic }],
      });

    it('eight alarms, all to the one alarm topic', () => {
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
      expect(alarms).toHaveLength(8);
      for (const a of alarms) expect(a.Properties.AlarmActions).toEqual([{ Ref: ids.alarmTopic }]);
    });

    it('when a dispatcher run stops because the SES daily quota is used (its log line)', () => {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: '{ ($.message = "sends deferred") && ($.reason = "quota") }',
        LogGroupName: { Ref: logicalId(built.stateless.dispatch.logGroup) },
        MetricTransformations: [
          { MetricNamespace: 'Tend', MetricName: 'SendsDeferredByQuota', MetricValue: '1' },
        ],
      });
      alarm({
        Namespace: 'Tend',
        MetricName: 'SendsDeferredByQuota',
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
      });
    });

    it('on 5 or more server errors of the web app in 5 minutes', () => {
      alarm({
        Namespace: 'AWS/Lambda',
        MetricName: 'Url5xxCount',
        Dimensions: [
          { Name: 'FunctionName', Value: { Ref: logicalId(built.stateless.web.function) } },
        ],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 5,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
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

    it('on any message in a dead-letter queue', () => {
      for (const id of [ids.ingestDlq, ids.dispatchDlq, logicalId(built.stateless.feedbackDlq)]) {
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
      const alarmSubscriptions = (t: Template) =>
        Object.values(
          t.findResources('AWS::SNS::Subscription', {
            Properties: { TopicArn: { Ref: ids.alarmTopic } },
          }),
        ).map((r) => r.Properties);
      expect(alarmSubscriptions(template)).toEqual([]);
      const withEmail = templates(
        buildApp({ ...BASE_CONTEXT, alarmEmail: 'ops@example.com' }),
      ).stateless;
      expect(alarmSubscriptions(withEmail)).toEqual([
        { Protocol: 'email', TopicArn: { Ref: ids.alarmTopic }, Endpoint: 'ops@example.com' },
      ]);
    });

    it('the topic lets CloudWatch alarms of this account publish, and refuses plain HTTP', () => {
      const [policy, ...others] = Object.values(
        template.findResources('AWS::SNS::TopicPolicy', {
          Properties: { Topics: [{ Ref: ids.alarmTopic }] },
        }),
      );
      expect(others).toEqual([]);
      expect(policy?.Properties.PolicyDocument.Statement).toEqual([
        {
          Sid: 'AllowPublishThroughSSLOnly',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: { Ref: ids.alarmTopic },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Sid: 'AllowCloudWatchAlarms',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: { Ref: ids.alarmTopic },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': accountArn('cloudwatch', 'alarm:*') },
          },
        },
      ]);
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

    it('the CLI line that points tend at this deployment, the web app included', () => {
      const WEB_URL_ID = logicalId(built.stateless.webUrl);
      const out = template.findOutputs('CliCommand')['CliCommand'];
      const parts = (out?.Value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      const line = parts
        .map((p) => {
          if (typeof p === 'string') return p;
          const ref = p as {
            Ref?: string;
            'Fn::ImportValue'?: string;
            'Fn::GetAtt'?: [string, string];
          };
          if (ref['Fn::GetAtt']) return `<${ref['Fn::GetAtt'].join('.')}>`;
          return ref.Ref ? `<${ref.Ref}>` : `<${ref['Fn::ImportValue']}>`;
        })
        .join('');
      expect(line).toBe(
        'TEND_TARGET=aws AWS_REGION=<AWS::Region> TEND_TABLE=<TendStateful:TableName> TEND_BUCKET=<TendStateful:BucketName> ' +
          `TEND_TOKEN_SECRET_PARAM=${PARAM_NAME} TEND_INBOUND_DOMAIN=in.example.com TEND_FROM=tend@example.com ` +
          `TEND_WEB_URL=<${WEB_URL_ID}.FunctionUrl> npx tend users list`,
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

describe('the web app (SPEC 7, 8: served by a function URL)', () => {
  let built: BuiltApp;
  let template: Template;
  let ids: Record<'web' | 'webRole' | 'webUrl' | 'ingest' | 'dispatch', string>;

  beforeAll(async () => {
    built = buildApp();
    template = (await sharedTemplates()).stateless;
    const s = built.stateless;
    ids = {
      web: logicalId(s.web.function),
      webRole: logicalId(s.web.role),
      webUrl: logicalId(s.webUrl),
      ingest: logicalId(s.ingest.function),
      dispatch: logicalId(s.dispatch.function),
    };
  }, SYNTH_TIMEOUT_MS);

  const fn = (id: string) => template.findResources('AWS::Lambda::Function')[id];
  const webUrl = () => ({ 'Fn::GetAtt': [ids.webUrl, 'FunctionUrl'] });

  it('is functions/web on nodejs22.x, arm64, 1 GB, 30 s, from the ESM bundle', () => {
    expect(fn(ids.web)?.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1024,
      Timeout: 30,
    });
  });

  it('has a function URL open to browsers (AuthType NONE), without CORS', () => {
    template.resourceCountIs('AWS::Lambda::Url', 1);
    expect(template.findResources('AWS::Lambda::Url')[ids.webUrl]?.Properties).toEqual({
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [ids.web, 'Arn'] },
    });
  });

  it('may be invoked by anyone only through that URL', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'))
      .map((p) => p.Properties as Record<string, unknown>)
      .filter(
        (p) =>
          JSON.stringify(p.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [ids.web, 'Arn'] }),
      );
    expect(permissions).toEqual(
      expect.arrayContaining([
        {
          Action: 'lambda:InvokeFunctionUrl',
          FunctionName: { 'Fn::GetAtt': [ids.web, 'Arn'] },
          FunctionUrlAuthType: 'NONE',
          Principal: '*',
        },
        {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [ids.web, 'Arn'] },
          InvokedViaFunctionUrl: true,
          Principal: '*',
        },
      ]),
    );
    expect(permissions).toHaveLength(2);
  });

  it('outputs the URL to open', () => {
    template.hasOutput('WebUrl', {
      Value: webUrl(),
      Description: Match.stringLikeRegexp('login@in\\.example\\.com'),
    });
  });

  it.each(['ingest', 'dispatch'] as const)('%s links to it (TEND_WEB_URL)', (name) => {
    expect(fn(ids[name])?.Properties.Environment.Variables.TEND_WEB_URL).toEqual(webUrl());
  });

  it('needs neither ingest nor dispatch (no cycle): the environment shared/config.ts reads, no more', () => {
    expect(fn(ids.web)?.Properties.Environment).toEqual({ Variables: BASE_ENVIRONMENT });
    const json = JSON.stringify(fn(ids.web));
    expect(json).not.toContain(ids.ingest);
    expect(json).not.toContain(ids.dispatch);
  });

  it('writes to its own log group, kept a month', () => {
    const logGroup = (fn(ids.web)?.Properties.LoggingConfig as { LogGroup: { Ref: string } })
      .LogGroup.Ref;
    expect(logGroup).toMatch(/^WebLogs/);
    expect(template.findResources('AWS::Logs::LogGroup')[logGroup]?.Properties).toEqual({
      RetentionInDays: 30,
    });
  });

  it('may write its logs, use the table and its due index, and read the secret (action links): no S3, no sending', () => {
    expect(statementsOfRole(template, ids.webRole)).toEqual([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^WebLogs/), 'Arn'] },
      },
      {
        Sid: 'UseTable',
        Effect: 'Allow',
        Action: [...WEB_TABLE_ACTIONS],
        Resource: imported('TableArn'),
      },
      {
        Sid: 'QueryDueIndex',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::Join': ['', [imported('TableArn'), '/index/gsi1']] },
      },
      {
        Sid: 'QueryContactLists',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: ['gsi2', 'gsi3'].map((index) => ({
          'Fn::Join': ['', [imported('TableArn'), `/index/${index}`]],
        })),
      },
      READ_SECRET_STATEMENT,
    ]);
  });

  it('starts only after the token secret exists', () => {
    expect(fn(ids.web)?.DependsOn).toEqual(
      expect.arrayContaining([logicalId(built.stateless.tokenSecret.resource)]),
    );
  });

  it('pins the web app’s table actions: no Scan, no wildcard', () => {
    expect(WEB_TABLE_ACTIONS).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(WEB_INDEX_ACTIONS).toEqual(['dynamodb:Query']);
  });
});
