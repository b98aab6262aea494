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

/** Send (for `slot`: the claimed one, or a later one that is still on time), or move on. */
export type DigestDecision =
  { send: true; slot: Date } | { send: false; why: 'missed' | 'too-soon'; next: Date };

/**
 * The user's latest slot at or before `now`. After a long gap (the local stack off for weeks) the
 * stored slot is old, but the one just passed may be minutes old: that one is still on time.
 */
export function latestDigestSlot(now: Date, digest: DigestSchedule, zone: string): Date {
  // Two weeks back, then forward slot by slot: a week is 167 to 169 hours across DST.
  let slot = nextWeeklySlot(
    new Date(now.getTime() - 14 * 24 * HOUR_MS),
    digest.day,
    digest.hour,
    zone,
  );
  for (;;) {
    const next = nextWeeklySlot(slot, digest.day, digest.hour, zone);
    if (next.getTime() > now.getTime()) return slot;
    slot = next;
  }
}

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
  const late = (s: Date) => now.getTime() - s.getTime() > DIGEST_MISSED_SLOT_HOURS * HOUR_MS;
  let due = slot;
  if (late(slot)) {
    // SPEC 3: only a slot missed by more than a day is skipped; a later one may still be on time.
    const latest = latestDigestSlot(now, digest, zone);
    if (latest.getTime() <= slot.getTime() || late(latest))
      return { send: false, why: 'missed', next: next() };
    due = latest;
  }
  if (lastSentAt && now.getTime() - lastSentAt.getTime() < MIN_GAP_MS)
    return { send: false, why: 'too-soon', next: next() };
  return { send: true, slot: due };
}
