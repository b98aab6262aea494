import type { ThanksPrompt } from '../domain/types';

/** Thank-you prompts (SPEC 2.7 and 3). New prompts are written with the email that earned
 * them (IngestLedger); this port reads them and records what happens to them next. */
export interface PromptStore {
  get(userId: string, promptId: string): Promise<ThanksPrompt | null>;
  /** One contact's prompts, newest first. */
  listFor(userId: string, email: string): Promise<ThanksPrompt[]>;
  /** Sent thank-yous not yet marked done, sent at or after `since` (the digest's reminders). */
  sentSince(userId: string, since: string): Promise<ThanksPrompt[]>;
  /**
   * Writes the prompt's new state (sent, rescheduled, cancelled, failed) and, in the same
   * transaction, the contact's copy of its open prompt (Contact.pendingThanks): kept while the
   * prompt is open, removed once it is closed.
   */
  save(userId: string, prompt: ThanksPrompt): Promise<void>;
}
