import { ulid } from 'ulid';
import { MARKER_TTL_DAYS } from '../domain/limits';
import type { MailFacts } from '../domain/mail-facts';
import { mayEmail } from '../domain/may-email';
import { renderLoginLink } from '../domain/render/login-link';
import type { User } from '../domain/types';
import { LOGIN_LINK_MINUTES } from '../domain/web-sign-in';
import { logger, sha256Hex } from '../logger';
import type { App } from '../ports/app-context';
import type { IngestMarkers } from '../ports/ingest-ledger';
import { send } from './dispatch';
import type { IngestOutcome, Receipt } from './ingest-email';
import { issueLoginLink } from './login-links';

export interface LoginRequest {
  user: User;
  facts: MailFacts;
  receipt: Receipt;
}

/** The handler ingest calls for mail to login@ (shared/use-cases/ingest-deps.ts). */
export function loginLinkMailer(app: App): (request: LoginRequest) => Promise<IngestOutcome> {
  return (request) => emailLoginLink(app, request);
}

/**
 * SPEC 8: an email to login@DOMAIN from a registered, authenticated address (ingest checked
 * both) is answered with a one-time sign-in link, to the user's primary address only. Exactly
 * once per received email: its markers are checked first and written after the link is sent (a
 * failed send throws, so the platform's retry sends it). Nothing after `unsubscribe`.
 */
export async function emailLoginLink(app: App, req: LoginRequest): Promise<IngestOutcome> {
  const { user, facts, receipt } = req;
  const webUrl = app.config.TEND_WEB_URL;
  if (!webUrl) {
    logger.warn('login link asked for, but TEND_WEB_URL is not set');
    return { outcome: 'login', result: 'not-sent' };
  }
  if (!mayEmail(user)) return { outcome: 'login', result: 'not-sent' };
  const now = app.clock.now();
  const markers: IngestMarkers = {
    messageIdHash: facts.messageId ? sha256Hex(facts.messageId).slice(0, 32) : null,
    s3Key: receipt.s3Key,
    expiresAt: Math.floor(now.getTime() / 1000) + MARKER_TTL_DAYS * 86_400,
  };
  if (await app.ledger.seen(user.id, markers)) return { outcome: 'duplicate' };
  const link = await issueLoginLink(app, user, webUrl, now);
  const email = renderLoginLink({ url: link.url, minutes: LOGIN_LINK_MINUTES });
  await send(app, user, email, 'notice', ulid(now.getTime()), now);
  await app.ledger.mark(user.id, markers);
  logger.info('login link sent', { userId: user.id });
  return { outcome: 'login', result: 'sent' };
}
