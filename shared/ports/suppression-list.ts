import type { SuppressedUser } from '../domain/doctor/facts';

/**
 * SES's account-level suppression list: addresses SES accepts mail for and never delivers to,
 * after a hard bounce or a complaint, whatever Tend decides
 * (https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list.html).
 */
export interface SuppressionList {
  /** Why SES suppresses ADDRESS, and since when; null when it does not. */
  find(address: string): Promise<Omit<SuppressedUser, 'email'> | null>;
  /** Takes ADDRESS off the list: `not-listed` when it was not on it. */
  remove(address: string): Promise<'removed' | 'not-listed'>;
}
