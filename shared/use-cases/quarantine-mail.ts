import { MAX_ADDRESS_CHARS } from '../domain/address';
import { boundedText } from '../domain/bounded-text';
import {
  MAX_HEADER_LINE_CHARS,
  MAX_QUARANTINE_RECIPIENTS,
  QUARANTINE_TTL_DAYS,
} from '../domain/limits';
import type { QuarantineReason, User } from '../domain/types';
import { logger, redact } from '../logger';
import type { QuarantineStore } from '../ports/quarantine-store';
import type { Receipt } from './ingest-email';

/** What Tend knows of mail it quarantined, for telling its user (SPEC 4). */
export interface QuarantinedMail {
  receipt: Receipt;
  reason: QuarantineReason;
  detail: string;
  /** The registered user it came from, when the sender checks made that known. */
  user: User | null;
  /** The email's subject, when it was read (otherwise the notifier reads it if it needs it). */
  subject?: string | null;
}

/** Tells the user about mail Tend could not use, when the rules allow (quarantine-notice.ts). */
export type QuarantineNotifier = (mail: QuarantinedMail) => Promise<void>;

/**
 * Keeps mail Tend cannot use, with the reason and what SES said on receipt (so `tend
 * reprocess` can run it again as it arrived), for as long as the raw mail is kept (SPEC 2.9),
 * then, given a notifier, tells the user (SPEC 4: never fail silently). Logs carry the sender's
 * domain only.
 */
export async function quarantineMail(
  store: QuarantineStore,
  receipt: Receipt,
  why: {
    reason: QuarantineReason;
    detail: string;
    from: string | null;
    user: User | null;
    subject?: string | null;
  },
  notify?: QuarantineNotifier,
): Promise<{ outcome: 'quarantined'; reason: QuarantineReason }> {
  // What the record keeps of the envelope (MAIL FROM and RCPT TO, as any SMTP client wrote
  // them) is bounded, so no input makes this write fail (SPEC 2.8): an over-long sender is kept
  // cut, recipients only when they can be addresses at all.
  const from = boundedText(why.from ?? receipt.envelopeSender, MAX_ADDRESS_CHARS);
  await store.put(
    {
      receivedAt: receipt.receivedAt.toISOString(),
      from,
      s3Key: receipt.s3Key,
      reason: why.reason,
      userId: why.user?.id ?? null,
      detail: boundedText(why.detail, MAX_HEADER_LINE_CHARS),
      receipt: {
        recipients: receipt.recipients
          .filter((r) => r.length <= MAX_ADDRESS_CHARS)
          .slice(0, MAX_QUARANTINE_RECIPIENTS),
        envelopeSender: boundedText(receipt.envelopeSender, MAX_ADDRESS_CHARS),
        verdicts: receipt.verdicts,
      },
    },
    Math.floor(receipt.receivedAt.getTime() / 1000) + QUARANTINE_TTL_DAYS * 86_400,
  );
  logger.info('quarantined', {
    reason: why.reason,
    detail: why.detail,
    s3Key: receipt.s3Key,
    from: redact(from),
  });
  if (notify)
    await notify({
      receipt,
      reason: why.reason,
      detail: why.detail,
      user: why.user,
      ...(why.subject !== undefined ? { subject: why.subject } : {}),
    });
  return { outcome: 'quarantined', reason: why.reason };
}
