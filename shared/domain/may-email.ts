import type { User } from './types';

/**
 * Whether Tend may email this user at all (SPEC 4 `unsubscribe`, SPEC 7 bounces and complaints):
 * the one check before every prompt, digest, confirmation and notice.
 */
export function mayEmail(user: User): boolean {
  return !user.unsubscribed && user.emailStopped === null;
}
