/**
 * SPEC 3, "Digest slots": when a user's weekly digest may go out. A slot missed by more than a
 * day (an outage, a pause, the digest off) is not sent late: the schedule moves on to the next
 * slot. And whatever happened in between (outages, pauses, `digest off` then `on`, a new day,
 * hour or timezone), two digests are never less than DIGEST_MIN_GAP_DAYS apart.
 */
import { DIGEST_MIN_GAP_DAYS, DIGEST_MISSED_SLOT_HOURS } from './limits';
import { nextWeeklySlot } from './time';
import type { DigestSchedule } from './types';

const HOUR_MS = 3_600_000;
const MIN_GAP_MS = DIGEST_MIN_GAP_DAYS * 24 * HOUR_MS;

/**
 * The user's next slot: the first `digest.day` at `digest.hour` in `zone` strictly after
 * `after`, and no sooner than DIGEST_MIN_GAP_DAYS after the last digest sent.
 */
export function nextDigestSlot(
  after: Date,
  digest: DigestSchedule,
  zone: string,
  lastSentAt: Date | null,
): Date {
  // A slot at exactly the last digest + 6 days is allowed: start just before it.
  const earliest = lastSentAt ? lastSentAt.getTime() + MIN_GAP_MS - 1 : -Infinity;
  const from = new Date(Math.max(after.getTime(), earliest));
  return nextWeeklySlot(from, digest.day, digest.hour, zone);
}

export type DigestDecision =
  { send: true } | { send: false; why: 'missed' | 'too-soon'; next: Date };

/**
 * Whether the digest of `slot`, claimed at `now`, may go out; when not, the slot to move to.
 * `slot` is the slot's own time (a retry after a failed send keeps it).
 */
export function decideDigest(args: {
  now: Date;
  slot: Date;
  lastSentAt: Date | null;
  digest: DigestSchedule;
  zone: string;
}): DigestDecision {
  const { now, slot, lastSentAt, digest, zone } = args;
  const next = () => nextDigestSlot(now, digest, zone, lastSentAt);
  if (now.getTime() - slot.getTime() > DIGEST_MISSED_SLOT_HOURS * HOUR_MS)
    return { send: false, why: 'missed', next: next() };
  if (lastSentAt && now.getTime() - lastSentAt.getTime() < MIN_GAP_MS)
    return { send: false, why: 'too-soon', next: next() };
  return { send: true };
}
