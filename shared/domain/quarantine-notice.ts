/**
 * SPEC 4, "never fail silently": when mail from a registered, authenticated user is
 * quarantined, Tend tells that user once, at most one notice per reason per hour. Strangers and
 * failed sender checks get nothing (no backscatter); nor does a user who unsubscribed.
 */
import { mayEmail } from './may-email';
import type { QuarantineReason, User } from './types';

/** The reasons a user is told about. 'unknown-sender' and 'failed-authentication' are not here:
 * the sender is not known to be the user. */
export const NOTICE_REASONS = [
  'no-contacts',
  'too-many-recipients',
  'bad-token',
  'too-large',
  'unparseable',
] as const satisfies readonly QuarantineReason[];

export type NoticeReason = (typeof NOTICE_REASONS)[number];

/** The reason to tell this user about, or null when nothing may be sent. */
export function noticeReason(reason: QuarantineReason, user: User | null): NoticeReason | null {
  if (!user || !mayEmail(user)) return null;
  return (NOTICE_REASONS as readonly QuarantineReason[]).includes(reason)
    ? (reason as NoticeReason)
    : null;
}

/** The hour a notice counts against (UTC, "2026-11-27T15"): one notice per reason per hour. */
export function noticeHour(now: Date): string {
  return now.toISOString().slice(0, 13);
}

/** Reasons read before the From address is known: the user may be known by the envelope sender. */
export const BEFORE_FROM_REASONS: ReadonlySet<QuarantineReason> = new Set([
  'too-large',
  'unparseable',
]);

/**
 * Whether the envelope sender (Return-Path) may stand for the user when the From address could
 * not be read: only when SPF, which checks exactly that address's domain, passed and DMARC did
 * not fail. Anything less could be forged, and a notice would then be backscatter.
 */
export function envelopeSenderVouched(verdicts: { spf: string; dmarc: string }): boolean {
  return verdicts.spf.toUpperCase() === 'PASS' && verdicts.dmarc.toUpperCase() !== 'FAIL';
}
