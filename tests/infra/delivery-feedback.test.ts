import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ENTRIES } from '../../infra/bundling';
import { FEEDBACK_TABLE_ACTIONS } from '../../infra/permissions';
import { SesMailer } from '../../shared/adapters/ses/ses-mailer';
import { createApp } from '../../shared/app';
import { parseConfig } from '../../shared/config';
import {
  accountArn,
  buildApp,
  logicalId,
  statementsOfRole,
  SYNTH_TIMEOUT_MS,
  sharedTemplates,
} from './support';

describe('bounces and complaints of Tend’s own email reach ses-feedback (SPEC 7)', () => {
  let template: Template;
  let ids: Record<
    'configurationSet' | 'topic' | 'handler' | 'role' | 'dlq' | 'ingest' | 'topicPolicy',
    string
  >;
  beforeAll(async () => {
    const s = buildApp().stateless;
    ids = {
      configurationSet: logicalId(s.feedback.configurationSet),
      topic: logicalId(s.feedback.topic),
      handler: logicalId(s.feedback.handler.function),
      role: logicalId(s.feedback.handler.role),
      dlq: logicalId(s.feedbackDlq),
      ingest: logicalId(s.ingest.function),
      topicPolicy: logicalId(s.feedback.topic.node.findChild('Policy')),
    };
    template = (await sharedTemplates()).stateless;
  }, SYNTH_TIMEOUT_MS);

  const resource = (id: string) => template.toJSON().Resources[id] as Record<string, unknown>;

  it('one configuration set, whose event destination sends bounces and complaints to the topic', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
    const [destination] = Object.values(
      template.findResources('AWS::SES::ConfigurationSetEventDestination'),
    );
    expect(destination?.Properties).toEqual({
      ConfigurationSetName: { Ref: ids.configurationSet },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: ids.topic } },
      },
    });
    // SES checks it may publish when the destination is created.
    expect(destination?.DependsOn).toEqual([ids.topicPolicy]);
  });

  it('only SES, for this configuration set of this account, may publish to the topic, over TLS', () => {
    expect(resource(ids.topicPolicy)).toMatchObject({
      Properties: {
        Topics: [{ Ref: ids.topic }],
        PolicyDocument: {
          Statement: [
            {
              Sid: 'AllowPublishThroughSSLOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sns:Publish',
              Resource: { Ref: ids.topic },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
            {
              Effect: 'Allow',
              Principal: { Service: 'ses.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: { Ref: ids.topic },
              Condition: {
                StringEquals: {
                  'AWS:SourceAccount': { Ref: 'AWS::AccountId' },
                  'AWS:SourceArn': accountArn('ses', 'configuration-set/', {
                    Ref: ids.configurationSet,
                  }),
                },
              },
            },
          ],
        },
      },
    });
  });

  it('the topic invokes the ses-feedback function, and only that topic may', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: ids.topic },
      Endpoint: { 'Fn::GetAtt': [ids.handler, 'Arn'] },
    });
    const permissions = template.findResources('AWS::Lambda::Permission', {
      Properties: { FunctionName: { 'Fn::GetAtt': [ids.handler, 'Arn'] } },
    });
    expect(Object.values(permissions).map((p) => p.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [ids.handler, 'Arn'] },
        Principal: 'sns.amazonaws.com',
        SourceArn: { Ref: ids.topic },
      },
    ]);
  });

  it('the function is functions/ses-feedback, with the environment ingest has less the configuration set and the web URL', () => {
    expect(FUNCTION_ENTRIES.sesFeedback).toBe('functions/ses-feedback/handler.ts');
    const functions = template.findResources('AWS::Lambda::Function');
    const own = functions[ids.handler]?.Properties;
    expect(own).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    const { TEND_CONFIGURATION_SET, TEND_WEB_URL, ...ingestRest } = functions[ids.ingest]
      ?.Properties.Environment.Variables as Record<string, unknown>;
    expect(TEND_CONFIGURATION_SET).toEqual({ Ref: ids.configurationSet });
    // It sends nothing, so it links to nothing.
    expect(TEND_WEB_URL).toEqual({ 'Fn::GetAtt': [expect.any(String), 'FunctionUrl'] });
    expect(own?.Environment).toEqual({ Variables: ingestRest });
  });

  it('retries twice, then parks the notification in its dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ids.handler },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21_600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } } },
    });
  });

  it('may write its logs, park a failure, and read and save users: no sending, no S3, no secret', () => {
    expect(statementsOfRole(template, ids.role)).toEqual([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^FeedbackHandlerLogs/), 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Resource: { 'Fn::GetAtt': [ids.dlq, 'Arn'] },
      },
      {
        Sid: 'UseTable',
        Effect: 'Allow',
        Action: [...FEEDBACK_TABLE_ACTIONS],
        Resource: { 'Fn::ImportValue': 'TendStateful:TableArn' },
      },
    ]);
    expect(FEEDBACK_TABLE_ACTIONS).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });
});

describe('Tend’s sends go through the configuration set', () => {
  // aws-ses-v2-local accepts and ignores ConfigurationSetName: what is sent is checked here.
  const ses = mockClient(SESv2Client);
  afterEach(() => ses.reset());
  const message = { from: 'tend@example.com', to: 'ada@example.org', raw: Buffer.from('x') };

  it('names the configuration set on every send when given one', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await new SesMailer(new SESv2Client({ region: 'us-east-1' }), 'tend-set').sendRaw(message);
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toMatchObject({
      FromEmailAddress: 'tend@example.com',
      ConfigurationSetName: 'tend-set',
    });
  });

  it('names none without one (the local stack)', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await new SesMailer(new SESv2Client({ region: 'us-east-1' })).sendRaw(message);
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).not.toHaveProperty(
      'ConfigurationSetName',
    );
  });

  it("the app sends through its config's TEND_CONFIGURATION_SET, reading no environment itself", async () => {
    process.env.AWS_REGION ??= 'us-east-1';
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const app = createApp(
      parseConfig({
        TEND_TOKEN_SECRET: 'delivery-feedback-test-secret',
        TEND_CONFIGURATION_SET: 'TendStateless-Feedback-abc',
      }),
    );
    await app.mailer.sendRaw(message);
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.ConfigurationSetName).toBe(
      'TendStateless-Feedback-abc',
    );
  });
});
