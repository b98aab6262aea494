/**
 * What `tend doctor` learns of a deployment (SPEC 7), as plain data: the use case gathers it
 * through ports, the checks in this folder judge it. Nothing here calls AWS.
 */

/** A fact, or why it could not be read: a missing permission (the IAM action), or another error. */
export type Known<T> =
  { known: true; value: T } | { known: false; missingPermission: string | null; error: string };

export const known = <T>(value: T): Known<T> => ({ known: true, value });

/** The deployment as its stack describes it (the stateless stack's outputs and resources). */
export interface DeployedStack {
  stackName: string;
  inboundDomain: string;
  fromAddress: string;
  tableName: string;
  /** Tend's receipt rule set; null when the stack has none (a stack that is not Tend's). */
  ruleSetName: string | null;
}

/** An SES identity, from SES v2 GetEmailIdentity; null where the identity does not exist. */
export interface EmailIdentityFacts {
  verifiedForSending: boolean;
  /** DkimAttributes.Status: PENDING, SUCCESS, FAILED, TEMPORARY_FAILURE or NOT_STARTED. */
  dkimStatus: string | null;
  /** Easy DKIM tokens: each is a CNAME TOKEN._domainkey.DOMAIN → TOKEN.dkim.amazonses.com. */
  dkimTokens: string[];
}

/** The region's SES account, from SES v2 GetAccount. */
export interface SesAccountFacts {
  productionAccessEnabled: boolean;
  sendingEnabled: boolean;
  /** HEALTHY, PROBATION or SHUTDOWN. */
  enforcementStatus: string | null;
  /** -1: no daily limit (SES v2 SendQuota). */
  max24HourSend: number;
  maxSendRate: number;
}

export interface MxRecord {
  exchange: string;
  priority: number;
}

/** Lambda GetAccountSettings: the account's concurrency quota and what is not reserved. */
export interface LambdaConcurrencyFacts {
  concurrentExecutions: number;
  unreservedConcurrentExecutions: number;
}

/** A Tend user whom SES's account-level suppression list holds (SES v2 GetSuppressedDestination). */
export interface SuppressedUser {
  email: string;
  /** BOUNCE or COMPLAINT. */
  reason: string;
  since: string | null;
}

/** Tend's users as the doctor sees them: how many, and which of them SES suppresses. */
export interface SuppressionFacts {
  suppressed: SuppressedUser[];
  checked: number;
  users: number;
}

/** In the SES sandbox: which users SES would refuse to email (neither their address nor its
 * domain is a verified identity), of the first `checked`. */
export interface SandboxRecipientFacts {
  unverified: string[];
  checked: number;
  users: number;
}
