import { describe, expect, it } from 'vitest';
import {
  checkConcurrency,
  checkSending,
  checkSendQuota,
} from '../../shared/domain/doctor/capacity-checks';
import { checkDeployment, type StackFacts } from '../../shared/domain/doctor/check-deployment';
import {
  type EmailIdentityFacts,
  known,
  type Known,
  type SesAccountFacts,
} from '../../shared/domain/doctor/facts';
import { reportFails } from '../../shared/domain/doctor/finding';
import {
  checkFromIdentity,
  checkInboundIdentity,
} from '../../shared/domain/doctor/identity-checks';
import { checkMx, checkRuleSet } from '../../shared/domain/doctor/routing-checks';
import { checkSuppressedUsers } from '../../shared/domain/doctor/suppression-check';

/** `tend doctor`'s checks (SPEC 7): facts in, one finding out, each rule with its failures. */

const DOMAIN = 'tend.example.com';
const TOKENS = ['aaa', 'bbb', 'ccc'];
const identity = (over: Partial<EmailIdentityFacts> = {}): Known<EmailIdentityFacts | null> =>
  known({ verifiedForSending: true, dkimStatus: 'SUCCESS', dkimTokens: TOKENS, ...over });
const missing: Known<EmailIdentityFacts | null> = known(null);
const denied = (action: string) =>
  ({ known: false, missingPermission: action, error: `not allowed to call ${action}` }) as const;
const broken = { known: false, missingPermission: null, error: 'socket hang up' } as const;
const account = (over: Partial<SesAccountFacts> = {}): Known<SesAccountFacts> =>
  known({
    productionAccessEnabled: true,
    sendingEnabled: true,
    enforcementStatus: 'HEALTHY',
    max24HourSend: 50_000,
    maxSendRate: 14,
    ...over,
  });

describe('checkInboundIdentity', () => {
  it.each([
    ['verified, DKIM SUCCESS', identity(), 'ok', null],
    [
      'not verified, DKIM PENDING',
      identity({ verifiedForSending: false, dkimStatus: 'PENDING' }),
      'fail',
      'aaa._domainkey.tend.example.com CNAME aaa.dkim.amazonses.com',
    ],
    [
      'not verified, DKIM FAILED',
      identity({ verifiedForSending: false, dkimStatus: 'FAILED' }),
      'fail',
      'gave up looking',
    ],
    [
      'verified, DKIM TEMPORARY_FAILURE',
      identity({ dkimStatus: 'TEMPORARY_FAILURE' }),
      'warn',
      'ccc._domainkey.tend.example.com CNAME ccc.dkim.amazonses.com',
    ],
    [
      'no identity',
      missing,
      'fail',
      'aws sesv2 create-email-identity --email-identity tend.example.com',
    ],
    ['denied', denied('ses:GetEmailIdentity'), 'unknown', 'allow ses:GetEmailIdentity'],
    ['another error', broken, 'unknown', null],
  ] as const)('%s → %s', (_, fact, status, fix) => {
    const finding = checkInboundIdentity(DOMAIN, fact);
    expect(finding.status).toBe(status);
    if (fix === null) expect(finding.fix).toBeNull();
    else expect(finding.fix).toContain(fix);
  });
});

describe('checkFromIdentity', () => {
  const FROM = 'tend@mail.example.org';
  it.each([
    ['its domain is verified', identity(), missing, 'ok', 'mail.example.org is verified'],
    ['the address alone is verified', missing, identity(), 'ok', 'address identity'],
    [
      'its domain is pending, no address identity',
      identity({ verifiedForSending: false, dkimStatus: 'PENDING' }),
      missing,
      'fail',
      'SES refuses to send as tend@mail.example.org',
    ],
    [
      'the address identity waits for its link',
      missing,
      identity({ verifiedForSending: false }),
      'fail',
      'not verified yet',
    ],
    ['neither exists', missing, missing, 'fail', 'neither'],
    [
      'the domain read was denied',
      denied('ses:GetEmailIdentity'),
      missing,
      'unknown',
      'ses:GetEmailIdentity',
    ],
    [
      'a verified address makes a denied domain read moot',
      denied('ses:GetEmailIdentity'),
      identity(),
      'ok',
      'address identity',
    ],
  ] as const)('%s → %s', (_, domain, address, status, found) => {
    const finding = checkFromIdentity(FROM, domain, address);
    expect(finding.status).toBe(status);
    expect(finding.found).toContain(found);
  });
});

