import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The plugin namespace cdk-nag's AwsSolutions pack reports under. */
const PACK = 'AwsSolutions';

/**
 * Acknowledges one AwsSolutions finding (`L1`, `IAM5[Resource::…]`) on a construct and its
 * children, with the reason a reviewer reads. Every suppression in infra/ goes through here.
 */
export function acknowledgeNag(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${PACK}::${PACK}-${finding}`, reason });
}
