import { Duration } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../nag';
import { TendFunction } from './tend-function';

/** The SES events Tend acts on: a bounce (hard ones stop email) and a complaint. */
export const FEEDBACK_EVENTS = [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT];

export interface DeliveryFeedbackProps {
  /** What shared/config.ts reads (the function needs the table; it sends nothing). */
  readonly environment: Record<string, string>;
  /** Deliveries that still fail after Lambda's retries land here. */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * Bounces and complaints of Tend's own emails (SPEC 7): every send goes through this
 * configuration set, whose event destination publishes bounces and complaints to an SNS topic,
 * to which functions/ses-feedback is subscribed. That function stops email to the user.
 */
export class DeliveryFeedback extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly topic: sns.Topic;
  readonly handler: TendFunction;

  constructor(scope: Construct, id: string, props: DeliveryFeedbackProps) {
    super(scope, id);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet');
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Tend bounces and complaints',
      enforceSSL: true,
    });
    acknowledgeNag(
      this.topic,
      'SNS2',
      'SES notifications carry the bounced address and a diagnostic, nothing of the email itself. Encrypting the topic needs a customer-managed KMS key ($1/month) whose policy admits SES; the aws/sns key does not.',
    );
    // Also gives SES sns:Publish on the topic, for this configuration set only (SourceArn).
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: FEEDBACK_EVENTS,
    });

    this.handler = new TendFunction(this, 'Handler', {
      entry: 'sesFeedback',
      description: 'Tend: records bounces and complaints, and stops emailing the user (SNS)',
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: props.environment,
      onFailure: props.deadLetterQueue,
      // Recording is idempotent (a stopped user stays stopped), so retrying is safe.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    this.topic.addSubscription(new subscriptions.LambdaSubscription(this.handler.function));
  }
}