describe('checkMx', () => {
  const SES = 'inbound-smtp.eu-west-1.amazonaws.com';
  const record = `${DOMAIN} MX 10 ${SES}`;
  it.each([
    ['SES alone', [{ exchange: SES, priority: 10 }], 'ok', null],
    [
      'SES with a trailing dot, upper case',
      [{ exchange: `${SES.toUpperCase()}.`, priority: 5 }],
      'ok',
      null,
    ],
    [
      'SES first, a backup after',
      [
        { exchange: 'backup.example.net', priority: 20 },
        { exchange: SES, priority: 10 },
      ],
      'ok',
      null,
    ],
    ['no MX record', [], 'fail', `add this DNS record: ${record}`],
    [
      'another provider',
      [{ exchange: 'mx.provider.example', priority: 10 }],
      'fail',
      `replace the MX records of ${DOMAIN} with: ${record}`,
    ],
    [
      'another region',
      [{ exchange: 'inbound-smtp.us-east-1.amazonaws.com', priority: 10 }],
      'fail',
      record,
    ],
    [
      'another host preferred',
      [
        { exchange: 'mx.provider.example', priority: 5 },
        { exchange: SES, priority: 10 },
      ],
      'warn',
      'remove the other MX records',
    ],
    [
      'another host as preferred',
      [
        { exchange: 'mx.provider.example', priority: 10 },
        { exchange: SES, priority: 10 },
      ],
      'warn',
      'remove the other MX records',
    ],
  ] as const)('%s → %s', (_, records, status, fix) => {
    const finding = checkMx(DOMAIN, 'eu-west-1', known([...records]));
    expect(finding.status).toBe(status);
    if (fix === null) expect(finding.fix).toBeNull();
    else expect(finding.fix).toContain(fix);
  });

  it('is unknown when the resolver fails', () => {
    expect(checkMx(DOMAIN, 'eu-west-1', { ...broken, error: 'queryMx ESERVFAIL' }).status).toBe(
      'unknown',
    );
  });
});

describe('checkRuleSet', () => {
  const TEND = 'TendStateless-InboundRulesA1B2';
  it.each([
    ['Tend’s set is active', TEND, known(TEND), 'ok', null],
    [
      'none is active',
      TEND,
      known(null),
      'fail',
      `aws ses set-active-receipt-rule-set --rule-set-name ${TEND}`,
    ],
    ['another set is active', TEND, known('legacy-rules'), 'fail', '-c replaceActiveRuleSet=true'],
    ['the stack has no rule set', null, known('legacy-rules'), 'fail', '--stack'],
    [
      'denied',
      TEND,
      denied('ses:DescribeActiveReceiptRuleSet'),
      'unknown',
      'ses:DescribeActiveReceiptRuleSet',
    ],
  ] as const)('%s → %s', (_, tend, active, status, fix) => {
    const finding = checkRuleSet(DOMAIN, tend, active);
    expect(finding.status).toBe(status);
    if (fix === null) expect(finding.fix).toBeNull();
    else expect(finding.fix).toContain(fix);
  });
});

describe('checkSending', () => {
  it.each([
    ['production access', account(), 'ok', null],
    [
      'the sandbox',
      account({ productionAccessEnabled: false, max24HourSend: 200, maxSendRate: 1 }),
      'warn',
      'Request production access',
    ],
    ['sending paused', account({ sendingEnabled: false }), 'fail', 'Account dashboard'],
    ['shut down', account({ enforcementStatus: 'SHUTDOWN' }), 'fail', 'Account dashboard'],
    ['on probation', account({ enforcementStatus: 'PROBATION' }), 'warn', 'Reputation metrics'],
    ['denied', denied('ses:GetAccount'), 'unknown', 'ses:GetAccount'],
  ] as const)('%s → %s', (_, fact, status, fix) => {
    const finding = checkSending(fact);
    expect(finding.status).toBe(status);
    if (fix === null) expect(finding.fix).toBeNull();
    else expect(finding.fix).toContain(fix);
  });
});

