import type { Contact, Interaction, ThanksPrompt, User } from '../domain/types';

/** One contact's share of an ingested email: written together or not at all. */
export interface ContactWrite {
  contact: Contact;
  /** The version read (0 = new contact). */
  version: number;
  /** The words the store filed that version under (StoredContact; [] for a new contact). */
  indexedWords: readonly string[];
  interaction: Interaction;
  createThanks: ThanksPrompt | null;
  cancelThanksId: string | null;
  /** SPEC 9: a close-the-loop prompt the interaction makes due (about this contact, addressed to
   * its introducer); created only if absent. */
  createLoop?: ThanksPrompt | null;
  /** SPEC 3: the interaction reconnects with a contact known before the digest's week (it
   * goes into that day's "reconnected" set). Absent: any interaction that is not inbound. */
  reconnected?: boolean;
}

/** The exactly-once markers of one received email (SPEC 2.6). */
export interface IngestMarkers {
  messageIdHash: string | null;
  s3Key: string;
  expiresAt: number;
}

/** Writes what an email changes, exactly once. */
export interface IngestLedger {
  /**
   * All contact writes and the markers, in as few transactions as the engine allows, the
   * markers checked in the same write (never read first). 'duplicate' when the markers show
   * the email was logged already; ConcurrentUpdateError when a contact changed meanwhile.
   */
  commit(
    user: User,
    writes: ContactWrite[],
    markers: IngestMarkers,
  ): Promise<'applied' | 'duplicate'>;
  /** True when either marker exists. */
  seen(userId: string, markers: IngestMarkers): Promise<boolean>;
  /** Records the markers alone: false when they already existed. */
  mark(userId: string, markers: IngestMarkers): Promise<boolean>;
  /** Removes them again (a reply whose confirmation could not be sent must run again). */
  unmark(userId: string, markers: IngestMarkers): Promise<void>;
}
