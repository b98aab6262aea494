import type {
  DeployedStack,
  EmailIdentityFacts,
  LambdaConcurrencyFacts,
  MxRecord,
  SesAccountFacts,
} from '../domain/doctor/facts';
import type { SuppressionList } from './suppression-list';
import type { UserStore } from './user-store';

/**
 * What `tend doctor` reads of a deployment, one small port per source, every one read-only.
 * Each may throw AccessDeniedError (the missing IAM action) or any other error: the use case
 * reports that check as unknown and goes on.
 */
export interface StackReader {
  /** The deployment STACK describes; null when there is no such stack in the region. */
  describe(stackName: string): Promise<DeployedStack | null>;
}

export interface SesAccountReader {
  /** An identity (a domain or an address); null when SES has none by that name. */
  identity(name: string): Promise<EmailIdentityFacts | null>;
  account(): Promise<SesAccountFacts>;
}

export interface ReceiptRuleReader {
  /** The region's active receipt rule set; null when none is active. */
  activeRuleSetName(): Promise<string | null>;
}

export interface MxLookup {
  /** The domain's MX records; empty when it has none (or does not exist). */
  mx(domain: string): Promise<MxRecord[]>;
}

export interface LambdaQuotaReader {
  concurrency(): Promise<LambdaConcurrencyFacts>;
}

export interface DeploymentProbes {
  /** The region the SDK resolved from the AWS environment. */
  region(): Promise<string>;
  stacks: StackReader;
  ses: SesAccountReader;
  receipt: ReceiptRuleReader;
  dns: MxLookup;
  lambda: LambdaQuotaReader;
  suppressions: Pick<SuppressionList, 'find'>;
  /** Tend's users, on the table the stack names. */
  users(tableName: string): Pick<UserStore, 'list'>;
}