describe('checkSending in the sandbox: whom SES would refuse', () => {
  const sandbox = account({ productionAccessEnabled: false, max24HourSend: 200, maxSendRate: 1 });
  it.each([
    ['not looked up', null, 'warn', 'in the sandbox'],
    [
      'every user verified',
      known({ unverified: [], checked: 2, users: 2 }),
      'warn',
      "every user's address is verified",
    ],
    [
      'more users than looked up',
      known({ unverified: [], checked: 200, users: 250 }),
      'warn',
      'the first 200 of 250 users',
    ],
    [
      'a user SES would refuse',
      known({ unverified: ['bob@example.com'], checked: 2, users: 2 }),
      'fail',
      '1 user is not: bob@example.com',
    ],
    [
      'the look-up was denied',
      denied('ses:GetEmailIdentity'),
      'warn',
      'was not checked: your AWS credentials may not call ses:GetEmailIdentity',
    ],
  ] as const)('%s → %s', (_, recipients, status, found) => {
    const finding = checkSending(sandbox, recipients);
    expect(finding.status).toBe(status);
    expect(finding.found).toContain(found);
    if (status === 'fail')
      expect(finding.fix).toContain(
        'aws sesv2 create-email-identity --email-identity bob@example.com',
      );
  });

  it('ignores the recipients once the account has production access', () => {
    expect(
      checkSending(account(), known({ unverified: ['bob@example.com'], checked: 1, users: 1 }))
        .status,
    ).toBe('ok');
  });
});

describe('checkSendQuota: Monday brings a digest and about one prompt per user', () => {
  it.each([
    ['plenty', account(), 1000, 'ok', 'enough for Monday'],
    ['unlimited a day', account({ max24HourSend: -1 }), 1000, 'ok', 'no daily limit'],
    ['the sandbox, 3 users', account({ max24HourSend: 200, maxSendRate: 1 }), 3, 'ok', 'enough'],
    [
      'the sandbox, 150 users',
      account({ max24HourSend: 200, maxSendRate: 1 }),
      150,
      'warn',
      'wait for the next day',
    ],
    ['a day’s quota below the users', account({ max24HourSend: 10 }), 20, 'warn', '10 a day'],
    [
      'a rate too slow for 15 minutes',
      account({ max24HourSend: 100_000, maxSendRate: 1 }),
      500,
      'warn',
      'take 17 minutes',
    ],
    [
      'just within 15 minutes',
      account({ max24HourSend: 100_000, maxSendRate: 1 }),
      450,
      'ok',
      'enough',
    ],
  ] as const)('%s → %s', (_, fact, users, status, found) => {
    const finding = checkSendQuota(fact, known(users));
    expect(finding.status).toBe(status);
    expect(finding.found).toContain(found);
  });

  it('is unknown without the number of users, naming the permission', () => {
    const finding = checkSendQuota(account(), denied('dynamodb:Query'));
    expect(finding).toMatchObject({
      status: 'unknown',
      fix: expect.stringContaining('dynamodb:Query'),
    });
  });
});

describe('checkConcurrency', () => {
  it.each([
    [1000, 1000, 'ok'],
    [100, 100, 'ok'],
    [99, 99, 'warn'],
    [10, 10, 'warn'],
  ] as const)('a quota of %i (%i unreserved) → %s', (limit, unreserved, status) => {
    const finding = checkConcurrency(
      known({ concurrentExecutions: limit, unreservedConcurrentExecutions: unreserved }),
    );
    expect(finding.status).toBe(status);
    if (status === 'warn') expect(finding.fix).toContain('--quota-code L-B99A9384');
  });
});

