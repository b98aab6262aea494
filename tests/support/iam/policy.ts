/**
 * A role's identity-based policy as the IAM tier evaluates it: statements whose CloudFormation
 * intrinsics are already resolved (template-policy.ts), and the one request shape every SDK call
 * is mapped to (sdk-requests.ts). Evaluated as IAM does for one account: an explicit Deny wins,
 * then any Allow, else an implicit deny
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */

/** A condition block: operator → context key → the values any of which may match. */
export type Conditions = Record<string, Record<string, string[]>>;

export interface Statement {
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions: Conditions;
}

/** What one SDK call asks IAM for: one action on one resource, with its request context. */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  /** Condition keys the request carries (`ses:FromAddress`, `s3:prefix`). */
  readonly context: Readonly<Record<string, string>>;
}

/** One (action, resource) pair a statement allows: the unit the tier counts as used or unused. */
export interface Grant {
  readonly sid: string;
  readonly action: string;
  readonly resource: string;
}

export const grantKey = (g: Grant): string => `${g.sid} ${g.action} ${g.resource}`;

/**
 * IAM's wildcards: `*` any run of characters, `?` any one, everything else literal. Actions
 * compare case-insensitively, resources (ARNs) case-sensitively
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html,
 * .../reference_policies_elements_resource.html).
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** The condition operators Tend's policies use; any other stops the tier rather than guess. */
const OPERATORS: Record<string, (patterns: string[], value: string) => boolean> = {
  StringEquals: (ps, v) => ps.includes(v),
  StringNotEquals: (ps, v) => !ps.includes(v),
  StringEqualsIgnoreCase: (ps, v) => ps.some((p) => p.toLowerCase() === v.toLowerCase()),
  StringLike: (ps, v) => ps.some((p) => wildcardMatch(p, v)),
  StringNotLike: (ps, v) => !ps.some((p) => wildcardMatch(p, v)),
  ArnEquals: (ps, v) => ps.includes(v),
  ArnLike: (ps, v) => ps.some((p) => wildcardMatch(p, v)),
};

function conditionsHold(conditions: Conditions, context: IamRequest['context']): boolean {
  return Object.entries(conditions).every(([operator, keys]) => {
    const test = OPERATORS[operator];
    if (!test) throw new Error(`the IAM tier does not evaluate the ${operator} condition operator`);
    // A key the request does not carry fails a positive operator (no IfExists form is used here).
    return Object.entries(keys).every(([key, values]) => {
      const value = context[key];
      return value !== undefined && test(values, value);
    });
  });
}

/** The pairs of this statement that match the request, if its conditions hold. */
function matching(statement: Statement, request: IamRequest): Grant[] {
  if (!conditionsHold(statement.conditions, request.context)) return [];
  const grants: Grant[] = [];
  for (const action of statement.actions) {
    if (!wildcardMatch(action, request.action, true)) continue;
    for (const resource of statement.resources)
      if (wildcardMatch(resource, request.resource))
        grants.push({ sid: statement.sid, action, resource });
  }
  return grants;
}

export type Decision =
  | { readonly allowed: true; readonly grants: readonly Grant[] }
  | { readonly allowed: false; readonly reason: 'explicit deny' | 'no allow' };

export function evaluate(statements: readonly Statement[], request: IamRequest): Decision {
  const denies = statements.filter((s) => s.effect === 'Deny');
  if (denies.some((s) => matching(s, request).length > 0))
    return { allowed: false, reason: 'explicit deny' };
  const grants = statements
    .filter((s) => s.effect === 'Allow')
    .flatMap((s) => matching(s, request));
  return grants.length > 0 ? { allowed: true, grants } : { allowed: false, reason: 'no allow' };
}

/** Every (action, resource) pair the role's Allow statements name. */
export function grantsOf(statements: readonly Statement[]): Grant[] {
  return statements
    .filter((s) => s.effect === 'Allow')
    .flatMap((s) =>
      s.actions.flatMap((action) =>
        s.resources.map((resource) => ({ sid: s.sid, action, resource })),
      ),
    );
}
