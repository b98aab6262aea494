import { Aws, type Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../nag';

export interface TendAlarmsProps {
  readonly ingest: lambda.IFunction;
  readonly dispatch: lambda.IFunction;
  /** The dispatcher's log group: a run that stops for the SES daily quota says so there. */
  readonly dispatchLogs: logs.ILogGroup;
  /** The web app behind its function URL: server errors alarm. */
  readonly web: lambda.IFunction;
  readonly ingestDlq: sqs.IQueue;
  readonly dispatchDlq: sqs.IQueue;
  readonly feedbackDlq: sqs.IQueue;
  /** The dispatcher's schedule; its failed deliveries alarm too. */
  readonly schedule: events.IRule;
  readonly dispatchInterval: Duration;
  /** Subscribed to the topic by email when given. */
  readonly alarmEmail?: string;
}

/**
 * What needs a human: an email that could not be processed, a dispatcher that fails or
 * cannot be invoked, a web app answering with server errors, anything parked in a dead-letter
 * queue. All go to one SNS topic.
 */
export class TendAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: TendAlarmsProps) {
    super(scope, id);

    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Tend alarms', enforceSSL: true });
    acknowledgeNag(
      this.topic,
      'SNS2',
      'Alarm notifications carry alarm names and metrics, no user data. Encrypting the topic needs a customer-managed KMS key ($1/month) whose policy admits CloudWatch; the aws/sns key does not.',
    );
    // CloudWatch publishes alarm notifications as a service; the topic's policy must let it (the
    // enforceSSL Deny alone allows nothing), and only for this account's alarms.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    if (props.alarmEmail !== undefined) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    const notify = new cwActions.SnsAction(this.topic);
    // The dispatch interval, so one failed run is one breaching datapoint.
    const period = props.dispatchInterval;

    const add = (alarmId: string, props: cloudwatch.AlarmProps): void => {
      const alarm = new cloudwatch.Alarm(this, alarmId, props);
      alarm.addAlarmAction(notify);
      this.alarms.push(alarm);
    };

    add('IngestErrors', {
      alarmDescription:
        'Tend ingest failed on an email (it is retried; the raw mail stays in S3 for `tend reprocess`).',
      metric: props.ingest.metricErrors({ period, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    add('DispatchFailures', {
      alarmDescription:
        'Tend dispatcher failed on two consecutive runs: prompts and digests are not going out.',
      metric: props.dispatch.metricErrors({ period, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    add('DispatchScheduleFailures', {
      alarmDescription:
        'EventBridge could not invoke the Tend dispatcher: prompts and digests are not going out.',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensionsMap: { RuleName: props.schedule.ruleName },
        period,
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // shared/use-cases/dispatch-run.ts logs 'sends deferred' with reason 'quota' once per run
    // that stopped because the day's SES quota is used: what is due waits, unsent.
    const deferred = new logs.MetricFilter(this, 'SendsDeferredByQuotaFilter', {
      logGroup: props.dispatchLogs,
      filterPattern: logs.FilterPattern.all(
        logs.FilterPattern.stringValue('$.message', '=', 'sends deferred'),
        logs.FilterPattern.stringValue('$.reason', '=', 'quota'),
      ),
      metricNamespace: 'Tend',
      metricName: 'SendsDeferredByQuota',
      metricValue: '1',
    });
    add('SendsDeferredByQuota', {
      alarmDescription:
        'Tend stopped sending: the SES daily sending quota is used. Prompts and digests wait (a digest more than 24 h late is skipped); request a higher quota (`tend doctor` shows it).',
      metric: deferred.metric({ period, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    add('WebServerErrors', {
      alarmDescription:
        'The Tend web app answered 5 or more requests with a server error in 5 minutes.',
      // Url5xxCount: the function URL's own count of 5xx answers, whether the app returned them
      // or the function failed. A few are a bad deploy or an outage, not a stray request.
      metric: props.web.metric('Url5xxCount', { period, statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const [alarmId, queue, what] of [
      ['IngestDlqDepth', props.ingestDlq, 'emails that failed every retry'],
      ['DispatchDlqDepth', props.dispatchDlq, 'dispatcher runs that failed'],
      ['FeedbackDlqDepth', props.feedbackDlq, 'bounces or complaints that could not be recorded'],
    ] as const) {
      add(alarmId, {
        alarmDescription: `Tend dead-letter queue holds ${what}.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
  }
}
