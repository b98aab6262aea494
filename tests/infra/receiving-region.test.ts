import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeployConfigError } from '../../infra/config';
import {
  checkReceivingRegion,
  regionRefusal,
  SES_RECEIVING_REGIONS,
} from '../../infra/ses-receiving-regions';
import { buildTendApp } from '../../infra/tend-app';
import { BASE_CONTEXT, SYNTH_TIMEOUT_MS, sharedTemplates } from './support';

describe('regions without SES email receiving are refused', () => {
  let stacks: { stateful: Template; stateless: Template };
  beforeAll(async () => {
    stacks = await sharedTemplates();
  }, SYNTH_TIMEOUT_MS);

  it('pins the receiving regions (the AWS General Reference table; review a change against it)', () => {
    expect([...SES_RECEIVING_REGIONS].sort()).toEqual([
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-south-1',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ca-central-1',
      'eu-central-1',
      'eu-north-1',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'sa-east-1',
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
    ]);
  });

  it.each(['stateful', 'stateless'] as const)(
    'the %s template has a rule that CloudFormation checks before creating anything',
    (name) => {
      // Beside CDK's own CheckBootstrapVersion rule.
      expect(stacks[name].toJSON().Rules.SesReceivingRegion).toEqual({
        Assertions: [
          {
            Assert: { 'Fn::Contains': [[...SES_RECEIVING_REGIONS], { Ref: 'AWS::Region' }] },
            AssertDescription: regionRefusal(),
          },
        ],
      });
    },
  );

  it('the refusal names every region that would work', () => {
    const message = regionRefusal('eu-south-2');
    expect(message).toMatch(/^Tend needs SES email receiving, which eu-south-2 does not offer\./);
    for (const region of SES_RECEIVING_REGIONS) expect(message).toContain(region);
  });

  it.each([
    ['a receiving region', 'eu-west-1', false],
    ['no region known to the CLI', undefined, false],
    ['a region without receiving', 'eu-south-2', true],
    ['a GovCloud region', 'us-gov-west-1', true],
  ])('at synth time, accepts or refuses %s', (_name, region, refused) => {
    const check = () => checkReceivingRegion(region);
    if (refused) expect(check).toThrow(new DeployConfigError(regionRefusal(region)));
    else expect(check).not.toThrow();
  });

  it('stops the app before any stack is built when the CLI’s region has no receiving', () => {
    const app = new App({ context: BASE_CONTEXT });
    expect(() => buildTendApp(app, { region: 'me-central-1' })).toThrow(DeployConfigError);
    expect(app.node.children).toHaveLength(0);
  });
});
