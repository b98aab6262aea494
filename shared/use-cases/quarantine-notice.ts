import { ulid } from 'ulid';
import { isAddress } from '../domain/address';
import type { App } from '../ports/app-context';
import {
  BEFORE_FROM_REASONS,
  envelopeSenderVouched,
  noticeHour,
  noticeReason,
} from '../domain/quarantine-notice';
import { renderQuarantineNotice } from '../domain/render';
import { logger } from '../logger';
import { parseMail, UnparseableMailError } from '../mail/parse-mail';
import { RawMailMissingError } from '../ports/raw-mail-store';
import { send } from './dispatch';
import type { QuarantinedMail, QuarantineNotifier } from './quarantine-mail';

/** A notice claim is kept a day past its hour: the hour is in its key, so this only tidies up
 * (DynamoDB's TTL sweep runs late anyway). */
const NOTICE_CLAIM_TTL_SECONDS = 25 * 3600;

/** The notifier ingest and the reply handler hand to quarantineMail. */
export function quarantineNotifier(app: App): QuarantineNotifier {
  return async (mail) => {
    await notifyQuarantined(app, mail);
  };
}

/**
 * SPEC 4, "never fail silently": tells a registered, authenticated user, in one short email to
 * their own address, about mail Tend quarantined: what it was (subject, time in their zone), why,
 * and what to do. At most one per reason per hour (a conditional put claims it); never to a
 * stranger, never after `unsubscribe`. If sending fails the claim is given back and the error
 * goes to the platform, whose retry sends it. Logs carry the reason only.
 */
export async function notifyQuarantined(
  app: App,
  mail: QuarantinedMail,
): Promise<'sent' | 'not-sent' | 'sent-this-hour'> {
  const { receipt } = mail;
  let user = mail.user;
  // Mail too large or too broken to read a From from: its SPF-checked envelope sender may still
  // name the user (when it is an address at all: SPEC 2.8).
  const envelopeSender = receipt.envelopeSender.trim().toLowerCase();
  if (
    !user &&
    BEFORE_FROM_REASONS.has(mail.reason) &&
    envelopeSenderVouched(receipt.verdicts) &&
    isAddress(envelopeSender)
  )
    user = await app.users.findByAddress(envelopeSender);
  const reason = noticeReason(mail.reason, user);
  if (!user || !reason) return 'not-sent';

  const now = app.clock.now();
  const hour = noticeHour(now);
  const expiresAt = Math.floor(now.getTime() / 1000) + NOTICE_CLAIM_TTL_SECONDS;
  if (!(await app.quarantine.claimNotice(user.id, reason, hour, expiresAt))) {
    logger.info('quarantine notice already sent this hour', { reason });
    return 'sent-this-hour';
  }
  try {
    const email = renderQuarantineNotice({
      reason,
      tokenExpired: reason === 'bad-token' && /expired/.test(mail.detail),
      subject: mail.subject !== undefined ? mail.subject : await subjectOf(app, mail),
      receivedAt: receipt.receivedAt.toISOString(),
      timezone: user.timezone,
      now: now.toISOString(),
      logAddress: `log@${app.config.TEND_INBOUND_DOMAIN}`,
    });
    await send(app, user, email, 'notice', ulid(now.getTime()), now);
  } catch (error) {
    await app.quarantine.releaseNotice(user.id, reason, hour);
    throw error;
  }
  logger.info('quarantine notice sent', { reason });
  return 'sent';
}

/** The subject, read from the raw mail (only when a notice goes out, at most hourly). */
async function subjectOf(app: App, mail: QuarantinedMail): Promise<string | null> {
  if (mail.reason === 'too-large') return null; // not worth reading 40 MB for a subject
  try {
    return (await parseMail(await app.rawMail.get(mail.receipt.s3Key))).subject;
  } catch (error) {
    // Missing or unreadable: the notice says "(no subject)". Anything else is an outage.
    if (error instanceof RawMailMissingError || error instanceof UnparseableMailError) return null;
    throw error;
  }
}
