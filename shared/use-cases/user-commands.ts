import type { App } from '../ports/app-context';
import type { UserCommand } from '../domain/commands';
import { mayEmail } from '../domain/may-email';
import { formatShortDate, nextWeeklySlot } from '../domain/time';
import type { User } from '../domain/types';
import { LOGIN_LINK_MINUTES } from '../domain/web-sign-in';
import { issueLoginLink } from './login-links';
import { DEFAULT_DIGEST } from './users';

/**
 * A command about the user, not one contact (SPEC 4): pause/resume, digest, unsubscribe/
 * subscribe, login, help. Returns the user as it now is and what it did.
 */
export async function applyUserCommand(
  app: Pick<App, 'users' | 'digests' | 'loginLinks' | 'config'>,
  user: User,
  command: UserCommand,
  now: Date,
): Promise<{ user: User; message: string }> {
  let next = user;
  let message: string;
  switch (command.kind) {
    case 'pause':
      next = { ...user, pausedUntil: command.until };
      message = `Paused all prompts until ${formatShortDate(new Date(command.until), user.timezone)}`;
      break;
    case 'resume':
      // The counterpart of pause only: after `unsubscribe` only `subscribe` brings email back.
      next = { ...user, pausedUntil: null };
      message = 'Resumed: prompts and digests are back on';
      break;
    case 'unsubscribe':
      next = { ...user, unsubscribed: true };
      message = "Unsubscribed: this is the last email Tend sends you, until you reply 'subscribe'";
      break;
    case 'subscribe':
      next = { ...user, unsubscribed: false };
      message = user.unsubscribed
        ? 'Welcome back: Tend will email you again'
        : 'You are subscribed already: nothing changed';
      break;
    case 'digest': {
      const schedule =
        command.mode === 'off'
          ? null
          : command.mode === 'set'
            ? command.schedule
            : (user.digest ?? DEFAULT_DIGEST);
      next = { ...user, digest: schedule };
      await app.digests.setDue(
        user.id,
        schedule
          ? nextWeeklySlot(now, schedule.day, schedule.hour, user.timezone).toISOString()
          : null,
      );
      message = schedule
        ? `Your digest now comes on ${schedule.day[0]?.toUpperCase()}${schedule.day.slice(1)}s at ${String(schedule.hour).padStart(2, '0')}:00 (${user.timezone})`
        : "Digest off: reply 'digest on' to have it back";
      break;
    }
    case 'help':
      return { user, message: 'The commands are below' };
    case 'news':
      // SPEC 9: the checklist is an email of its own, with its own reply token; the doors that
      // answer by email send it (handle-reply.ts, news@ in ingest), through share-news.ts.
      return { user, message: 'Email your news to news@ for the checklist of people to tell' };
    case 'login': {
      // SPEC 8: the same one-time link as mail to login@ (email-login-link.ts), in the answer.
      const webUrl = app.config.TEND_WEB_URL;
      if (!webUrl) return { user, message: 'This Tend has no web app set up (TEND_WEB_URL)' };
      const link = await issueLoginLink(app, user, webUrl, now);
      return {
        user,
        message: `Sign in to Tend: ${link.url} (once, within ${LOGIN_LINK_MINUTES} minutes)`,
      };
    }
  }
  await app.users.save(next);
  // The dispatcher drops the digest schedule of a user it may not email: coming back restores it.
  if (command.kind === 'resume' || command.kind === 'subscribe')
    await restoreDigestSchedule(app, next, now);
  return { user: next, message };
}

/** Puts back the digest schedule the dispatcher dropped while Tend could not email the user. */
export async function restoreDigestSchedule(
  app: Pick<App, 'digests'>,
  user: User,
  now: Date,
): Promise<void> {
  if (!user.digest || !mayEmail(user) || (await app.digests.getSchedule(user.id))) return;
  await app.digests.setDue(
    user.id,
    nextWeeklySlot(now, user.digest.day, user.digest.hour, user.timezone).toISOString(),
  );
}
