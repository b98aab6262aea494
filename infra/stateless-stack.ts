import {
  Annotations,
  ArnFormat,
  Aws,
  CfnOutput,
  Duration,
  Fn,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DeployConfig } from './config';
import { ActiveReceiptRuleSet } from './constructs/active-receipt-rule-set';
import { DeliveryFeedback } from './constructs/delivery-feedback';
import { TendAlarms } from './constructs/tend-alarms';
import { TendFunction } from './constructs/tend-function';
import { TokenSecret } from './constructs/token-secret';
import { WebDomain } from './constructs/web-domain';
import {
  DISPATCH_INDEX_ACTIONS,
  DISPATCH_TABLE_ACTIONS,
  FEEDBACK_TABLE_ACTIONS,
  INGEST_INDEX_ACTIONS,
  INGEST_TABLE_ACTIONS,
  SEND_EMAIL_ACTIONS,
  WEB_INDEX_ACTIONS,
  WEB_TABLE_ACTIONS,
} from './permissions';
import { acknowledgeGuard } from './guard';
import { acknowledgeNag } from './nag';
import { refuseRegionsWithoutReceiving } from './ses-receiving-regions';
import { INBOUND_PREFIX, type TendDataRefs } from './stateful-stack';
import { DISPATCH_INTERVAL_MINUTES } from '../shared/domain/limits';
import { DUE_SHARDS, TABLE_KEYS } from '../shared/keys';

/** SPEC 3: the dispatcher runs every 5 minutes; a prompt is at most this late. */
export const DISPATCH_INTERVAL = Duration.minutes(DISPATCH_INTERVAL_MINUTES);
/**
 * A dispatcher run stops claiming at the next tick (shared/use-cases/dispatch-run.ts) and finishes
 * what it holds within STOP_CLAIMING_MS; this minute more is a margin Lambda never reaches.
 */
export const DISPATCH_TIMEOUT = Duration.minutes(DISPATCH_INTERVAL_MINUTES + 1);
/** EventBridge allows 5 targets a rule (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quotas.html). */
const TARGETS_PER_RULE = 5;

/**
 * Ingest concurrency cap, with -c reservedConcurrency=true (opt-in: a new account's quota is too
 * small to reserve any): a mail flood queues (async invocations wait up to 6 h) instead of
 * hammering the table.
 */
export const INGEST_RESERVED_CONCURRENCY = 5;
/**
 * The dispatcher, with the same flag: one run per due-work shard (a tick invokes one per shard at
 * once). Claims keep two runs of one shard from sending an item twice in any case.
 */
export const DISPATCH_RESERVED_CONCURRENCY = DUE_SHARDS;
/**
 * The web app, with the same flag: its function URL is public, so a flood of requests from
 * anyone is held to this many at a time (one person's browsing needs a few) and cannot use
 * the account's whole concurrency.
 */
export const WEB_RESERVED_CONCURRENCY = 10;

/**
 * The receipt rule's name. Named rather than generated because SES checks its invoke permission
 * when the rule is created, so the permission (whose SourceArn is the rule's ARN) comes first;
 * the name is unique within Tend's own rule set.
 */
export const INBOUND_RULE_NAME = 'tend-inbound';

/** Failed messages wait in a dead-letter queue this long (the SQS maximum) for a look and a redrive. */
const DLQ_RETENTION = Duration.days(14);

export interface TendStatelessStackProps extends StackProps {
  readonly config: DeployConfig;
  /** The table and bucket, imported from the stateful stack's exports. */
  readonly data: TendDataRefs;
}

/**
 * The functions and the wiring around them: SES receipt, the schedule, the token secret,
 * bounce and complaint feedback, dead-letter queues and alarms. Holds no data, so it can be
 * torn down and redeployed freely.
 */
export class TendStatelessStack extends Stack {
  readonly ingest: TendFunction;
  readonly dispatch: TendFunction;
  readonly web: TendFunction;
  /** The web app's public address (SPEC 7): its function URL. */
  readonly webUrl: lambda.FunctionUrl;
  /** SPEC 7: CloudFront on the user's own domain, when webDomain is given. */
  readonly webDomain: WebDomain | undefined;
  /** Where people open the web app: the custom domain when there is one, else the function URL. */
  readonly publicWebUrl: string;
  readonly tokenSecret: TokenSecret;
  readonly ruleSet: ses.ReceiptRuleSet;
  readonly ingestDlq: sqs.Queue;
  readonly dispatchDlq: sqs.Queue;
  readonly feedbackDlq: sqs.Queue;
  readonly feedback: DeliveryFeedback;
  readonly activation: ActiveReceiptRuleSet;
  readonly alarms: TendAlarms;

