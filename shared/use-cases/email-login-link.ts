import { ulid } from 'ulid';
import type { MailFacts } from '../domain/mail-facts';
import { mayEmail } from '../domain/may-email';
import { renderAddressAdded } from '../domain/render/address-added';
import { renderLoginLink } from '../domain/render/login-link';
import type { User } from '../domain/types';
import { LOGIN_LINK_MINUTES } from '../domain/web-sign-in';
import { logger, redact } from '../logger';
import type { AddressClaim } from '../ports/address-claim-store';
import type { App } from '../ports/app-context';
import { codeWords, provenClaim, subjectCarries } from './claim-address';
import { send } from './dispatch';
import type { IngestOutcome, OwnAddressMail, Receipt } from './ingest-email';
import { issueLoginLink } from './login-links';
import { answerOnce, mailMarkers } from './mail-markers';
import { addUserAddress } from './user-addresses';
import { UserInputError } from './users';

/** The handler ingest calls for mail to login@ (shared/use-cases/ingest-deps.ts). */
export function loginLinkMailer(app: App): (mail: OwnAddressMail) => Promise<IngestOutcome> {
  return async (request) => (await finishProvenClaim(app, request)) ?? emailLoginLink(app, request);
}

/** The handler ingest calls for mail to login@ from an address nobody has registered. */
export function claimProver(
  app: App,
): (mail: Omit<OwnAddressMail, 'user'>) => Promise<IngestOutcome | null> {
  return (mail) => proveClaim(app, mail);
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

/**
 * SPEC 8 Settings, the proof of a claimed address (claim-address.ts): an email to login@ from an
 * address nobody has registered, which passes the sender checks of SPEC 2.2 and carries the code
 * of a live claim of that address in its subject, adds the address to the claiming user (the use
 * case of `tend users address add`), who is told at their primary address. Null when it proves
 * nothing: ingest then treats it as any unknown sender's (quarantine, no reply). Exactly once
 * per received email: the address is added, the user told, the claims removed, then the markers
 * written; a retry after a failed send arrives from a registered address (finishProvenClaim).
 */
export async function proveClaim(
  app: App,
  mail: Omit<OwnAddressMail, 'user'>,
): Promise<IngestOutcome | null> {
  const from = mail.facts.from?.address.toLowerCase();
  if (!from) return null;
  const claims = await app.addressClaims.listByAddress(from);
  if (claims.length === 0) return null;
  const now = app.clock.now();
  const proof = provenClaim(
    claims,
    { subject: mail.facts.subject, verdicts: mail.receipt.verdicts },
    now,
  );
  const about = { address: redact(from), s3Key: mail.receipt.s3Key };
  if ('refused' in proof) {
    logger.info('address claim not proven', { ...about, why: proof.refused });
    return null;
  }
  const claimant = await app.users.get(proof.claim.userId);
  if (!claimant) {
    logger.info('address claim not proven', { ...about, why: 'claimant-gone' });
    return null;
  }
  return answerOnce(app, claimant.id, markersOf(mail, now), async () => {
    try {
      await addUserAddress(app.users, claimant, from);
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      // Registered by someone else between ingest's look-up and this write.
      logger.info('address claim not proven', { ...about, why: 'taken' });
      return { outcome: 'login', result: 'not-sent' };
    }
    logger.info('address claim proven', { ...about, userId: claimant.id });
    return tellAndClose(app, claimant, from, claims, now);
  });
}

/**
 * An email to login@ from a user's address carrying the code of that user's claim of it: an
 * earlier delivery added the address and stopped before the user was told (the send failed and
 * the platform retried). The user is told now, once. Null for any other email, which costs no
 * read unless its subject has a word that could be a code.
 */
async function finishProvenClaim(app: App, mail: OwnAddressMail): Promise<IngestOutcome | null> {
  const from = mail.facts.from?.address.toLowerCase();
  if (!from || !mail.user.addresses.includes(from)) return null;
  if (codeWords(mail.facts.subject).length === 0) return null;
  const claims = await app.addressClaims.listByAddress(from);
  const own = claims.find(
    (c) => c.userId === mail.user.id && subjectCarries(mail.facts.subject, c.code),
  );
  if (!own) return null;
  const now = app.clock.now();
  return answerOnce(app, mail.user.id, markersOf(mail, now), () =>
    tellAndClose(app, mail.user, from, claims, now),
  );
}

/** Tells the user the address is theirs, then removes every claim of it (none can succeed now). */
async function tellAndClose(
  app: App,
  user: User,
  address: string,
  claims: AddressClaim[],
  now: Date,
): Promise<IngestOutcome> {
  if (mayEmail(user)) {
    const email = renderAddressAdded({ address, webUrl: app.config.TEND_WEB_URL ?? null });
    await send(app, user, email, 'notice', ulid(now.getTime()), now);
  }
  for (const claim of claims) await app.addressClaims.delete(claim.userId, claim.address);
  return { outcome: 'login', result: 'address-added' };
}

function markersOf(mail: { facts: MailFacts; receipt: Receipt }, now: Date) {
  return mailMarkers(mail.facts.messageId, mail.receipt.s3Key, now);
}
