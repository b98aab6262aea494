import { InvalidActionLinkError } from '../domain/action-links';
import type { User } from '../domain/types';
import {
  issueUnsubscribeToken,
  unsubscribeLinkUrl,
  verifyUnsubscribeToken,
} from '../domain/unsubscribe-link';
import { logger } from '../logger';
import type { App } from '../ports/app-context';
import { applyUserCommand } from './user-commands';

/**
 * SPEC 7, RFC 8058 one-click unsubscribe: the link in every email's List-Unsubscribe header.
 * Reading it (its page's GET) changes nothing; the POST applies the `unsubscribe` reply command
 * through the reply's own use case (applyUserCommand: one rule, every door), once: a user who is
 * unsubscribed already is not written again, so a second POST (a retry, a double click, two at
 * once after the first) changes nothing.
 *
 * Once per unsubscribed spell, not once per link: a user who replied `subscribe` since and presses
 * Unsubscribe on an old message in their mail client means it, and RFC 8058's button has to work.
 * Unlike the reply, nothing is emailed: a mail client's Unsubscribe button expects no answer, and
 * after `unsubscribe` Tend sends nothing at all (SPEC 4). The page the POST answers with says it.
 */

export type UnsubscribeCheck =
  /** Forged, altered, malformed or expired: nothing is read beyond the token. */
  | { outcome: 'invalid'; reason: InvalidActionLinkError['reason'] }
  /** Genuine, but the user is no longer in Tend: there is nobody left to email. */
  | { outcome: 'gone' }
  /** `unsubscribed`: the user gets no email now (this link or another door stopped it). */
  | { outcome: 'ready'; user: User; unsubscribed: boolean };

export type UnsubscribeResult =
  | Exclude<UnsubscribeCheck, { outcome: 'ready' }>
  | { outcome: 'applied'; user: User }
  /** Unsubscribed before (by this link or another door): nothing changed this time. */
  | { outcome: 'already'; user: User };

/**
 * The one-click link for an email sent to this user now, or null when it can not work: without
 * the web app's address, or when that address is not https (RFC 8058 section 3.1 requires an
 * https URI; `npm start` serves plain http, so local mail carries the mailto alone).
 */
export async function oneClickUnsubscribeUrl(
  app: Pick<App, 'config' | 'tokenSecret'>,
  user: Pick<User, 'id'>,
  now: Date,
): Promise<string | null> {
  const baseUrl = app.config.TEND_WEB_URL;
  if (!baseUrl?.startsWith('https://')) return null;
  const token = issueUnsubscribeToken(await app.tokenSecret(), {
    userId: user.id,
    issuedAt: now,
  });
  return unsubscribeLinkUrl(baseUrl, token);
}

/** Verifies the token and reads its user; writes nothing. */
export async function readUnsubscribeLink(
  app: App,
  token: string,
  now: Date,
): Promise<UnsubscribeCheck> {
  let userId: string;
  try {
    ({ userId } = verifyUnsubscribeToken(await app.tokenSecret(), token, now));
  } catch (error) {
    if (error instanceof InvalidActionLinkError)
      return { outcome: 'invalid', reason: error.reason };
    throw error;
  }
  const user = await app.users.get(userId);
  if (!user) return { outcome: 'gone' };
  return { outcome: 'ready', user, unsubscribed: user.unsubscribed };
}

/** The POST of the link (a mail client's one click, or the page's button): unsubscribes, once. */
export async function unsubscribeByLink(
  app: App,
  token: string,
  now: Date,
): Promise<UnsubscribeResult> {
  const check = await readUnsubscribeLink(app, token, now);
  if (check.outcome !== 'ready') return check;
  const { user } = check;
  if (check.unsubscribed) return { outcome: 'already', user };
  // Two posts at once may both get here: both set the same flag, to the same end state.
  const applied = await applyUserCommand(app, user, { kind: 'unsubscribe' }, now);
  logger.info('unsubscribed by one-click link', { userId: user.id });
  return { outcome: 'applied', user: applied.user };
}
