import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { Annotations, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The plugin name CfnGuardValidator reports under. */
const PLUGIN = 'cdk-validator-cfnguard';

/**
 * CloudFormation Guard on every synthesized template, offline: the plugin ships the cfn-guard
 * binary and AWS Control Tower's proactive-control rules. Like the nag pack, a finding that is
 * not acknowledged fails the synth (and so `cdk deploy`, and the infra tests).
 */
export function guardValidator(): CfnGuardValidator {
  return new CfnGuardValidator({ controlTowerRulesEnabled: true });
}

/** What `-c guard=false` prints on every stack: the checks that did not run, and why it matters. */
export const GUARD_OFF_WARNING =
  'CloudFormation Guard is off (-c guard=false): the AWS Control Tower rules did not check these templates. Synthesize on Linux, macOS or WSL 2 with Guard on before trusting a change (README, Prerequisites).';

/** Marks a stack synthesized without Guard: `cdk synth` and `cdk deploy` print it as a warning. */
export function warnGuardOff(scope: IConstruct): void {
  Annotations.of(scope).addWarningV2('tend:guard-off', GUARD_OFF_WARNING);
}

/**
 * Acknowledges one Guard rule (`sqs_dlq_check`) on a construct and its children, with the
 * reason a reviewer reads. Every Guard acknowledgement in infra/ goes through here.
 */
export function acknowledgeGuard(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${PLUGIN}::${rule}`, reason });
}
