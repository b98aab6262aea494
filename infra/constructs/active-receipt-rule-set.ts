import { CustomResource, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../nag';
import { ACTIVATION_ACTIONS } from '../permissions';
import { TendFunction } from './tend-function';

export interface ActiveReceiptRuleSetProps {
  readonly ruleSet: ses.ReceiptRuleSet;
  /** The rule (and so the invoke permission SES checks) must exist before the set is active. */
  readonly rule: ses.ReceiptRule;
  /** `-c replaceActiveRuleSet=true`: replace another active set instead of stopping the deploy. */
  readonly replaceActive: boolean;
}

/**
 * Makes the rule set the region's active one. CloudFormation creates receipt rule sets but never
 * activates them, and SES has one active set per region, which may be someone else's. The
 * function (functions/activate-rule-set) refuses to replace a set that is not Tend's unless told
 * to, and on delete deactivates Tend's set only (which also lets CloudFormation delete it: SES
 * refuses to delete an active set).
 */
export class ActiveReceiptRuleSet extends Construct {
  readonly resource: CustomResource;
  readonly handler: TendFunction;

  constructor(scope: Construct, id: string, props: ActiveReceiptRuleSetProps) {
    super(scope, id);
    this.handler = new TendFunction(this, 'Handler', {
      entry: 'activateRuleSet',
      description:
        'Tend: activates the SES receipt rule set, never replacing another (deploy time)',
      memorySize: 256,
      timeout: Duration.seconds(30),
    });
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ActivateReceiptRuleSet',
        actions: [...ACTIVATION_ACTIONS],
        resources: ['*'],
      }),
    );
    acknowledgeNag(
      this.handler.role,
      'IAM5[Resource::*]',
      'ses:DescribeActiveReceiptRuleSet and ses:SetActiveReceiptRuleSet support no resource-level permissions; the statement allows those two actions only.',
    );

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.handler.function.functionArn,
      resourceType: 'Custom::TendActiveReceiptRuleSet',
      properties: {
        RuleSetName: props.ruleSet.receiptRuleSetName,
        ReplaceActiveRuleSet: String(props.replaceActive),
      },
    });
    // The role's policy must exist before CloudFormation invokes the function, and the rule
    // before the set goes live.
    this.resource.node.addDependency(this.handler.role, props.rule);
  }
}
