import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeActiveReceiptRuleSetCommand, SESClient } from '@aws-sdk/client-ses';
import {
  GetAccountCommand,
  GetEmailIdentityCommand,
  GetSuppressedDestinationCommand,
  NotFoundException,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { resolveMx } from 'node:dns/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../shared/domain/doctor/finding';
import { createHarness, type Harness } from '../support/tend-harness';
import { CLI_TEST_TIMEOUT_MS, cliEnv, tend } from './run-cli';

/**
 * `tend doctor` (SPEC 7) through the real CLI. There is no AWS here, and the local engines have
 * no CloudFormation, SES identities, receipt rules or Lambda quotas: those answers are AWS's
 * documented shapes played by aws-sdk-client-mock, and the MX records by a fake resolveMx. The
 * users are real, on this file's own table in DynamoDB Local, which the stack's CliCommand
 * output names.
 */

vi.mock('node:dns/promises', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:dns/promises')>()),
  resolveMx: vi.fn(),
}));

const DOMAIN = 'tend.example.com';
const FROM = `tend@${DOMAIN}`;
const RULE_SET = 'TendStateless-InboundRules5F4E3D2C';
/** The local engines' region (local/env.ts LOCAL_REGION): DynamoDB Local answers in any. */
const REGION = 'us-east-1';
const SES_INBOUND = `inbound-smtp.${REGION}.amazonaws.com`;
const USERS = ['ana@example.com', 'bob@example.com', 'cy@example.com'];

const cloudFormation = mockClient(CloudFormationClient);
const sesv2 = mockClient(SESv2Client);
const ses = mockClient(SESClient);
const lambda = mockClient(LambdaClient);
const mx = vi.mocked(resolveMx);

let h: Harness;
let env: Record<string, string>;

const notFound = () => new NotFoundException({ message: 'not found', $metadata: {} });
const accessDenied = (action: string) =>
  Object.assign(new Error(`User is not authorized to perform: ${action}`), {
    name: 'AccessDeniedException',
    $metadata: { httpStatusCode: 403 },
  });
const dnsError = (code: string) => Object.assign(new Error(`queryMx ${code} ${DOMAIN}`), { code });

/** A healthy deployment: every check passes. Each test changes one answer. */
function healthy(): void {
  for (const mock of [cloudFormation, sesv2, ses, lambda]) mock.reset();
  cloudFormation.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'TendStateless',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date('2026-11-01T00:00:00Z'),
        Outputs: [
          { OutputKey: 'MxRecord', OutputValue: `${DOMAIN} MX 10 ${SES_INBOUND}` },
          {
            OutputKey: 'CliCommand',
            OutputValue: `TEND_TARGET=aws AWS_REGION=${REGION} TEND_TABLE=${h.ctx.table} TEND_BUCKET=${h.ctx.bucket} TEND_TOKEN_SECRET_PARAM=/TendStateless/reply-token-secret TEND_INBOUND_DOMAIN=${DOMAIN} TEND_FROM=${FROM} TEND_WEB_URL=https://abc.lambda-url.${REGION}.on.aws/ npx tend users list`,
          },
        ],
      },
    ],
  });
  cloudFormation.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: [
      {
        LogicalResourceId: 'IngestFunction',
        PhysicalResourceId: 'TendStateless-Ingest',
        ResourceType: 'AWS::Lambda::Function',
        ResourceStatus: 'CREATE_COMPLETE',
        LastUpdatedTimestamp: new Date(),
      },
      {
        LogicalResourceId: 'InboundRules5F4E3D2C',
        PhysicalResourceId: RULE_SET,
        ResourceType: 'AWS::SES::ReceiptRuleSet',
        ResourceStatus: 'CREATE_COMPLETE',
        LastUpdatedTimestamp: new Date(),
      },
    ],
  });
  sesv2.on(GetEmailIdentityCommand).rejects(notFound());
  sesv2.on(GetEmailIdentityCommand, { EmailIdentity: DOMAIN }).resolves({
    IdentityType: 'DOMAIN',
    VerifiedForSendingStatus: true,
    DkimAttributes: { SigningEnabled: true, Status: 'SUCCESS', Tokens: ['t1', 't2', 't3'] },
  });
  sesv2.on(GetAccountCommand).resolves({
    ProductionAccessEnabled: true,
    SendingEnabled: true,
    EnforcementStatus: 'HEALTHY',
    SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 3 },
  });
  sesv2.on(GetSuppressedDestinationCommand).rejects(notFound());
  ses.on(DescribeActiveReceiptRuleSetCommand).resolves({ Metadata: { Name: RULE_SET }, Rules: [] });
  lambda.on(GetAccountSettingsCommand).resolves({
    AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 },
  });
  mx.mockReset();
  mx.mockResolvedValue([{ exchange: SES_INBOUND, priority: 10 }]);
}

