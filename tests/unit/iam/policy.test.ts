import { describe, expect, it } from 'vitest';
import { evaluate, grantsOf, wildcardMatch, type Statement } from '../../support/iam/policy';
import { AccessDeniedException, authorize, type RolePolicy } from '../../support/iam/enforce-iam';

const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/tend';

describe('IAM wildcards', () => {
  it.each([
    ['dynamodb:GetItem', 'dynamodb:GetItem', true],
    ['dynamodb:*', 'dynamodb:Query', true],
    ['dynamodb:Get*', 'dynamodb:GetItem', true],
    ['dynamodb:Get*', 'dynamodb:BatchGetItem', false],
    ['dynamodb:?etItem', 'dynamodb:GetItem', true],
    ['dynamodb:?etItem', 'dynamodb:GGetItem', false],
    [`${TABLE}`, `${TABLE}/index/gsi1`, false],
    [`${TABLE}/index/*`, `${TABLE}/index/gsi1`, true],
    [`${TABLE}*`, `${TABLE}-other`, true],
    ['arn:aws:s3:::b/inbound/*', 'arn:aws:s3:::b/inbound/abc', true],
    ['arn:aws:s3:::b/inbound/*', 'arn:aws:s3:::b/outbound/abc', false],
    ['arn:aws:s3:::b/inbound/*', 'arn:aws:s3:::b/Inbound/abc', false],
    ['arn:aws:s3:::b.c/*', 'arn:aws:s3:::bxc/k', false],
    ['*', '*', true],
  ])('%s against %s: %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });

  it('compares actions without regard to case, resources with it', () => {
    expect(wildcardMatch('DynamoDB:getitem', 'dynamodb:GetItem', true)).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::B/*', 'arn:aws:s3:::b/k')).toBe(false);
  });
});

const allow = (
  sid: string,
  actions: string[],
  resources: string[],
  conditions = {},
): Statement => ({
  sid,
  effect: 'Allow',
  actions,
  resources,
  conditions,
});

const POLICY: Statement[] = [
  allow('UseTable', ['dynamodb:GetItem', 'dynamodb:Query'], [TABLE]),
  allow('QueryDueIndex', ['dynamodb:Query'], [`${TABLE}/index/gsi1`]),
  allow('SendAsTend', ['ses:SendEmail'], ['arn:aws:ses:us-east-1:123456789012:identity/*'], {
    StringEquals: { 'ses:FromAddress': ['tend@example.com'] },
  }),
  { ...allow('NoIndexScans', ['dynamodb:Scan'], [`${TABLE}*`]), effect: 'Deny' },
  allow('Everything', ['dynamodb:*'], [`${TABLE}*`]),
];

describe('evaluating a role', () => {
  it.each([
    ['dynamodb:GetItem', TABLE, {}, true],
    ['dynamodb:Query', `${TABLE}/index/gsi1`, {}, true],
    [
      'ses:SendEmail',
      'arn:aws:ses:us-east-1:123456789012:identity/example.com',
      { 'ses:FromAddress': 'tend@example.com' },
      true,
    ],
    // The condition's key is missing or different.
    ['ses:SendEmail', 'arn:aws:ses:us-east-1:123456789012:identity/example.com', {}, false],
    [
      'ses:SendEmail',
      'arn:aws:ses:us-east-1:123456789012:identity/example.com',
      { 'ses:FromAddress': 'x@example.com' },
      false,
    ],
    // An explicit deny wins over the Allow of dynamodb:*.
    ['dynamodb:Scan', TABLE, {}, false],
    ['s3:GetObject', 'arn:aws:s3:::b/k', {}, false],
  ])('%s on %s %j: allowed %s', (action, resource, context, allowed) => {
    expect(evaluate(POLICY, { action, resource, context }).allowed).toBe(allowed);
  });

  it('names every pair that allowed a request', () => {
    const decision = evaluate(POLICY, { action: 'dynamodb:Query', resource: TABLE, context: {} });
    expect(decision).toEqual({
      allowed: true,
      grants: [
        { sid: 'UseTable', action: 'dynamodb:Query', resource: TABLE },
        { sid: 'Everything', action: 'dynamodb:*', resource: `${TABLE}*` },
      ],
    });
  });

  it('refuses a condition operator it does not know rather than guess', () => {
    const odd = [
      allow('Odd', ['s3:GetObject'], ['*'], { DateGreaterThan: { 'aws:CurrentTime': ['2020'] } }),
    ];
    expect(() => evaluate(odd, { action: 's3:GetObject', resource: 'x', context: {} })).toThrow(
      /DateGreaterThan/,
    );
  });

  it('lists a role as (action, resource) pairs of its Allow statements', () => {
    expect(grantsOf(POLICY.slice(0, 2))).toEqual([
      { sid: 'UseTable', action: 'dynamodb:GetItem', resource: TABLE },
      { sid: 'UseTable', action: 'dynamodb:Query', resource: TABLE },
      { sid: 'QueryDueIndex', action: 'dynamodb:Query', resource: `${TABLE}/index/gsi1` },
    ]);
  });
});

describe('authorizing an SDK command', () => {
  const role: RolePolicy = {
    functionId: 'Ingest',
    statements: POLICY.slice(0, 2),
    scope: {
      partition: 'aws',
      region: 'us-east-1',
      account: '123456789012',
      sendingIdentity: 'domain',
    },
    used: new Map(),
  };

  it('refuses with an AccessDeniedException naming the action and the resource', () => {
    let error: unknown;
    try {
      authorize(role, 'dynamodb', 'QueryCommand', { TableName: 'tend', IndexName: 'gsi2' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect((error as Error).name).toBe('AccessDeniedException');
    expect((error as Error).message).toBe(
      'User: arn:aws:sts::assumed-role/IngestRole is not authorized to perform: dynamodb:Query on resource: ' +
        `${TABLE}/index/gsi2 because no identity-based policy allows the dynamodb:Query action`,
    );
  });

  it('records the grants an allowed command used, and none of a refused one', () => {
    role.used.clear();
    authorize(role, 'dynamodb', 'GetItemCommand', { TableName: 'tend', Key: {} });
    expect(() =>
      authorize(role, 'dynamodb', 'BatchGetItemCommand', { RequestItems: { tend: { Keys: [] } } }),
    ).toThrow(AccessDeniedException);
    expect([...role.used.keys()]).toEqual([`UseTable dynamodb:GetItem ${TABLE}`]);
  });
});
