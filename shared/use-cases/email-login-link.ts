import { ulid } from 'ulid';
import { mayEmail } from '../domain/may-email';
import { renderLoginLink } from '../domain/render/login-link';
import { LOGIN_LINK_MINUTES } from '../domain/web-sign-in';
import { logger } from '../logger';
import type { App } from '../ports/app-context';
import { send } from './dispatch';
import type { IngestOutcome, OwnAddressMail } from './ingest-email';
import { issueLoginLink } from './login-links';
import { answerOnce, mailMarkers } from './mail-markers';

/** The handler ingest calls for mail to login@ (shared/use-cases/ingest-deps.ts). */
export function loginLinkMailer(app: App): (mail: OwnAddressMail) => Promise<IngestOutcome> {
  return (request) => emailLoginLink(app, request);
}

/**
 * SPEC 8: an email to login@DOMAIN from a registered, authenticated address (ingest checked
 * both) is answered with a one-time sign-in link, to the user's primary address only. Exactly
 * once per received email: its markers are checked first and written after the link is sent (a
 * failed send throws, so the platform's retry sends it). Nothing after `unsubscribe`.
 */
export async function emailLoginLink(app: App, req: OwnAddressMail): Promise<IngestOutcome> {
  const { user, facts, receipt } = req;
  const webUrl = app.config.TEND_WEB_URL;
  if (!webUrl) {
    logger.warn('login link asked for, but TEND_WEB_URL is not set');
    return { outcome: 'login', result: 'not-sent' };
  }
  if (!mayEmail(user)) return { outcome: 'login', result: 'not-sent' };
  const now = app.clock.now();
  return answerOnce(app, user.id, mailMarkers(facts.messageId, receipt.s3Key, now), async () => {
    const link = await issueLoginLink(app, user, webUrl, now);
    const email = renderLoginLink({ url: link.url, minutes: LOGIN_LINK_MINUTES });
    await send(app, user, email, 'notice', ulid(now.getTime()), now);
    logger.info('login link sent', { userId: user.id });
    return { outcome: 'login', result: 'sent' };
  });
}
