import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeActiveReceiptRuleSetCommand,
  SESClient,
  SetActiveReceiptRuleSetCommand,
} from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ActivationRequest,
  type ActivationStep,
  planActivation,
} from '../../functions/activate-rule-set/plan-activation';

process.env.AWS_REGION ??= 'us-east-1';
const { handler, PHYSICAL_ID } = await import('../../functions/activate-rule-set/handler');

const TEND = 'TendStatelessInboundRules-ABC';
const OLD_TEND = 'TendStatelessInboundRules-OLD';
const FOREIGN = 'helpdesk-rules';

describe('planActivation: the region has one active rule set, and it may not be ours', () => {
  const base: ActivationRequest = {
    requestType: 'Create',
    ruleSetName: TEND,
    previousRuleSetName: null,
    replaceActive: false,
    active: null,
  };
  it.each<[string, Partial<ActivationRequest>, ActivationStep['kind']]>([
    ['activates when no set is active', {}, 'activate'],
    ['does nothing when ours is already active', { active: TEND }, 'nothing'],
    ['refuses to replace another active set', { active: FOREIGN }, 'refuse'],
    [
      'replaces another active set when told to',
      { active: FOREIGN, replaceActive: true },
      'activate',
    ],
    [
      'activates our replaced set in place of our old one (an update, no flag needed)',
      { requestType: 'Update', previousRuleSetName: OLD_TEND, active: OLD_TEND },
      'activate',
    ],
    [
      'leaves another set active on update, without failing (a failed update would fail its rollback too)',
      { requestType: 'Update', previousRuleSetName: OLD_TEND, active: FOREIGN },
      'nothing',
    ],
    [
      'replaces another set on update when told to',
      { requestType: 'Update', active: FOREIGN, replaceActive: true },
      'activate',
    ],
    ['deactivates ours on delete', { requestType: 'Delete', active: TEND }, 'deactivate'],
    [
      'leaves another active set alone on delete',
      { requestType: 'Delete', active: FOREIGN },
      'nothing',
    ],
    [
      'leaves another set alone on delete even when we had replaced it',
      { requestType: 'Delete', active: FOREIGN, replaceActive: true },
      'nothing',
    ],
    ['has nothing to deactivate when no set is active', { requestType: 'Delete' }, 'nothing'],
  ])('%s', (_name, change, kind) => {
    expect(planActivation({ ...base, ...change }).kind).toBe(kind);
  });

  it('names the active set, Tend set and the override in its refusal', () => {
    const step = planActivation({ ...base, active: FOREIGN });
    expect(step).toEqual({ kind: 'refuse', message: expect.any(String) });
    const message = (step as { message: string }).message;
    expect(message).toContain(`"${FOREIGN}" is active`);
    expect(message).toContain(`("${TEND}")`);
    expect(message).toContain('-c replaceActiveRuleSet=true');
  });

  it('says which set it replaces, so the log tells what to reactivate', () => {
    expect(planActivation({ ...base, active: FOREIGN, replaceActive: true })).toEqual({
      kind: 'activate',
      replacing: FOREIGN,
    });
  });
});

// SES is mocked: receipt rule sets have no local engine; the point is what the custom resource
// asks of SES and answers CloudFormation.
const ses = mockClient(SESClient);

/** Stands in for CloudFormation's presigned response URL and records each response. */
let server: Server;
let responses: Array<Record<string, unknown>>;
let responseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      responses.push(JSON.parse(data) as Record<string, unknown>);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  responseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  ses.reset();
  responses = [];
});

const activeIs = (name: string | null) =>
  ses
    .on(DescribeActiveReceiptRuleSetCommand)
    .resolves(name === null ? {} : { Metadata: { Name: name }, Rules: [] });

function event(
  RequestType: 'Create' | 'Update' | 'Delete',
  props: { RuleSetName?: string; ReplaceActiveRuleSet?: string } = {},
  old?: { RuleSetName: string },
) {
  return {
    RequestType,
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/TendStateless/guid',
    RequestId: 'request-1',
    LogicalResourceId: 'ActiveRuleSet',
    ResourceType: 'Custom::TendActiveReceiptRuleSet',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:activate',
    ...(RequestType === 'Create' ? {} : { PhysicalResourceId: PHYSICAL_ID }),
    ResourceProperties: {
      ServiceToken: 'x',
      RuleSetName: TEND,
      ReplaceActiveRuleSet: 'false',
      ...props,
    },
    ...(old ? { OldResourceProperties: { ServiceToken: 'x', ...old } } : {}),
  };
}

const activations = () =>
  ses.commandCalls(SetActiveReceiptRuleSetCommand).map((c) => c.args[0].input);

describe('the activation custom resource', () => {
  it('activates Tend’s set when none is active, and answers with its constant physical id', async () => {
    activeIs(null);
    await handler(event('Create'));
    expect(activations()).toEqual([{ RuleSetName: TEND }]);
    expect(responses).toEqual([
      {
        Status: 'SUCCESS',
        Reason: 'see the function logs',
        PhysicalResourceId: 'tend-active-receipt-rule-set',
        StackId: event('Create').StackId,
        RequestId: 'request-1',
        LogicalResourceId: 'ActiveRuleSet',
      },
    ]);
  });

  it('fails the deploy with a clear reason instead of replacing another active set', async () => {
    activeIs(FOREIGN);
    await handler(event('Create'));
    expect(activations()).toEqual([]);
    expect(responses[0]).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: PHYSICAL_ID,
      Reason: expect.stringContaining(`"${FOREIGN}" is active`),
    });
  });

  it('on update leaves a set activated since the deploy alone, and succeeds', async () => {
    activeIs(FOREIGN);
    await handler(event('Update', {}, { RuleSetName: TEND }));
    expect(activations()).toEqual([]);
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_ID });
  });

  it('replaces another active set with ReplaceActiveRuleSet=true', async () => {
    activeIs(FOREIGN);
    await handler(event('Create', { ReplaceActiveRuleSet: 'true' }));
    expect(activations()).toEqual([{ RuleSetName: TEND }]);
    expect(responses[0]?.Status).toBe('SUCCESS');
  });

  it('keeps the same physical id when the rule set is replaced, so no delete follows', async () => {
    activeIs(OLD_TEND);
    await handler(event('Update', {}, { RuleSetName: OLD_TEND }));
    expect(activations()).toEqual([{ RuleSetName: TEND }]);
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_ID });
  });

  it('on delete deactivates Tend’s set when it is the active one', async () => {
    activeIs(TEND);
    await handler(event('Delete'));
    // SetActiveReceiptRuleSet with no name deactivates the active set, checked to be ours.
    expect(activations()).toEqual([{}]);
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_ID });
  });

  it('on delete leaves someone else’s active set as it is', async () => {
    activeIs(FOREIGN);
    await handler(event('Delete'));
    expect(activations()).toEqual([]);
    expect(responses[0]?.Status).toBe('SUCCESS');
  });

  it('answers FAILED with the reason when SES refuses, so the deploy stops instead of hanging', async () => {
    activeIs(null);
    ses.on(SetActiveReceiptRuleSetCommand).rejects(new Error('AccessDenied: not allowed'));
    await handler(event('Create'));
    expect(responses[0]).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('not allowed'),
    });
  });

  it('ignores an event that is not a custom resource request', async () => {
    await expect(handler({ hello: 'world' })).resolves.toBeUndefined();
    expect(ses.calls()).toHaveLength(0);
    expect(responses).toHaveLength(0);
  });
});