describe('checkSuppressedUsers', () => {
  it.each([
    ['nobody', known({ suppressed: [], checked: 3, users: 3 }), 'ok', null],
    ['no users yet', known({ suppressed: [], checked: 0, users: 0 }), 'ok', null],
    [
      'one user bounced',
      known({
        suppressed: [
          { email: 'bob@example.com', reason: 'BOUNCE', since: '2026-11-20T10:00:00.000Z' },
        ],
        checked: 3,
        users: 3,
      }),
      'fail',
      'tend users resume bob@example.com',
    ],
    [
      'more users than looked up',
      known({ suppressed: [], checked: 200, users: 250 }),
      'warn',
      'list-suppressed-destinations',
    ],
    ['denied', denied('ses:GetSuppressedDestination'), 'unknown', 'ses:GetSuppressedDestination'],
  ] as const)('%s → %s', (_, fact, status, fix) => {
    const finding = checkSuppressedUsers(fact);
    expect(finding.status).toBe(status);
    if (fix === null) expect(finding.fix).toBeNull();
    else expect(finding.fix).toContain(fix);
  });
});

describe('checkDeployment', () => {
  const stack: StackFacts = {
    stack: {
      stackName: 'TendStateless',
      inboundDomain: DOMAIN,
      fromAddress: `tend@${DOMAIN}`,
      tableName: 'TendStateful-Table',
      ruleSetName: 'rules',
    },
    inboundIdentity: identity(),
    fromDomainIdentity: identity(),
    fromAddressIdentity: missing,
    mx: known([{ exchange: 'inbound-smtp.eu-west-1.amazonaws.com', priority: 10 }]),
    activeRuleSet: known('rules'),
    users: known(2),
    suppression: known({ suppressed: [], checked: 2, users: 2 }),
    sandboxRecipients: null,
  };
  const base = {
    stackName: 'TendStateless',
    region: 'eu-west-1',
    account: account(),
    concurrency: known({ concurrentExecutions: 1000, unreservedConcurrentExecutions: 1000 }),
  };

  it('reports every check, in order, and passes a healthy deployment', () => {
    const findings = checkDeployment({ ...base, stack: known(stack) });
    expect(findings.map((f) => [f.id, f.status])).toEqual([
      ['stack', 'ok'],
      ['inbound-identity', 'ok'],
      ['from-identity', 'ok'],
      ['mx', 'ok'],
      ['rule-set', 'ok'],
      ['sending', 'ok'],
      ['send-quota', 'ok'],
      ['lambda-concurrency', 'ok'],
      ['suppressed-users', 'ok'],
    ]);
    expect(reportFails(findings)).toBe(false);
  });

  it('passes with warnings only', () => {
    const findings = checkDeployment({
      ...base,
      stack: known(stack),
      account: account({ productionAccessEnabled: false }),
    });
    expect(findings.find((f) => f.id === 'sending')?.status).toBe('warn');
    expect(reportFails(findings)).toBe(false);
  });

  it('fails on a missing stack, and still checks the account and Lambda', () => {
    const findings = checkDeployment({ ...base, stack: known(null) });
    expect(findings.map((f) => [f.id, f.status])).toEqual([
      ['stack', 'fail'],
      ['inbound-identity', 'unknown'],
      ['from-identity', 'unknown'],
      ['mx', 'unknown'],
      ['rule-set', 'unknown'],
      ['sending', 'ok'],
      ['send-quota', 'unknown'],
      ['lambda-concurrency', 'ok'],
      ['suppressed-users', 'unknown'],
    ]);
    expect(reportFails(findings)).toBe(true);
  });

  it('fails when a check could not run', () => {
    const findings = checkDeployment({
      ...base,
      stack: known(stack),
      concurrency: denied('lambda:GetAccountSettings'),
    });
    expect(findings.filter((f) => f.status !== 'ok').map((f) => f.id)).toEqual([
      'lambda-concurrency',
    ]);
    expect(reportFails(findings)).toBe(true);
  });
});
