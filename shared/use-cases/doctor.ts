import { checkDeployment, type StackFacts } from '../domain/doctor/check-deployment';
import {
  type DeployedStack,
  known,
  type Known,
  type SesAccountFacts,
  type SuppressedUser,
} from '../domain/doctor/facts';
import { type Finding, reportFails } from '../domain/doctor/finding';
import { SANDBOX_DAILY_SENDS } from '../domain/doctor/thresholds';
import { AccessDeniedError } from '../ports/access-denied';
import type { DeploymentProbes } from '../ports/deployment-probes';

/**
 * At most this many users are looked up on SES's suppression list, one GetSuppressedDestination
 * each: a personal deployment has a handful, and the doctor stays a few seconds long however
 * many there are (the report says when some were not looked up).
 */
export const MAX_SUPPRESSION_LOOKUPS = 200;

/** In the sandbox, at most this many users' addresses are looked up as SES identities: the
 * sandbox sends at most 200 emails a day (SANDBOX_DAILY_SENDS), so more users than that cannot
 * all be served there anyway. */
export const MAX_SANDBOX_RECIPIENT_LOOKUPS = SANDBOX_DAILY_SENDS;

export interface DoctorReport {
  stackName: string;
  region: string;
  findings: Finding[];
  /** Some check failed or could not run: `tend doctor` exits non-zero. */
  fails: boolean;
}

/**
 * `tend doctor` (SPEC 7): reads what a deployment depends on (the stack, SES identities, DNS,
 * the active rule set, the SES account, Lambda's quota, the suppression list) and judges it with
 * the pure checks in shared/domain/doctor. Read-only: every port it calls only reads. A read that
 * fails makes its check unknown; the others still run.
 */
export async function runDoctor(
  probes: DeploymentProbes,
  stackName: string,
): Promise<DoctorReport> {
  const region = await probes.region();
  const accountRead = settle(() => probes.ses.account());
  const [stack, account, concurrency] = await Promise.all([
    settle(async () => {
      const deployed = await probes.stacks.describe(stackName);
      return deployed ? stackFacts(probes, deployed, accountRead) : null;
    }),
    accountRead,
    settle(() => probes.lambda.concurrency()),
  ]);
  const findings = checkDeployment({ stackName, region, stack, account, concurrency });
  return { stackName, region, findings, fails: reportFails(findings) };
}

async function stackFacts(
  probes: DeploymentProbes,
  stack: DeployedStack,
  accountRead: Promise<Known<SesAccountFacts>>,
): Promise<StackFacts> {
  const fromDomain = stack.fromAddress.slice(stack.fromAddress.lastIndexOf('@') + 1).toLowerCase();
  const inboundIdentity = settle(() => probes.ses.identity(stack.inboundDomain));
  const users = settle(() => probes.users(stack.tableName).list());
  const [inbound, fromDomainIdentity, fromAddressIdentity, mx, activeRuleSet, listed] =
    await Promise.all([
      inboundIdentity,
      fromDomain === stack.inboundDomain
        ? inboundIdentity
        : settle(() => probes.ses.identity(fromDomain)),
      settle(() => probes.ses.identity(stack.fromAddress)),
      settle(() => probes.dns.mx(stack.inboundDomain)),
      settle(() => probes.receipt.activeRuleSetName()),
      users,
    ]);
  const suppression = listed.known
    ? await settle(() =>
        suppressedUsers(
          probes,
          listed.value.map((u) => u.email),
        ),
      )
    : listed;
  const account = await accountRead;
  const inSandbox = account.known && !account.value.productionAccessEnabled;
  const sandboxRecipients =
    inSandbox && listed.known
      ? await settle(() =>
          unverifiedRecipients(
            probes,
            listed.value.map((u) => u.email),
          ),
        )
      : null;
  return {
    stack,
    inboundIdentity: inbound,
    fromDomainIdentity,
    fromAddressIdentity,
    mx,
    activeRuleSet,
    users: listed.known ? known(listed.value.length) : listed,
    suppression,
    sandboxRecipients,
  };
}

/**
 * The users SES's sandbox would refuse: it sends to an address that is a verified identity, or
 * whose domain is (https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html).
 */
async function unverifiedRecipients(probes: DeploymentProbes, emails: string[]) {
  const looked = emails.slice(0, MAX_SANDBOX_RECIPIENT_LOOKUPS);
  const domains = new Map<string, Promise<boolean>>();
  const verified = async (name: string) =>
    (await probes.ses.identity(name))?.verifiedForSending === true;
  const unverified: string[] = [];
  for (const email of looked) {
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (!domains.has(domain)) domains.set(domain, verified(domain));
    if (!(await domains.get(domain)) && !(await verified(email))) unverified.push(email);
  }
  return { unverified, checked: looked.length, users: emails.length };
}

/** Every email Tend sends goes to the user's main address (dispatch.ts `send`): the one to look up. */
async function suppressedUsers(probes: DeploymentProbes, emails: string[]) {
  const looked = emails.slice(0, MAX_SUPPRESSION_LOOKUPS);
  const suppressed: SuppressedUser[] = [];
  // One after the other: SES v2 answers a burst of reads with TooManyRequestsException.
  for (const email of looked) {
    const entry = await probes.suppressions.find(email);
    if (entry) suppressed.push({ email, ...entry });
  }
  return { suppressed, checked: looked.length, users: emails.length };
}

/** A read as a fact: what it returned, or the permission it lacked, or its error. */
async function settle<T>(read: () => Promise<T>): Promise<Known<T>> {
  try {
    return known(await read());
  } catch (error) {
    if (error instanceof AccessDeniedError)
      return { known: false, missingPermission: error.action, error: error.message };
    return {
      known: false,
      missingPermission: null,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
