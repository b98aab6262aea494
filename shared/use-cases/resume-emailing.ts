import type { User } from '../domain/types';
import type { App } from '../ports/app-context';
import { restoreDigestSchedule } from './user-commands';

/**
 * `tend users resume EMAIL` (SPEC 7): Tend emails the user again after a hard bounce or a
 * complaint stopped it, with their digest schedule back. Unsubscribing is the user's own
 * choice: only their `subscribe` undoes it.
 */
export async function resumeEmailing(
  app: Pick<App, 'users' | 'digests'>,
  user: User,
  now: Date,
): Promise<{ user: User; message: string }> {
  if (!user.emailStopped)
    return { user, message: `Tend is not stopped for ${user.email}: nothing changed` };
  const next: User = { ...user, emailStopped: null };
  await app.users.save(next);
  await restoreDigestSchedule(app, next, now);
  const unsubscribed = next.unsubscribed
    ? ' (they are unsubscribed: only their subscribe brings email back)'
    : '';
  return { user: next, message: `Tend emails ${user.email} again${unsubscribed}` };
}
