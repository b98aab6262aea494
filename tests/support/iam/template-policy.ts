import type { Conditions, Statement } from './policy';
import type { ArnScope } from './sdk-requests';

/** A synthesized template, as Template.toJSON() gives it. */
export interface TemplateJson {
  readonly Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

/** One stack of the deployment: its template and the physical names of its named resources. */
export interface StackWorld {
  readonly template: TemplateJson;
  /** Logical id → physical name (the table, the bucket, the configuration set). */
  readonly physicalNames: Readonly<Record<string, string>>;
}

/** The deployed stacks as the tier sees them: every stack, and where their ARNs live. */
export interface DeploymentWorld {
  readonly stacks: readonly StackWorld[];
  readonly scope: ArnScope;
}

/**
 * The ARN of a resource by type, from its physical name, as CloudFormation's Fn::GetAtt Arn
 * returns it (each resource's "Return values" section of the CloudFormation reference). Types
 * no flow calls through an enforced client (log groups, queues) keep an opaque placeholder: no
 * request the tier maps can ever equal it.
 */
function arnOf(type: string, name: string, s: ArnScope): string {
  switch (type) {
    case 'AWS::DynamoDB::Table':
      return `arn:${s.partition}:dynamodb:${s.region}:${s.account}:table/${name}`;
    case 'AWS::S3::Bucket':
      return `arn:${s.partition}:s3:::${name}`;
    default:
      return `unresolved:${type}:${name}`;
  }
}

/**
 * Resolves the intrinsics CDK writes into policies (Ref, Fn::GetAtt, Fn::Join, Fn::Sub,
 * Fn::ImportValue, Fn::Select, Fn::Split and the pseudo parameters) to plain strings
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
 * A Ref to a resource the world names no physical name for stops the tier, rather than match
 * against a guess.
 */
export function resolver(world: DeploymentWorld, stack: StackWorld): (value: unknown) => unknown {
  const { scope } = world;
  const pseudo: Record<string, string> = {
    'AWS::Partition': scope.partition,
    'AWS::Region': scope.region,
    'AWS::AccountId': scope.account,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const ref = (id: string): string => {
    const value = pseudo[id] ?? stack.physicalNames[id];
    if (value === undefined) throw new Error(`the IAM tier has no physical name for Ref ${id}`);
    return value;
  };
  const getAtt = (id: string, attribute: string): string => {
    const type = stack.template.Resources?.[id]?.Type ?? 'unknown';
    const name = stack.physicalNames[id] ?? id;
    if (attribute === 'Arn') return arnOf(type, name, scope);
    return `unresolved:${id}.${attribute}`;
  };
  const importValue = (name: string): unknown => {
    for (const other of world.stacks)
      for (const output of Object.values(other.template.Outputs ?? {}))
        if (output.Export?.Name === name) return resolver(world, other)(output.Value);
    throw new Error(`the IAM tier found no export named ${name}`);
  };
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const [key, arg] = entries[0] ?? [];
    if (entries.length !== 1 || !(key === 'Ref' || key?.startsWith('Fn::')))
      return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v)]));
    switch (key) {
      case 'Ref':
        return ref(String(arg));
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        return getAtt(String(id), String(attribute));
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return (resolve(parts) as unknown[]).map(String).join(separator);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg)
          ? (arg as [string, Record<string, unknown>])
          : [String(arg), {}];
        const resolvedVars = resolve(vars) as Record<string, unknown>;
        return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
          if (name in resolvedVars) return String(resolvedVars[name]);
          const [id, attribute] = name.split('.');
          return attribute ? getAtt(id!, attribute) : ref(name);
        });
      }
      case 'Fn::ImportValue':
        return importValue(String(resolve(arg)));
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        return (resolve(list) as unknown[])[Number(resolve(index))];
      }
      case 'Fn::Split': {
        const [separator, text] = arg as [string, unknown];
        return String(resolve(text)).split(separator);
      }
      default:
        throw new Error(`the IAM tier does not resolve ${key}`);
    }
  };
  return resolve;
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