function sandbox(): void {
  sesv2.on(GetAccountCommand).resolves({
    ProductionAccessEnabled: false,
    SendingEnabled: true,
    EnforcementStatus: 'HEALTHY',
    SendQuota: { Max24HourSend: 200, MaxSendRate: 1 },
  });
}

interface Report {
  stackName: string;
  region: string;
  findings: Finding[];
  fails: boolean;
}

async function doctor(
  args: string[] = [],
): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await tend(env, ['doctor', '--json', ...args]);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}
const finding = (report: Report, id: string) => report.findings.find((f) => f.id === id)!;
/** Each check's status, for the ones the test did not break. */
const statuses = (report: Report) =>
  Object.fromEntries(report.findings.map((f) => [f.id, f.status]));

beforeAll(async () => {
  h = await createHarness('cli-doctor');
  for (const email of USERS) await h.register(email);
  // The operator's AWS environment; TEND_TARGET does not matter to doctor.
  env = cliEnv(h.ctx.env);
});
beforeEach(healthy);
afterAll(() => {
  for (const mock of [cloudFormation, sesv2, ses, lambda]) mock.restore();
});

describe('tend doctor', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('passes a healthy deployment, reading only, and counts the users from the table', async () => {
    const { code, report } = await doctor();
    expect(code).toBe(0);
    expect(report).toMatchObject({ stackName: 'TendStateless', region: REGION, fails: false });
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([
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
    expect(finding(report, 'send-quota').found).toContain('3 users');
    // Read-only: every call is a Get, Describe or List.
    const calls = [cloudFormation, sesv2, ses, lambda].flatMap((m) =>
      m.calls().map((c) => (c.args[0] as object).constructor.name),
    );
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((name) => !/^(Get|Describe|List)/.test(name))).toEqual([]);
    expect(
      sesv2.commandCalls(GetSuppressedDestinationCommand).map((c) => c.args[0].input.EmailAddress),
    ).toEqual(expect.arrayContaining(USERS));
    expect(mx).toHaveBeenCalledWith(DOMAIN);
  });

  it('prints a readable report by default', async () => {
    const r = await tend(env, ['doctor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^TendStateless in us-east-1:\n/);
    expect(r.stdout).toContain(
      'ok    mx                  tend.example.com MX points at 10 inbound-smtp.us-east-1.amazonaws.com',
    );
    expect(r.stdout).toContain('9 ok, 0 warnings, 0 failed, 0 not checked\n');
  });

  it('prints each problem with its fix under it, and the tally on stderr', async () => {
    mx.mockRejectedValue(dnsError('ENOTFOUND'));
    lambda.on(GetAccountSettingsCommand).resolves({
      AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 },
    });
    const r = await tend(env, ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `FAIL  mx                  ${DOMAIN} has no MX record: mail for it never reaches SES\n` +
        `                          fix: add this DNS record: ${DOMAIN} MX 10 ${SES_INBOUND}\n`,
    );
    expect(r.stdout).toContain('warn  lambda-concurrency  Lambda may run 10 executions at once');
    expect(r.stdout).toContain('\n7 ok, 1 warning, 1 failed, 0 not checked\n');
    expect(r.stderr).toBe('tend: doctor: 1 check failed, 0 could not run\n');
  });

  it('reads the stack named by --stack', async () => {
    await doctor(['--stack', 'TendStatelessStaging']);
    expect(cloudFormation.commandCalls(DescribeStacksCommand)[0]!.args[0].input).toEqual({
      StackName: 'TendStatelessStaging',
    });
  });

  it("finds Tend's rule set on a later page of the stack's resources", async () => {
    const summary = (id: string, type: string) => ({
      LogicalResourceId: id,
      PhysicalResourceId: id,
      ResourceType: type,
      ResourceStatus: 'CREATE_COMPLETE' as const,
      LastUpdatedTimestamp: new Date(),
    });
    cloudFormation
      .on(ListStackResourcesCommand)
      .resolvesOnce({
        StackResourceSummaries: [summary('Ingest', 'AWS::Lambda::Function')],
        NextToken: 'page-2',
      })
      .resolvesOnce({ StackResourceSummaries: [summary(RULE_SET, 'AWS::SES::ReceiptRuleSet')] });
    const { report } = await doctor();
    expect(finding(report, 'rule-set').status).toBe('ok');
    // The paginator reuses one input object, so only the number of calls tells the pages apart.
    expect(cloudFormation.commandCalls(ListStackResourcesCommand)).toHaveLength(2);
  });

  it.each<[string, () => void, string, Finding['status'], string]>([
    [
      'an unverified domain, DKIM pending',
      () =>
        sesv2.on(GetEmailIdentityCommand, { EmailIdentity: DOMAIN }).resolves({
          VerifiedForSendingStatus: false,
          DkimAttributes: { Status: 'PENDING', Tokens: ['t1', 't2', 't3'] },
        }),
      'inbound-identity',
      'fail',
      `t1._domainkey.${DOMAIN} CNAME t1.dkim.amazonses.com`,
    ],
    [
      'a verified domain whose DKIM is pending again',
      () =>
        sesv2.on(GetEmailIdentityCommand, { EmailIdentity: DOMAIN }).resolves({
          VerifiedForSendingStatus: true,
          DkimAttributes: { Status: 'PENDING', Tokens: ['t1', 't2', 't3'] },
        }),
      'inbound-identity',
      'warn',
      `t3._domainkey.${DOMAIN} CNAME t3.dkim.amazonses.com`,
    ],
    [
      'no identity at all',
      () => sesv2.on(GetEmailIdentityCommand, { EmailIdentity: DOMAIN }).rejects(notFound()),
      'from-identity',
      'fail',
      '-c fromIdentity=',
    ],
    [
      'no MX record',
      () => mx.mockRejectedValue(dnsError('ENODATA')),
      'mx',
      'fail',
      `add this DNS record: ${DOMAIN} MX 10 ${SES_INBOUND}`,
    ],
    [
      'an MX record elsewhere',
      () => mx.mockResolvedValue([{ exchange: 'mx1.mail.example.net', priority: 10 }]),
      'mx',
      'fail',
      `replace the MX records of ${DOMAIN} with: ${DOMAIN} MX 10 ${SES_INBOUND}`,
    ],
    [
      'another rule set active',
      () =>
        ses.on(DescribeActiveReceiptRuleSetCommand).resolves({ Metadata: { Name: 'legacy-app' } }),
      'rule-set',
      'fail',
      '-c replaceActiveRuleSet=true',
    ],
    [
      'no rule set active',
      () => ses.on(DescribeActiveReceiptRuleSetCommand).resolves({}),
      'rule-set',
      'fail',
      `aws ses set-active-receipt-rule-set --rule-set-name ${RULE_SET}`,
    ],
    [
      'the suppression list holding a user',
      () =>
        sesv2.on(GetSuppressedDestinationCommand, { EmailAddress: 'bob@example.com' }).resolves({
          SuppressedDestination: {
            EmailAddress: 'bob@example.com',
            Reason: 'BOUNCE',
            LastUpdateTime: new Date('2026-11-20T10:00:00Z'),
          },
        }),
      'suppressed-users',
      'fail',
      'tend users resume bob@example.com',
    ],
    [
      'the sandbox, with users SES would refuse',
      () => {
        sandbox();
        sesv2.on(GetEmailIdentityCommand, { EmailIdentity: 'cy@example.com' }).resolves({
          VerifiedForSendingStatus: true,
        });
      },
      'sending',
      'fail',
      'aws sesv2 create-email-identity --email-identity ana@example.com; aws sesv2 create-email-identity --email-identity bob@example.com (each then clicks',
    ],
    [
      'no such stack',
      () =>
        cloudFormation.on(DescribeStacksCommand).rejects(
          Object.assign(new Error('Stack with id TendStateless does not exist'), {
            name: 'ValidationError',
          }),
        ),
      'stack',
      'fail',
      'npx cdk deploy --all $TEND_CDK',
    ],
  ])('fails on %s, and names the fix', async (_, arrange, id, status, fix) => {
    arrange();
    const { code, report, stderr } = await doctor();
    expect(finding(report, id)).toMatchObject({ status, fix: expect.stringContaining(fix) });
    expect(code).toBe(status === 'fail' ? 1 : 0);
    if (status === 'fail')
      expect(stderr).toMatch(/^tend: doctor: [1-9]\d* checks? failed, \d+ could not run\n$/);
  });

  it.each<[string, () => void, string, string]>([
    [
      'the sandbox, every user at a verified domain',
      () => {
        sandbox();
        sesv2.on(GetEmailIdentityCommand, { EmailIdentity: 'example.com' }).resolves({
          VerifiedForSendingStatus: true,
          DkimAttributes: { Status: 'SUCCESS', Tokens: [] },
        });
      },
      'sending',
      'Request production access',
    ],
    [
      'a daily quota smaller than Monday needs',
      () =>
        sesv2.on(GetAccountCommand).resolves({
          ProductionAccessEnabled: true,
          SendingEnabled: true,
          SendQuota: { Max24HourSend: 4, MaxSendRate: 1 },
        }),
      'send-quota',
      'Sending quota',
    ],
    [
      'a send rate that makes Monday take over 15 minutes',
      () =>
        sesv2.on(GetAccountCommand).resolves({
          ProductionAccessEnabled: true,
          SendingEnabled: true,
          SendQuota: { Max24HourSend: 50_000, MaxSendRate: 0.005 },
        }),
      'send-quota',
      'Maximum send rate',
    ],
    [
      'a Lambda concurrency quota of 10',
      () =>
        lambda.on(GetAccountSettingsCommand).resolves({
          AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 },
        }),
      'lambda-concurrency',
      'aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384',
    ],
  ])('warns on %s, names the fix, and exits 0', async (_, arrange, id, fix) => {
    arrange();
    const { code, report } = await doctor();
    expect(finding(report, id)).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining(fix),
    });
    expect(code).toBe(0);
  });

  it('reports a refused call as unknown with the missing permission, and runs the rest', async () => {
    sesv2.on(GetAccountCommand).rejects(accessDenied('ses:GetAccount'));
    const { code, report, stderr } = await doctor();
    expect(finding(report, 'sending')).toEqual({
      id: 'sending',
      status: 'unknown',
      found: 'not checked: your AWS credentials may not call ses:GetAccount',
      fix: 'allow ses:GetAccount to the identity running tend (README, "What tend needs")',
    });
    expect(finding(report, 'send-quota').status).toBe('unknown');
    expect(statuses(report)).toMatchObject({
      stack: 'ok',
      'inbound-identity': 'ok',
      mx: 'ok',
      'rule-set': 'ok',
      'lambda-concurrency': 'ok',
      'suppressed-users': 'ok',
    });
    expect(code).toBe(1);
    expect(stderr).toBe('tend: doctor: 0 checks failed, 2 could not run\n');
  });

  it('without the stack, still checks the SES account and Lambda', async () => {
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(
        Object.assign(new Error('not authorized'), { name: 'AccessDenied', Code: 'AccessDenied' }),
      );
    const { code, report } = await doctor();
    expect(statuses(report)).toEqual({
      stack: 'unknown',
      'inbound-identity': 'unknown',
      'from-identity': 'unknown',
      mx: 'unknown',
      'rule-set': 'unknown',
      sending: 'ok',
      'send-quota': 'unknown',
      'lambda-concurrency': 'ok',
      'suppressed-users': 'unknown',
    });
    expect(finding(report, 'stack').fix).toContain('cloudformation:DescribeStacks');
    expect(code).toBe(1);
  });

  it('reports a DNS failure as unknown, not as a missing record', async () => {
    mx.mockRejectedValue(dnsError('ESERVFAIL'));
    const { report } = await doctor();
    expect(finding(report, 'mx')).toMatchObject({
      status: 'unknown',
      found: expect.stringContaining('ESERVFAIL'),
    });
  });
});
