import type { Digest } from '../domain/types';

/** When a user's next digest is due, and the retries of the current slot. */
export interface DigestSchedule {
  dueAt: string;
  claimedUntil: string | null;
  /** The slot being retried (its first due time), or null on a first attempt. */
  slotDueAt: string | null;
  attempts: number;
  /** When the last digest went out (SPEC 3: never two within 6 days); kept while it is off. */
  lastSentAt: string | null;
}

/** Digests sent and each user's digest schedule (an entry in the due index). */
export interface DigestStore {
  get(userId: string, digestId: string): Promise<Digest | null>;
  /** Newest first. */
  list(userId: string): Promise<Digest[]>;
  /** The schedule, or null when no digest is due (off, or never set). */
  getSchedule(userId: string): Promise<DigestSchedule | null>;
  /** Sets (or with null, removes) when the next digest is due; when the last one went out is
   * kept either way. */
  setDue(userId: string, dueAt: string | null): Promise<void>;
  /** A digest went out (or there was nothing to say, or it failed for good): keep it, note when
   * it was sent, and move the schedule on. */
  complete(
    userId: string,
    digest: Digest | null,
    nextDueAt: string | null,
    expiresAt: number,
  ): Promise<void>;
  /** A send failed: the same slot again at `retryAt`. */
  retry(
    userId: string,
    schedule: { slotDueAt: string; attempts: number; retryAt: string; lastError: string },
  ): Promise<void>;
}