interface PolicyDocument {
  Statement: Array<Record<string, unknown>>;
}

function statementsOf(
  document: PolicyDocument,
  resolve: (v: unknown) => unknown,
  where: string,
): Statement[] {
  return list(document.Statement).map((raw, i) => {
    const s = raw as Record<string, unknown>;
    if (s.NotAction !== undefined || s.NotResource !== undefined)
      throw new Error(`${where}: the IAM tier does not evaluate NotAction or NotResource`);
    const conditions = Object.fromEntries(
      Object.entries(
        (resolve(s.Condition ?? {}) ?? {}) as Record<string, Record<string, unknown>>,
      ).map(([operator, keys]) => [
        operator,
        Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, list(v).map(String)])),
      ]),
    ) as Conditions;
    return {
      sid: typeof s.Sid === 'string' ? s.Sid : `${where}#${i}`,
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: list(s.Action).map(String),
      resources: list(resolve(s.Resource)).map(String),
      conditions,
    };
  });
}

/**
 * The function whose construct id (the TendFunction's path, `Ingest`, `Dispatch`,
 * `FeedbackHandler`) is given: CDK names its AWS::Lambda::Function `<id>Function<8 hex>`
 * (the path's parts, then a hash), so `Dispatch` never matches `DispatchWorker`.
 */
export function functionLogicalId(template: TemplateJson, functionId: string): string {
  const pattern = new RegExp(`^${functionId}Function[0-9A-F]{8}$`);
  const found = Object.entries(template.Resources ?? {}).filter(
    ([id, r]) => r.Type === 'AWS::Lambda::Function' && pattern.test(id),
  );
  if (found.length !== 1)
    throw new Error(`expected one function ${functionId} in the template, found ${found.length}`);
  return found[0]![0];
}

/**
 * Every statement of the role a function runs as: the AWS::IAM::Policy and
 * AWS::IAM::ManagedPolicy resources attached to it, its inline Policies, and the managed policies
 * it names when they are in the template. An AWS managed policy's contents are not in the
 * template, so one stops the tier.
 */
export function functionStatements(
  world: DeploymentWorld,
  stack: StackWorld,
  functionId: string,
): Statement[] {
  const resources = stack.template.Resources ?? {};
  const resolve = resolver(world, stack);
  const fn = resources[functionLogicalId(stack.template, functionId)]!;
  const roleRef = fn.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const roleId = roleRef?.['Fn::GetAtt']?.[0];
  const role = roleId === undefined ? undefined : resources[roleId];
  if (!roleId || role?.Type !== 'AWS::IAM::Role')
    throw new Error(`function ${functionId} does not run as a role of this template`);
  const attached = (p: Record<string, unknown> | undefined) =>
    list(p?.Roles).some((r) => (r as { Ref?: string }).Ref === roleId);
  const statements: Statement[] = [];
  for (const [id, r] of Object.entries(resources)) {
    if (
      (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') &&
      attached(r.Properties)
    )
      statements.push(...statementsOf(r.Properties!.PolicyDocument as PolicyDocument, resolve, id));
  }
  for (const inline of list(role.Properties?.Policies) as Array<{
    PolicyName: string;
    PolicyDocument: PolicyDocument;
  }>)
    statements.push(
      ...statementsOf(inline.PolicyDocument, resolve, `${roleId}/${inline.PolicyName}`),
    );
  for (const managed of list(role.Properties?.ManagedPolicyArns)) {
    const id = (managed as { Ref?: string }).Ref;
    const policy = id === undefined ? undefined : resources[id];
    if (policy?.Type !== 'AWS::IAM::ManagedPolicy')
      throw new Error(
        `${functionId}'s role names a managed policy not in the template: ${JSON.stringify(managed)}`,
      );
    if (!attached(policy.Properties))
      statements.push(
        ...statementsOf(policy.Properties!.PolicyDocument as PolicyDocument, resolve, id!),
      );
  }
  return statements;
}
