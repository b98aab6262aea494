import type { User } from '../domain/types';
import type { App } from '../ports/app-context';
import type { SuppressionList } from '../ports/suppression-list';
import { restoreDigestSchedule } from './user-commands';

/**
 * What became of the address on SES's account suppression list: taken off, not on it, not
 * looked at (the local stack's SES has no such list), or the call failed (its error).
 */
export type SuppressionOutcome =
  { status: 'removed' | 'not-listed' | 'skipped' } | { status: 'failed'; error: string };

export interface ResumeResult {
  user: User;
  suppression: SuppressionOutcome;
  message: string;
}

/**
 * `tend users resume EMAIL` (SPEC 7): Tend emails the user again after a hard bounce or a
 * complaint stopped it, with their digest schedule back, and SES's account-level suppression
 * list (on by default) no longer holds the address, or SES would accept Tend's mail and never
 * deliver it. SUPPRESSIONS is null where there is no such list (the local stack). Tend's own
 * flag is cleared first and stays cleared when SES refuses: the result says what failed.
 * Unsubscribing is the user's own choice: only their `subscribe` undoes it.
 */
export async function resumeEmailing(
  app: Pick<App, 'users' | 'digests'>,
  user: User,
  now: Date,
  suppressions: Pick<SuppressionList, 'remove'> | null,
): Promise<ResumeResult> {
  let next = user;
  if (user.emailStopped) {
    next = { ...user, emailStopped: null };
    await app.users.save(next);
    await restoreDigestSchedule(app, next, now);
  }
  const suppression = await removeFromSuppressionList(suppressions, user.email);
  return { user: next, suppression, message: message(user, next, suppression) };
}

async function removeFromSuppressionList(
  suppressions: Pick<SuppressionList, 'remove'> | null,
  email: string,
): Promise<SuppressionOutcome> {
  if (!suppressions) return { status: 'skipped' };
  try {
    return { status: await suppressions.remove(email) };
  } catch (error) {
    return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}

function message(before: User, after: User, suppression: SuppressionOutcome): string {
  const tend = before.emailStopped
    ? `Tend emails ${after.email} again`
    : `Tend was not stopped for ${after.email}`;
  const unsubscribed = after.unsubscribed
    ? ' (they are unsubscribed: only their subscribe brings email back)'
    : '';
  switch (suppression.status) {
    case 'removed':
      return `${tend}${unsubscribed}; SES's suppression list held the address: removed`;
    case 'not-listed':
      return before.emailStopped
        ? `${tend}${unsubscribed}`
        : `${tend}, and SES's suppression list does not hold the address: nothing changed`;
    case 'skipped':
      return before.emailStopped
        ? `${tend}${unsubscribed}\n(the local stack's SES has no suppression list: nothing to remove there)`
        : `${tend}: nothing changed (the local stack's SES has no suppression list)`;
    case 'failed':
      // The caller says what failed (tend exits non-zero): this is what did change.
      return before.emailStopped ? `${tend}${unsubscribed}` : tend;
  }
}
