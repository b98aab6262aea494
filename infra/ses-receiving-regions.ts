import { Aws, CfnRule, Fn, Token, type Stack } from 'aws-cdk-lib';
import { DeployConfigError } from './config';

/**
 * The regions where SES receives email (inbound-smtp.<region>.amazonaws.com), after the "Email
 * Receiving endpoints" table of the AWS General Reference, Amazon SES endpoints and quotas
 * (https://docs.aws.amazon.com/general/latest/gr/ses.html). Eleven are from a copy of that table
 * (January 2024); us-west-1, sa-east-1, eu-west-3, eu-north-1, ap-south-1 and ap-northeast-2
 * were added later and are seen receiving in 2025-26 (MX records, SES Received headers).
 * Compare with the live page when touching this: AWS adds regions over time, and the infra
 * tests pin the list, so a change is a reviewed one.
 */
export const SES_RECEIVING_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
] as const;

const ALLOWED = SES_RECEIVING_REGIONS.join(', ');

/** What a deploy to another region is told, at synth time (the region) or by CloudFormation. */
export function regionRefusal(region = 'this region'): string {
  return `Tend needs SES email receiving, which ${region} does not offer. Deploy to one of: ${ALLOWED}.`;
}

/**
 * Refuses, at synth time, a region the CDK CLI resolved (CDK_DEFAULT_REGION, from --profile,
 * AWS_REGION or the config file). Unknown regions pass: the template's rule decides at deploy.
 */
export function checkReceivingRegion(region: string | undefined): void {
  if (region === undefined || region === '' || Token.isUnresolved(region)) return;
  if (!(SES_RECEIVING_REGIONS as readonly string[]).includes(region))
    throw new DeployConfigError(regionRefusal(region));
}

/**
 * A CloudFormation rule: the stack is refused before any resource is created when deployed to a
 * region without SES receiving (the templates are region-agnostic, so this holds wherever they
 * are deployed, whatever the synth knew).
 */
export function refuseRegionsWithoutReceiving(stack: Stack): CfnRule {
  return new CfnRule(stack, 'SesReceivingRegion', {
    assertions: [
      {
        assert: Fn.conditionContains([...SES_RECEIVING_REGIONS], Aws.REGION),
        assertDescription: regionRefusal(),
      },
    ],
  });
}
