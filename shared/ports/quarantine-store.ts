import type { QuarantineReason, QuarantineRecord } from '../domain/types';

/** Mail Tend could not use, kept with the reason (SPEC 2.2, 2.9). */
export interface QuarantineStore {
  /** Idempotent: the same S3 key quarantined twice is one record. */
  put(record: QuarantineRecord, expiresAt: number): Promise<void>;
  /** Mail from senders Tend does not know, plus (with a user) that user's. Newest first. */
  list(userId: string | null): Promise<QuarantineRecord[]>;
  delete(record: QuarantineRecord): Promise<void>;
  /**
   * Takes the one notice the user may get for this reason in this hour (SPEC 4): true the first
   * time, false once taken. The claim expires (`expiresAt`, epoch seconds) after the hour.
   */
  claimNotice(
    userId: string,
    reason: QuarantineReason,
    hour: string,
    expiresAt: number,
  ): Promise<boolean>;
  /** Gives the claim back (the notice could not be sent), so a retry may send it. */
  releaseNotice(userId: string, reason: QuarantineReason, hour: string): Promise<void>;
}