  constructor(scope: Construct, id: string, props: TendStatelessStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    refuseRegionsWithoutReceiving(this);

    this.tokenSecret = new TokenSecret(this, 'TokenSecret', {
      // Derived from the stack name rather than hard-coded; it outlives the stack (see TokenSecret).
      parameterName: `/${this.stackName}/reply-token-secret`,
    });

    this.ingestDlq = this.deadLetterQueue('IngestDlq');
    this.dispatchDlq = this.deadLetterQueue('DispatchDlq');
    this.feedbackDlq = this.deadLetterQueue('FeedbackDlq');

    // What shared/config.ts reads. The secret's value is never here: only the parameter's name.
    const base: Record<string, string> = {
      TEND_TABLE: data.tableName,
      TEND_BUCKET: data.bucketName,
      TEND_INBOUND_PREFIX: INBOUND_PREFIX,
      TEND_INBOUND_DOMAIN: config.inboundDomain,
      TEND_FROM: config.fromAddress,
      TEND_TOKEN_SECRET_PARAM: this.tokenSecret.parameterName,
    };
    this.feedback = new DeliveryFeedback(this, 'Feedback', {
      environment: base,
      deadLetterQueue: this.feedbackDlq,
    });

    // First: ingest and dispatch put its URL in the links they email; it needs neither of them.
    this.web = new TendFunction(this, 'Web', {
      entry: 'web',
      description: 'Tend: the web app, server-rendered pages (function URL)',
      // Each request waits on its cold start: more memory is more CPU to load the bundle and
      // render; a page is a handful of table reads.
      memorySize: 1024,
      // A page or a form is a few table calls; a browser should not wait longer than this.
      timeout: Duration.seconds(30),
      // The table and the token secret: it sends no email and reads no raw mail.
      environment: base,
      ...(config.reservedConcurrency
        ? { reservedConcurrentExecutions: WEB_RESERVED_CONCURRENCY }
        : {}),
    });
    this.webUrl = this.webFunctionUrl(this.web);
    this.webDomain =
      config.webDomain && config.webCertificateArn
        ? new WebDomain(this, 'WebDomain', {
            domainName: config.webDomain,
            certificateArn: config.webCertificateArn,
            functionUrl: this.webUrl,
          })
        : undefined;
    this.publicWebUrl = this.webDomain?.url ?? this.webUrl.url;
    // Behind CloudFront, forms come from the domain's origin: the CSRF check must know it. (A
    // plain string: no cycle, unlike the function URL's own address.)
    if (this.webDomain) this.web.function.addEnvironment('TEND_WEB_URL', this.webDomain.url);

    // The functions that send: through the configuration set, so bounces come back, with the
    // web app's address for sign-in links (ingest answers login@) and action links (dispatch).
    const environment: Record<string, string> = {
      ...base,
      TEND_CONFIGURATION_SET: this.feedback.configurationSet.configurationSetName,
      TEND_WEB_URL: this.publicWebUrl,
    };

    this.ingest = new TendFunction(this, 'Ingest', {
      entry: 'ingest',
      description: 'Tend: logs a BCC/forwarded email or applies a reply (SES receipt rule)',
      // mailparser holds the whole message; more memory is also more CPU for the parse.
      memorySize: 1024,
      timeout: Duration.seconds(60),
      environment,
      ...(config.reservedConcurrency
        ? { reservedConcurrentExecutions: INGEST_RESERVED_CONCURRENCY }
        : {}),
      onFailure: this.ingestDlq,
      // Retrying is safe (SPEC 2.8: exactly once), and the raw mail stays in S3 meanwhile.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });

    this.dispatch = new TendFunction(this, 'Dispatch', {
      entry: 'dispatch',
      description: 'Tend: sends due thank-you prompts and digests (every 5 minutes, per shard)',
      // A busy run renders and sends 8 emails at once at up to a quarter of the account's rate:
      // more memory is more CPU for the MIME builder.
      memorySize: 1024,
      timeout: DISPATCH_TIMEOUT,
      environment,
      ...(config.reservedConcurrency
        ? { reservedConcurrentExecutions: DISPATCH_RESERVED_CONCURRENCY }
        : {}),
      onFailure: this.dispatchDlq,
      // The next tick picks up whatever this one left (claims expire), so a retry adds nothing.
      retryAttempts: 0,
      maxEventAge: DISPATCH_INTERVAL,
    });

    this.grantTable(this.ingest, data, INGEST_TABLE_ACTIONS, INGEST_INDEX_ACTIONS);
    this.grantTable(this.dispatch, data, DISPATCH_TABLE_ACTIONS, DISPATCH_INDEX_ACTIONS);
    this.grantTable(this.feedback.handler, data, FEEDBACK_TABLE_ACTIONS, []);
    this.grantTable(this.web, data, WEB_TABLE_ACTIONS, WEB_INDEX_ACTIONS);
    // The Contacts page reads its two indexes (by last contact, by next due): the web app only.
    this.web.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'QueryContactLists',
        actions: [...WEB_INDEX_ACTIONS],
        resources: [TABLE_KEYS.gsi2.name, TABLE_KEYS.gsi3.name].map(
          (index) => `${data.tableArn}/index/${index}`,
        ),
      }),
    );
    this.ingest.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadInboundMail',
        actions: ['s3:GetObject'],
        resources: [`${data.bucketArn}/${INBOUND_PREFIX}*`],
      }),
    );
    for (const fn of [this.ingest, this.dispatch]) {
      this.grantSend(fn, config.fromAddress, this.feedback.configurationSet);
    }
    // The dispatcher paces itself to the account's SES rate and quota (SendingLimits).
    this.dispatch.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadSendQuota',
        actions: ['ses:GetAccount'],
        // GetAccount names no resource: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html
        resources: ['*'],
      }),
    );
    acknowledgeNag(
      this.dispatch.role,
      'IAM5[Resource::*]',
      'ses:GetAccount (the send rate and quota the dispatcher paces itself to) has no resource-level permissions; it reads, and only the account settings.',
    );
    // The web app verifies action links (SPEC 8) with the same secret the emails were signed with.
    for (const fn of [this.ingest, this.dispatch, this.web]) {
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'ReadTokenSecret',
          // The aws/ssm key's policy lets this account's principals decrypt through SSM, so
          // GetParameter WithDecryption needs no kms statement.
          actions: ['ssm:GetParameter'],
          resources: [this.tokenSecret.parameterArn],
        }),
      );
      // The secret exists before anything can invoke the function.
      fn.function.node.addDependency(this.tokenSecret.resource);
    }
    acknowledgeNag(
      this.ingest.role,
      `IAM5[Resource::${data.bucketArnExportName}/${INBOUND_PREFIX}*]`,
      'Ingest reads raw mail objects whose keys are the SES message ids, known only at receipt; the grant stops at the inbound/ prefix.',
    );

    const { ruleSet, rule } = this.receiptRules(config, data);
    this.ruleSet = ruleSet;
    this.activation = new ActiveReceiptRuleSet(this, 'ActiveRuleSet', {
      ruleSet,
      rule,
      replaceActive: config.replaceActiveRuleSet,
    });

    // SPEC 3, scale: the fan-out is EventBridge's own, one target per due-work shard, each run
    // paced to its share of the SES rate. On the clock's 5 minutes (a cron, not a rate: a rate
    // starts whenever the rule was made), so an 08:00 slot is picked up at 08:00.
    if (DUE_SHARDS > TARGETS_PER_RULE)
      throw new Error(`${DUE_SHARDS} due-work shards need more than one schedule rule`);
    const schedule = new events.Rule(this, 'DispatchSchedule', {
      description: 'Tend: runs the dispatcher, one run per due-work shard',
      schedule: events.Schedule.cron({ minute: `0/${DISPATCH_INTERVAL_MINUTES}` }),
      targets: Array.from(
        { length: DUE_SHARDS },
        (_, shard) =>
          new targets.LambdaFunction(this.dispatch.function, {
            event: events.RuleTargetInput.fromObject({ shard }),
            retryAttempts: 2,
            maxEventAge: DISPATCH_INTERVAL,
          }),
      ),
    });

    this.identities(config);

    this.alarms = new TendAlarms(this, 'Alarms', {
      ingest: this.ingest.function,
      dispatch: this.dispatch.function,
      dispatchLogs: this.dispatch.logGroup,
      web: this.web.function,
      ingestDlq: this.ingestDlq,
      dispatchDlq: this.dispatchDlq,
      feedbackDlq: this.feedbackDlq,
      schedule,
      dispatchInterval: DISPATCH_INTERVAL,
      ...(config.alarmEmail === undefined ? {} : { alarmEmail: config.alarmEmail }),
    });

    this.outputs(config, data);
  }

  private deadLetterQueue(id: string): sqs.Queue {
    const queue = new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DLQ_RETENTION,
    });
    acknowledgeNag(
      queue,
      'SQS3',
      'This queue is itself the dead-letter queue (Lambda on-failure destination); its depth has an alarm.',
    );
    acknowledgeGuard(
      queue,
      'sqs_dlq_check',
      'This queue is itself the dead-letter queue (Lambda on-failure destination); its depth has an alarm.',
    );
    return queue;
  }

  /**
   * SPEC 7: the web app is served by a function URL open to anyone (AuthType NONE): a browser
   * cannot sign requests with IAM. The app authenticates itself: sign-in by a one-time emailed
   * link, an HttpOnly Secure session cookie, a CSRF token in every form and the Origin check.
   * No CORS: every form posts to its own origin. Hono builds the request URL from the function
   * URL's domain over https, so the cookies are Secure.
   */
  private webFunctionUrl(web: TendFunction): lambda.FunctionUrl {
    const url = web.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    acknowledgeGuard(
      url,
      'lambda_function_url_auth_check',
      'The web app is for browsers, which cannot sign requests with IAM (SPEC 7: served by a function URL); it signs users in itself with emailed one-time links, HttpOnly Secure session cookies and a CSRF token in every form.',
    );
    // The two permissions CDK adds for AuthType NONE: lambda:InvokeFunctionUrl for anyone, and
    // lambda:InvokeFunction for anyone but only through the function URL (InvokedViaFunctionUrl).
    for (const id of ['invoke-function-url', 'invoke-function']) {
      acknowledgeGuard(
        web.function.permissionsNode.findChild(id),
        'lambda_function_public_access_prohibited_check',
        'The web app is public by design (a function URL with AuthType NONE, for browsers); no SourceAccount or SourceArn can name an anonymous visitor. The invoke permission holds only through the function URL, and the app signs users in itself (emailed one-time links, sessions, CSRF).',
      );
    }
    return url;
  }

  private grantTable(
    fn: TendFunction,
    data: TendDataRefs,
    tableActions: readonly string[],
    indexActions: readonly string[],
  ): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'UseTable',
        actions: [...tableActions],
        resources: [data.tableArn],
      }),
    );
    if (indexActions.length > 0) {
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'QueryDueIndex',
          actions: [...indexActions],
          resources: [`${data.tableArn}/index/${TABLE_KEYS.gsi1.name}`],
        }),
      );
    }
  }

  /**
   * Sending is limited by the From address, not by identity ARN: SES also authorizes a send
   * against the recipient's identity while the account is in the sandbox, and a one-person
   * deployment can stay there for good (it only ever emails its own, verified, user). A send
   * that names a configuration set is authorized against that set too.
   */
  private grantSend(
    fn: TendFunction,
    fromAddress: string,
    configurationSet: ses.IConfigurationSet,
  ): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SendAsTend',
        actions: [...SEND_EMAIL_ACTIONS],
        resources: [
          `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/*`,
          this.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: configurationSet.configurationSetName,
          }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': fromAddress } },
      }),
    );
    acknowledgeNag(
      fn.role,
      'IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
      'Only the From address is fixed (ses:FromAddress condition); in the SES sandbox the send is also checked against each recipient identity, which is not known at deploy time.',
    );
  }

  /** SPEC 2: every address at the inbound domain, raw MIME to S3 first, then the ingest function. */
  private receiptRules(
    config: DeployConfig,
    data: TendDataRefs,
  ): { ruleSet: ses.ReceiptRuleSet; rule: ses.ReceiptRule } {
    const ruleSet = new ses.ReceiptRuleSet(this, 'InboundRules');
    // SES may invoke ingest for this rule only. Added under the id the Lambda action looks for
    // ('AllowSes'), so the action uses it (and makes the rule wait for it) instead of adding its
    // own, which would name the account but not the rule.
    this.ingest.function.addPermission('AllowSes', {
      action: 'lambda:InvokeFunction',
      principal: new iam.ServicePrincipal('ses.amazonaws.com'),
      sourceAccount: Aws.ACCOUNT_ID,
      sourceArn: this.formatArn({
        service: 'ses',
        resource: 'receipt-rule-set',
        resourceName: `${ruleSet.receiptRuleSetName}:receipt-rule/${INBOUND_RULE_NAME}`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    });
    acknowledgeGuard(
      this.ingest.function.permissionsNode.findChild('AllowSes'),
      'lambda_function_public_access_prohibited_check',
      'The permission names the account (SourceAccount, the AWS::AccountId pseudo parameter) and the receipt rule (SourceArn, built with Fn::Join); the rule accepts only literal strings for both.',
    );
    // An imported bucket, so the S3 action adds no grant of its own: the stateful stack's
    // bucket policy is the one statement that lets SES write under the prefix.
    const rawMail = s3.Bucket.fromBucketAttributes(this, 'RawMail', {
      bucketArn: data.bucketArn,
      bucketName: data.bucketName,
    });
    const rule = ruleSet.addRule('Tend', {
      receiptRuleName: INBOUND_RULE_NAME,
      recipients: [config.inboundDomain],
      scanEnabled: true,
      // Mail reaches Tend from the user's own provider (Gmail, Outlook...), which all use TLS.
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        new sesActions.S3({ bucket: rawMail, objectKeyPrefix: INBOUND_PREFIX }),
        new sesActions.Lambda({
          function: this.ingest.function,
          invocationType: sesActions.LambdaInvocationType.EVENT,
        }),
      ],
    });
    Annotations.of(rule).acknowledgeWarning(
      '@aws-cdk/s3:AddBucketPermissions',
      'The stateful stack grants SES s3:PutObject under inbound/ in the bucket policy.',
    );
    return { ruleSet, rule };
  }

  /** SES identities: the inbound domain (SES receives only for verified domains) and the From address. */
  private identities(config: DeployConfig): void {
    const fromDomain = config.fromAddress.split('@')[1] ?? '';
    if (config.inboundIdentity === 'domain') {
      const inbound = new ses.EmailIdentity(this, 'InboundDomainIdentity', {
        identity: ses.Identity.domain(config.inboundDomain),
      });
      this.dkimOutputs('InboundDomain', inbound);
    }
    if (config.fromIdentity === 'domain' && fromDomain !== config.inboundDomain) {
      const from = new ses.EmailIdentity(this, 'FromDomainIdentity', {
        identity: ses.Identity.domain(fromDomain),
      });
      this.dkimOutputs('FromDomain', from);
    } else if (config.fromIdentity === 'address') {
      new ses.EmailIdentity(this, 'FromAddressIdentity', {
        identity: ses.Identity.email(config.fromAddress),
      });
    }
  }

  private dkimOutputs(prefix: string, identity: ses.EmailIdentity): void {
    identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `${prefix}Dkim${i + 1}`, {
        description: `DNS CNAME to add for SES DKIM (${prefix})`,
        value: Fn.join(' ', [record.name, 'CNAME', record.value]),
      });
    });
  }

  private outputs(config: DeployConfig, data: TendDataRefs): void {
    new CfnOutput(this, 'WebUrl', {
      description: `The web app. To sign in, email login@${config.inboundDomain} (or reply "login" to a Tend email) and open the link Tend sends back`,
      value: this.publicWebUrl,
    });
    if (this.webDomain)
      new CfnOutput(this, 'WebDomainRecord', {
        description: `DNS record to add for ${config.webDomain}: it points the domain at CloudFront`,
        value: Fn.join(' ', [
          config.webDomain!,
          'CNAME',
          this.webDomain.distribution.distributionDomainName,
        ]),
      });
    new CfnOutput(this, 'LogAddress', {
      description: 'BCC or forward to this address to log an email',
      value: `log@${config.inboundDomain}`,
    });
    new CfnOutput(this, 'MxRecord', {
      description: `MX record to add for ${config.inboundDomain}`,
      value: Fn.join('', [
        `${config.inboundDomain} MX 10 inbound-smtp.`,
        Aws.REGION,
        '.amazonaws.com',
      ]),
    });
    new CfnOutput(this, 'TokenSecretParameter', {
      description:
        'SSM SecureString holding the reply-token secret (kept when the stack is deleted)',
      value: this.tokenSecret.parameterName,
    });
    // `tend doctor` reads TEND_INBOUND_DOMAIN, TEND_FROM and TEND_TABLE from this line
    // (shared/adapters/cloudformation/cloudformation-stack-reader.ts): keep them KEY=VALUE words.
    new CfnOutput(this, 'CliCommand', {
      description: 'Points the tend CLI at this deployment (prefix any tend command)',
      value: Fn.join('', [
        'TEND_TARGET=aws AWS_REGION=',
        Aws.REGION,
        ' TEND_TABLE=',
        data.tableName,
        ' TEND_BUCKET=',
        data.bucketName,
        ` TEND_TOKEN_SECRET_PARAM=${this.tokenSecret.parameterName}`,
        ` TEND_INBOUND_DOMAIN=${config.inboundDomain}`,
        ` TEND_FROM=${config.fromAddress}`,
        // `tend login-link` prints links to the deployed web app.
        ' TEND_WEB_URL=',
        this.publicWebUrl,
        ' npx tend users list',
      ]),
    });
  }
}
