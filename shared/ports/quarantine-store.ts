import type { QuarantineRecord } from '../domain/types';

/** Mail Tend could not use, kept with the reason (SPEC 2.2, 2.9). */
export interface QuarantineStore {
  /** Idempotent: the same S3 key quarantined twice is one record. */
  put(record: QuarantineRecord, expiresAt: number): Promise<void>;
  /** Mail from senders Tend does not know, plus (with a user) that user's. Newest first. */
  list(userId: string | null): Promise<QuarantineRecord[]>;
  delete(record: QuarantineRecord): Promise<void>;
}
