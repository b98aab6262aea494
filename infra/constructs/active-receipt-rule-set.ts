import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as ses from 'aws-cdk-lib/aws-ses';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
  type AwsSdkCall,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { LOG_RETENTION } from './tend-function';
import { acknowledgeNag } from '../nag';

export interface ActiveReceiptRuleSetProps {
  readonly ruleSet: ses.ReceiptRuleSet;
}

/**
 * Makes the rule set the region's active one. CloudFormation creates receipt rule sets but
 * never activates them, and SES has one active set per region. On delete the region is left
 * with no active set (SetActiveReceiptRuleSet without a name), which also lets CloudFormation
 * delete the rule set: SES refuses to delete an active one.
 */
export class ActiveReceiptRuleSet extends Construct {
  readonly resource: AwsCustomResource;

  constructor(scope: Construct, id: string, props: ActiveReceiptRuleSetProps) {
    super(scope, id);
    const ruleSetName = props.ruleSet.receiptRuleSetName;
    const activate: AwsSdkCall = {
      service: 'SES',
      action: 'setActiveReceiptRuleSet',
      parameters: { RuleSetName: ruleSetName },
      physicalResourceId: PhysicalResourceId.of(ruleSetName),
    };

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role, so the provider does not get the AWSLambdaBasicExecutionRole managed policy.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Tend: activates the SES receipt rule set (deploy time)',
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    this.resource = new AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::TendActiveReceiptRuleSet',
      onCreate: activate,
      onUpdate: activate,
      onDelete: { service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} },
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          sid: 'ActivateReceiptRuleSet',
          actions: ['ses:SetActiveReceiptRuleSet'],
          // SES receipt rule set actions have no resource-level permissions.
          resources: ['*'],
        }),
      ]),
      role,
      logGroup,
      installLatestAwsSdk: false,
    });
    acknowledgeNag(
      this.resource,
      'IAM5[Resource::*]',
      'ses:SetActiveReceiptRuleSet supports no resource-level permissions; the statement allows that one action only.',
    );
    // Activate only once the rule (and the permissions SES checks when it is created) exists.
    this.resource.node.addDependency(props.ruleSet);
  }
}
