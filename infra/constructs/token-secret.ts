import { ArnFormat, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TendFunction } from './tend-function';

export interface TokenSecretProps {
  /** The SSM parameter name, starting with `/`. */
  readonly parameterName: string;
}

/**
 * The reply-token HMAC secret as an SSM SecureString. CloudFormation cannot create
 * SecureString parameters, and a value passed as a property would sit in the template, so a
 * custom resource (functions/secret-bootstrap) generates it at deploy time, once. The
 * parameter outlives the stack: replacing it would invalidate every reply link in flight.
 */
export class TokenSecret extends Construct {
  readonly parameterName: string;
  readonly parameterArn: string;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: TokenSecretProps) {
    super(scope, id);
    this.parameterName = props.parameterName;
    this.parameterArn = Stack.of(this).formatArn({
      service: 'ssm',
      resource: 'parameter',
      // The ARN has one slash between `parameter` and a name that starts with one.
      resourceName: props.parameterName.replace(/^\//, ''),
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    const bootstrap = new TendFunction(this, 'Bootstrap', {
      entry: 'secretBootstrap',
      description: 'Tend: creates the reply-token secret in SSM if it is missing (deploy time)',
      memorySize: 256,
      timeout: Duration.seconds(30),
    });
    // PutParameter only; the aws/ssm key policy already lets principals of this account
    // encrypt through SSM, so no KMS statement is needed.
    bootstrap.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'CreateTokenSecret',
        actions: ['ssm:PutParameter'],
        resources: [this.parameterArn],
      }),
    );

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: bootstrap.function.functionArn,
      resourceType: 'Custom::TendTokenSecret',
      properties: { ParameterName: props.parameterName },
    });
    // The role's policy must exist before CloudFormation invokes the function.
    this.resource.node.addDependency(bootstrap.role);
  }
}
