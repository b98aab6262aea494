import { checkConcurrency, checkSending, checkSendQuota } from './capacity-checks';
import type {
  DeployedStack,
  EmailIdentityFacts,
  Known,
  LambdaConcurrencyFacts,
  MxRecord,
  SandboxRecipientFacts,
  SesAccountFacts,
  SuppressionFacts,
} from './facts';
import { type Finding, unknownFinding } from './finding';
import { checkFromIdentity, checkInboundIdentity } from './identity-checks';
import { checkMx, checkRuleSet } from './routing-checks';
import { checkSuppressedUsers } from './suppression-check';

/** What the checks that need the stack are given: only gathered once the stack was read. */
export interface StackFacts {
  stack: DeployedStack;
  inboundIdentity: Known<EmailIdentityFacts | null>;
  /** The From address's domain identity; the inbound one when they are the same domain. */
  fromDomainIdentity: Known<EmailIdentityFacts | null>;
  fromAddressIdentity: Known<EmailIdentityFacts | null>;
  mx: Known<MxRecord[]>;
  activeRuleSet: Known<string | null>;
  users: Known<number>;
  suppression: Known<SuppressionFacts>;
  /** Read only in the SES sandbox: null otherwise. */
  sandboxRecipients: Known<SandboxRecipientFacts> | null;
}

export interface DeploymentFacts {
  stackName: string;
  region: string;
  /** null: there is no such stack in the region. */
  stack: Known<StackFacts | null>;
  account: Known<SesAccountFacts>;
  concurrency: Known<LambdaConcurrencyFacts>;
}

/** Every finding of `tend doctor` (SPEC 7), in the order a deploy meets them. */
export function checkDeployment(facts: DeploymentFacts): Finding[] {
  const { stackName, region } = facts;
  const stackFinding = checkStack(stackName, region, facts.stack);
  const s = facts.stack.known ? facts.stack.value : null;
  if (!s) {
    const missing = {
      known: false as const,
      missingPermission: null,
      error: `the stack ${stackName} was not read`,
    };
    return [
      stackFinding,
      ...['inbound-identity', 'from-identity', 'mx', 'rule-set'].map((id) =>
        unknownFinding(id, missing),
      ),
      checkSending(facts.account),
      unknownFinding('send-quota', missing),
      checkConcurrency(facts.concurrency),
      unknownFinding('suppressed-users', missing),
    ];
  }
  return [
    stackFinding,
    checkInboundIdentity(s.stack.inboundDomain, s.inboundIdentity),
    checkFromIdentity(s.stack.fromAddress, s.fromDomainIdentity, s.fromAddressIdentity),
    checkMx(s.stack.inboundDomain, region, s.mx),
    checkRuleSet(s.stack.inboundDomain, s.stack.ruleSetName, s.activeRuleSet),
    checkSending(facts.account, s.sandboxRecipients),
    checkSendQuota(facts.account, s.users),
    checkConcurrency(facts.concurrency),
    checkSuppressedUsers(s.suppression),
  ];
}

function checkStack(stackName: string, region: string, fact: Known<StackFacts | null>): Finding {
  const id = 'stack';
  if (!fact.known) return unknownFinding(id, fact);
  if (!fact.value)
    return {
      id,
      status: 'fail',
      found: `no stack named ${stackName} in ${region}`,
      fix: 'deploy (npx cdk deploy --all $TEND_CDK), or name the stack with --stack and its region with AWS_REGION',
    };
  const { stack } = fact.value;
  return {
    id,
    status: 'ok',
    found: `${stackName} in ${region}: mail for ${stack.inboundDomain}, sent as ${stack.fromAddress}, table ${stack.tableName}`,
    fix: null,
  };
}
