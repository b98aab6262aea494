import type { ThanksPrompt } from '../domain/types';

/** Thank-you prompts (SPEC 2.7 and 3). New prompts are written with the email that earned
 * them (IngestLedger); this port reads them and records what happens to them next. */
export interface PromptStore {
  get(userId: string, promptId: string): Promise<ThanksPrompt | null>;
  /** One contact's prompts, newest first. */
  listFor(userId: string, email: string): Promise<ThanksPrompt[]>;
  /** Sent prompts (thank-yous and close-the-loop) not yet marked done, sent at or after `since`:
   * the Today page's, and the digest's reminders (of thank-yous). */
  sentSince(userId: string, since: string): Promise<ThanksPrompt[]>;
  /**
   * SPEC 9: whom Tend prompted the user to thank since `since` (prompts created and sent since
   * then, whether or not marked done since), one entry per prompt. Reads the user's prompts of
   * that window, however many contacts they have.
   */
  thankedSince(userId: string, since: string): Promise<Array<{ email: string; sentAt: string }>>;
  /**
   * Writes the prompt's new state (sent, rescheduled, cancelled, failed) and, in the same
   * transaction, the contact's copy of its open prompt (Contact.pendingThanks): kept while the
   * prompt is open, removed once it is closed.
   */
  save(userId: string, prompt: ThanksPrompt): Promise<void>;
}
