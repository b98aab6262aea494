import { AssetHashType, DockerImage, type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bundleFunction, FUNCTION_ENTRIES, REPO_ROOT, type FunctionName } from '../bundling';
import { acknowledgeGuard } from '../guard';
import { acknowledgeNag } from '../nag';

/** Every Tend function runs on this runtime; the bundle targets the same Node version. */
export const TEND_RUNTIME = lambda.Runtime.NODEJS_22_X;

/** Logs are kept a month: enough to investigate an alarm, short enough to hold little personal data. */
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

export interface TendFunctionProps {
  /** Which entry of FUNCTION_ENTRIES to bundle. */
  readonly entry: FunctionName;
  readonly description: string;
  /** Explicit on purpose: each function's size and time budget is a decision, not a default. */
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment?: Record<string, string>;
  /** Caps concurrent executions (undefined: no reservation). */
  readonly reservedConcurrentExecutions?: number;
  /** Asynchronous invocations that still fail after retries land here. */
  readonly onFailure?: sqs.IQueue;
  /** Retries of a failed asynchronous invocation (Lambda's default is 2). */
  readonly retryAttempts?: number;
  /** How long an asynchronous event may wait (throttled or retrying) before it goes to onFailure. */
  readonly maxEventAge?: Duration;
}

/**
 * The one function construct: nodejs22.x on arm64, bundled by esbuild as minified ESM with
 * source maps (read offline, not at run time), split so that code only some invocations need
 * loads when first used (infra/bundling.ts), its own log group with a retention, and its own
 * role whose only built-in permission is writing to that log group. Callers grant the rest.
 */
export class TendFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TendFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      // Logs go with the stack; the data that matters lives in the retained table and bucket.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // A role of our own instead of the AWSLambdaBasicExecutionRole managed policy, which
    // would allow writing to every log group in the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      // Bundled by infra/bundling.ts rather than by NodejsFunction, whose esbuild command writes one
      // file: the split bundle keeps what only some invocations need out of every cold start
      // (issue 9). Locally, like NodejsFunction's own bundling: esbuild is a dev dependency, and the
      // image is never pulled (tryBundle always bundles or throws).
      code: lambda.Code.fromAsset(REPO_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          image: DockerImage.fromRegistry('dummy'),
          // Never run either, but CDK keys its bundling cache on these options, where tryBundle (a
          // function) does not show: naming the entry keeps every function from getting the first
          // one's bundle.
          command: ['bundle', FUNCTION_ENTRIES[props.entry]],
          local: {
            tryBundle(outputDir) {
              bundleFunction(props.entry, outputDir);
              return true;
            },
          },
        },
      }),
      // The `handler` export of index.mjs (BUNDLE_ENTRY_FILE).
      handler: 'index.handler',
      runtime: TEND_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      // No NODE_OPTIONS=--enable-source-maps: Node would parse the map of every file a cold start
      // loads, about 40 ms of CPU on ingest and on the dispatcher (issue 9). The maps ship beside
      // the bundle; `npm run symbolicate` maps a logged stack trace back to the sources.
      ...(props.environment === undefined ? {} : { environment: props.environment }),
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      ...(props.onFailure === undefined ? {} : { onFailure: new SqsDestination(props.onFailure) }),
      ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
      ...(props.maxEventAge === undefined ? {} : { maxEventAge: props.maxEventAge }),
    });
    acknowledgeNag(
      this.function,
      'L1',
      'Pinned to nodejs22.x on purpose (SPEC 7): the bundle targets node22 (infra/bundling.ts); moving to a newer runtime is a deliberate change of both, not a side effect of a CDK upgrade.',
    );
    acknowledgeGuard(
      this.function,
      'lambda_inside_vpc_check',
      'The functions call only AWS APIs (DynamoDB, S3, SES, SSM) over TLS with IAM; a VPC would add NAT or five interface endpoints (about $35/month) for a one-person deployment and protect nothing more.',
    );
    acknowledgeGuard(
      this.logGroup,
      'cloudwatch_log_group_retention_period_check',
      'Kept a month on purpose (LOG_RETENTION): enough to investigate an alarm, short enough to hold little personal data; a year would keep more of it for no use.',
    );
    acknowledgeGuard(
      this.logGroup,
      'cloudwatch_log_group_encrypted_check',
      'CloudWatch Logs encrypts every log group at rest; a customer-managed KMS key adds $1/month and a key policy for logs that hold no bodies and no full addresses (shared/logger.ts redacts them).',
    );
  }
}
