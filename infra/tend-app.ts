import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type DeployConfig, deployConfigFromContext } from './config';
import { TendStatefulStack } from './stateful-stack';
import { TendStatelessStack } from './stateless-stack';

export interface TendStacks {
  readonly config: DeployConfig;
  readonly stateful: TendStatefulStack;
  readonly stateless: TendStatelessStack;
}

/**
 * Builds the whole deployment into an app: the config from context, both stacks, and the
 * cdk-nag AwsSolutions pack, which fails the synth on any finding that is not acknowledged
 * with a reason. Used by infra/app.ts and by the infra tests.
 */
export function buildTendApp(app: App): TendStacks {
  const config = deployConfigFromContext(app.node);
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
  return { config, stateful, stateless };
}
