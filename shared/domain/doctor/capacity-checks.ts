import type {
  Known,
  LambdaConcurrencyFacts,
  SandboxRecipientFacts,
  SesAccountFacts,
} from './facts';
import { type Finding, unknownFinding } from './finding';
import { count } from '../count';
import {
  LAMBDA_CONCURRENCY_QUOTA_CODE,
  MIN_LAMBDA_CONCURRENCY,
  MONDAY_EMAILS_PER_USER,
  MONDAY_SPIKE_MAX_SECONDS,
  REQUESTED_LAMBDA_CONCURRENCY,
  SANDBOX_DAILY_SENDS,
  UNLIMITED_DAILY_SENDS,
} from './thresholds';

/**
 * Whether SES sends at all, and to whom: an account in the sandbox sends only to verified
 * addresses (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetAccount.html).
 */
export function checkSending(
  fact: Known<SesAccountFacts>,
  recipients: Known<SandboxRecipientFacts> | null = null,
): Finding {
  const id = 'sending';
  if (!fact.known) return unknownFinding(id, fact);
  const a = fact.value;
  if (!a.sendingEnabled || a.enforcementStatus === 'SHUTDOWN')
    return {
      id,
      status: 'fail',
      found: `SES sending is paused for this account in this region (enforcement ${a.enforcementStatus ?? 'unknown'}): nothing Tend sends leaves`,
      fix: 'SES console → Account dashboard says why; answer the AWS case it names',
    };
  if (a.enforcementStatus === 'PROBATION')
    return {
      id,
      status: 'warn',
      found: 'the SES account is under review (PROBATION): bounces or complaints are too many',
      fix: 'SES console → Reputation metrics; `tend users list` shows whom Tend stopped emailing',
    };
  if (a.productionAccessEnabled)
    return { id, status: 'ok', found: 'the SES account has production access', fix: null };
  const sandbox = `the SES account is in the sandbox: it sends only to verified addresses, at most ${SANDBOX_DAILY_SENDS} a day`;
  const leave = 'SES console → Account dashboard → Request production access';
  const unverified = recipients?.known ? recipients.value.unverified : [];
  if (unverified.length > 0)
    return {
      id,
      status: 'fail',
      found: `${sandbox}, and ${count(unverified.length, 'user')} ${unverified.length === 1 ? 'is' : 'are'} not: ${unverified.join(', ')}`,
      fix: `${unverified.map((u) => `aws sesv2 create-email-identity --email-identity ${u}`).join('; ')} (each then clicks SES's link), or ${leave}`,
    };
  const checked = !recipients
    ? ''
    : !recipients.known
      ? ` (whether each user's address is verified was not checked: ${recipients.missingPermission ? `your AWS credentials may not call ${recipients.missingPermission}` : recipients.error})`
      : recipients.value.users > 0
        ? recipients.value.checked < recipients.value.users
          ? ` (the first ${recipients.value.checked} of ${count(recipients.value.users, 'user')} are verified)`
          : ` (every user's address is verified)`
        : '';
  return {
    id,
    status: 'warn',
    found: `${sandbox}${checked}`,
    fix: `verify each new user's address (aws sesv2 create-email-identity --email-identity ADDRESS, then click SES's link), or ${leave}`,
  };
}

/** The daily quota and the send rate against Monday morning's emails, MONDAY_EMAILS_PER_USER each. */
export function checkSendQuota(fact: Known<SesAccountFacts>, users: Known<number>): Finding {
  const id = 'send-quota';
  if (!fact.known) return unknownFinding(id, fact);
  if (!users.known) return unknownFinding(id, users);
  const { max24HourSend, maxSendRate } = fact.value;
  const monday = users.value * MONDAY_EMAILS_PER_USER;
  const people = count(users.value, 'user');
  const daily =
    max24HourSend === UNLIMITED_DAILY_SENDS ? 'no daily limit' : `${max24HourSend} a day`;
  const seconds = maxSendRate > 0 ? monday / maxSendRate : Infinity;
  const quotas =
    'Service Quotas console → Amazon Simple Email Service (SES) → Sending quota / Maximum send rate → Request increase (or SES console → Account dashboard → Request production access, which raises both)';
  if (max24HourSend !== UNLIMITED_DAILY_SENDS && max24HourSend < monday)
    return {
      id,
      status: 'warn',
      found: `SES sends ${daily}; ${people} get about ${monday} emails on a Monday: some digests wait for the next day`,
      fix: quotas,
    };
  if (seconds > MONDAY_SPIKE_MAX_SECONDS)
    return {
      id,
      status: 'warn',
      found: `at ${maxSendRate} a second, Monday's ${monday} emails for ${people} take ${Math.ceil(seconds / 60)} minutes (more than ${MONDAY_SPIKE_MAX_SECONDS / 60}): digests arrive late`,
      fix: quotas,
    };
  return {
    id,
    status: 'ok',
    found: `SES sends ${daily}, ${maxSendRate} a second: enough for Monday's ${monday} emails (${people})`,
    fix: null,
  };
}

/** Lambda's account concurrency (https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html). */
export function checkConcurrency(fact: Known<LambdaConcurrencyFacts>): Finding {
  const id = 'lambda-concurrency';
  if (!fact.known) return unknownFinding(id, fact);
  const { concurrentExecutions, unreservedConcurrentExecutions } = fact.value;
  const found = `Lambda may run ${concurrentExecutions} executions at once in this region (${unreservedConcurrentExecutions} unreserved)`;
  if (concurrentExecutions < MIN_LAMBDA_CONCURRENCY)
    return {
      id,
      status: 'warn',
      found: `${found}: under ${MIN_LAMBDA_CONCURRENCY}, a burst of mail is throttled and -c reservedConcurrency=true cannot deploy`,
      fix: `aws service-quotas request-service-quota-increase --service-code lambda --quota-code ${LAMBDA_CONCURRENCY_QUOTA_CODE} --desired-value ${REQUESTED_LAMBDA_CONCURRENCY} (or Service Quotas console → AWS Lambda → Concurrent executions → Request increase)`,
    };
  return { id, status: 'ok', found, fix: null };
}
