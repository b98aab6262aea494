import type { IamRequest } from './policy';

/** The partition, region and account the ARNs of a request are written in. */
export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** The SDK clients the tier enforces, by IAM service prefix. */
export type Service = 'dynamodb' | 's3' | 'ses' | 'ssm';

/** How the world's From address is verified in SES: as itself, or through its domain. */
export type SendingIdentity = 'address' | 'domain';

export interface RequestScope extends ArnScope {
  readonly sendingIdentity: SendingIdentity;
}

type Input = Record<string, unknown>;

const arn = (s: ArnScope, service: string, resource: string, regional = true) =>
  `arn:${s.partition}:${service}:${regional ? s.region : ''}:${regional ? s.account : ''}:${resource}`;

const request = (action: string, resource: string, context: Record<string, string> = {}) => ({
  action,
  resource,
  context,
});

/**
 * DynamoDB (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html):
 * an operation is the action of its name on the table, or on `table/NAME/index/INDEX` when it
 * names an index. A batch is authorized per table it names; a transaction per item, as the
 * Put, Update, Delete or ConditionCheck (or Get) it contains, with no action of its own
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html).
 */
function dynamodbRequests(operation: string, input: Input, s: ArnScope): IamRequest[] {
  const table = (name: unknown) => arn(s, 'dynamodb', `table/${String(name)}`);
  switch (operation) {
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys((input.RequestItems ?? {}) as Input).map((name) =>
        request(`dynamodb:${operation}`, table(name)),
      );
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Input[]).map((item) => {
        const [kind, body] = Object.entries(item)[0] ?? [];
        const action = {
          Put: 'PutItem',
          Update: 'UpdateItem',
          Delete: 'DeleteItem',
          ConditionCheck: 'ConditionCheckItem',
        }[kind as string];
        if (!action)
          throw new Error(`the IAM tier cannot map a TransactWriteItems element ${kind}`);
        return request(`dynamodb:${action}`, table((body as Input).TableName));
      });
    case 'TransactGetItems':
      return ((input.TransactItems ?? []) as Input[]).map((item) =>
        request('dynamodb:GetItem', table((item.Get as Input).TableName)),
      );
    default: {
      if (typeof input.TableName !== 'string')
        throw new Error(`the IAM tier cannot map dynamodb:${operation}: no TableName`);
      const base = table(input.TableName);
      const resource =
        typeof input.IndexName === 'string' ? `${base}/index/${input.IndexName}` : base;
      return [request(`dynamodb:${operation}`, resource)];
    }
  }
}

/**
 * S3 (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html): object
 * operations on `arn:aws:s3:::bucket/key`, listings on the bucket. DeleteObjects is authorized as
 * DeleteObject (DeleteObjectVersion when it names a version) for each key.
 */
function s3Requests(operation: string, input: Input, s: ArnScope): IamRequest[] {
  const bucket = arn(s, 's3', String(input.Bucket), false);
  const object = (key: unknown) => `${bucket}/${String(key)}`;
  const prefix = typeof input.Prefix === 'string' ? { 's3:prefix': input.Prefix } : {};
  switch (operation) {
    case 'GetObject':
    case 'HeadObject':
      return [request('s3:GetObject', object(input.Key))];
    case 'PutObject':
      return [request('s3:PutObject', object(input.Key))];
    case 'DeleteObject':
      return [
        request(input.VersionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject', object(input.Key)),
      ];
    case 'DeleteObjects':
      return (((input.Delete as Input | undefined)?.Objects ?? []) as Input[]).map((o) =>
        request(o.VersionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject', object(o.Key)),
      );
    case 'ListObjectsV2':
    case 'ListObjects':
      return [request('s3:ListBucket', bucket, prefix)];
    case 'ListObjectVersions':
      return [request('s3:ListBucketVersions', bucket, prefix)];
    default:
      throw new Error(`the IAM tier has no mapping for s3 ${operation}`);
  }
}

/** The bare address of a From that may carry a display name (`Tend <tend@…>`). */
export function bareAddress(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();
}

/**
 * SES v2 (https://docs.aws.amazon.com/service-authorization/latest/reference/list_sesv2.html):
 * SendEmail is authorized on the sending identity (the From's address identity, or its domain's)
 * and on the configuration set it names, with `ses:FromAddress` in the context. For raw content
 * the reference lists ses:SendEmail, while senders report AccessDenied naming ses:SendRawEmail
 * for the same v2 call (anymail/django-anymail#384, aws/aws-actionmailer-ses-ruby#10): the tier
 * asks for both, so neither can be dropped from a role on the strength of one reading. Any other
 * command is the action of its name, on `*` (no resource the tier knows).
 */
function sesRequests(operation: string, input: Input, s: RequestScope): IamRequest[] {
  if (operation !== 'SendEmail') return [request(`ses:${operation}`, '*')];
  const from = bareAddress(String(input.FromEmailAddress ?? ''));
  const identity = s.sendingIdentity === 'address' ? from : (from.split('@')[1] ?? '');
  const context = { 'ses:FromAddress': from };
  const resources = [arn(s, 'ses', `identity/${identity}`)];
  if (typeof input.ConfigurationSetName === 'string')
    resources.push(arn(s, 'ses', `configuration-set/${input.ConfigurationSetName}`));
  const raw = (input.Content as Input | undefined)?.Raw !== undefined;
  const actions = raw ? ['ses:SendEmail', 'ses:SendRawEmail'] : ['ses:SendEmail'];
  return actions.flatMap((action) => resources.map((r) => request(action, r, context)));
}

/**
 * SSM (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html):
 * a parameter's ARN is `parameter/NAME` without the name's leading slash.
 */
function ssmRequests(operation: string, input: Input, s: ArnScope): IamRequest[] {
  const parameter = (name: unknown) =>
    arn(s, 'ssm', `parameter/${String(name).replace(/^\//, '')}`);
  if (
    operation === 'GetParameter' ||
    operation === 'PutParameter' ||
    operation === 'DeleteParameter'
  )
    return [request(`ssm:${operation}`, parameter(input.Name))];
  if (operation === 'GetParameters')
    return ((input.Names ?? []) as string[]).map((n) => request('ssm:GetParameters', parameter(n)));
  return [request(`ssm:${operation}`, '*')];
}

/** What IAM checks for one SDK command (`GetItemCommand` → `GetItem`) with its input. */
export function iamRequestsOf(
  service: Service,
  commandName: string,
  input: Input,
  scope: RequestScope,
): IamRequest[] {
  const operation = commandName.replace(/Command$/, '');
  switch (service) {
    case 'dynamodb':
      return dynamodbRequests(operation, input, scope);
    case 's3':
      return s3Requests(operation, input, scope);
    case 'ses':
      return sesRequests(operation, input, scope);
    case 'ssm':
      return ssmRequests(operation, input, scope);
  }
}
