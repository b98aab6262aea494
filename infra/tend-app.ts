import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type DeployConfig, deployConfigFromContext } from './config';
import { guardValidator, warnGuardOff } from './guard';
import { checkReceivingRegion } from './ses-receiving-regions';
import { TendStatefulStack } from './stateful-stack';
import { TendStatelessStack } from './stateless-stack';

export interface TendStacks {
  readonly config: DeployConfig;
  readonly stateful: TendStatefulStack;
  readonly stateless: TendStatelessStack;
}

export interface BuildOptions {
  /** The region the CDK CLI resolved (CDK_DEFAULT_REGION), when it resolved one. */
  readonly region?: string | undefined;
  /**
   * CloudFormation Guard on synth (default true), unless context turns it off (`-c guard=false`).
   * The infra tests' in-process variants leave it to the run's one CLI synth, which checks the
   * default context with it.
   */
  readonly guard?: boolean;
}

/**
 * Builds the whole deployment into an app: the config from context, a region check, both
 * stacks, and two validation plugins that fail the synth on any finding not acknowledged with a
 * reason: the cdk-nag AwsSolutions pack and CloudFormation Guard's Control Tower rules. Used by
 * infra/app.ts and by the infra tests.
 */
export function buildTendApp(app: App, options: BuildOptions = {}): TendStacks {
  const config = deployConfigFromContext(app.node);
  checkReceivingRegion(options.region);
  const stateful = new TendStatefulStack(app, 'TendStateful', {
    config,
    description: 'Tend: the table and the raw-mail bucket (retained on delete)',
  });
  const stateless = new TendStatelessStack(app, 'TendStateless', {
    config,
    data: stateful.refs,
    description: `Tend: SES receipt, functions, schedule and alarms for ${config.inboundDomain}`,
  });
  // The stacks meet through named exports (Fn::ImportValue), which CDK does not trace.
  stateless.addStackDependency(stateful);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  // -c guard=false (a machine cfn-guard has no binary for, such as native Windows): the plugin is
  // never constructed, since constructing it is what throws there; each stack says so instead.
  if (!config.guard) for (const stack of [stateful, stateless]) warnGuardOff(stack);
  else if (options.guard ?? true) Validations.of(app).addPlugins(guardValidator());
  return { config, stateful, stateless };
}
