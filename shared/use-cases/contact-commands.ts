import { countsAsReconnect } from '../domain/ingest/reconnected';
import type { ContactCommand } from '../domain/commands';
import { decideContactCommand, type CommandDoor } from '../domain/contact-commands';
import { sameDates } from '../domain/important-dates';
import type { Contact, ThanksPrompt, User } from '../domain/types';
import { sha256Hex } from '../logger';
import type { ContactExtras } from '../ports/contact-store';
import type { IngestMarkers } from '../ports/ingest-ledger';
import type { Stores } from '../ports/stores';
import { retryOnConflict } from './retry-on-conflict';

/** The stores one contact command reads and writes. */
export type ContactCommandDeps = Pick<Stores, 'contacts' | 'prompts' | 'users'>;

export interface ContactCommandRequest {
  user: User;
  /** The contact's address (any case). */
  email: string;
  command: ContactCommand;
  now: Date;
  /** Which door it came through (a reply, an action link, the web app, the CLI). */
  door: CommandDoor;
  /** Seeds the id of what the command adds (the interaction of `done`, a note): the same seed
   * writes the same item, so a retried or redelivered command adds nothing twice. A reply uses
   * its Message-ID and line number; the CLI, e.g., a ULID per run and flag. */
  idSeed: string;
  /** The thank-you prompt the command answers (a reply to a prompt), as read: `done` and `skip`
   * close it, `snooze` brings it back when the snooze ends. Ignored unless it is about this
   * contact. Re-read only when a lost race makes the command decide again. */
  prompt?: ThanksPrompt | null;
  /** The reply's exactly-once markers, written in the same transaction (a one-command reply). */
  markers?: IngestMarkers | null;
  /** SPEC 9: the news of the checklist the command answers (`3 done` on it logs "told them"). */
  toldNews?: string | null;
}

export type ContactCommandResult =
  /** Written ('already': the same command was applied before, its note or interaction exists). */
  | { outcome: 'applied' | 'already'; user: User; contact: Contact | null; message: string }
  /** No such contact for this user: nothing written. */
  | { outcome: 'not-found'; user: User; message: string }
  /** The markers exist: this very reply was handled before, nothing written. */
  | { outcome: 'duplicate'; user: User };

/**
 * One contact command, from any door (a reply to a prompt or digest, an address named in a
 * reply, `tend contacts edit`): load the contact, decide (shared/domain/contact-commands.ts),
 * write the change with what it adds in one transaction; decided again if the contact changed
 * meanwhile. `forget` also adds the address to the user's never-log list, so the result carries
 * the user as it now is.
 *
 * Costs one GetItem of the contact and one transaction (plus a GetItem of the prompt when a lost
 * race makes it decide again); `forget` costs what `contacts.forget` does and a user write.
 */
export async function applyContactCommand(
  deps: ContactCommandDeps,
  req: ContactCommandRequest,
): Promise<ContactCommandResult> {
  const { user, command, now } = req;
  const email = req.email.trim().toLowerCase();
  return retryOnConflict(async (attempt): Promise<ContactCommandResult> => {
    // SPEC 9: an address merged into a contact names that contact.
    const stored = await deps.contacts.find(user.id, email);
    if (!stored)
      return { outcome: 'not-found', user, message: `${email} is not one of your contacts` };
    const c = stored.contact;

    if (command.kind === 'forget') {
      await deps.contacts.forget(user.id, c.email);
      const next = { ...user, neverLog: [...new Set([...user.neverLog, c.email, ...c.aliases])] };
      await deps.users.save(next);
      return {
        outcome: 'applied',
        user: next,
        contact: null,
        message: `Forgot ${c.name ?? c.email}: their history is deleted and Tend will not log ${c.email} again`,
      };
    }

    let prompt = req.prompt && req.prompt.contactEmail === c.email ? req.prompt : null;
    // A lost race may have been with the dispatcher or another reply changing the prompt.
    if (prompt && attempt > 1) prompt = await deps.prompts.get(user.id, prompt.id);
    const decision = decideContactCommand(c, command, {
      now,
      door: req.door,
      timezone: user.timezone,
      prompt,
      addedId: sha256Hex(req.idSeed).slice(0, 26),
      toldNews: req.toldNews ?? null,
    });
    const extras: ContactExtras = {
      ...(decision.interaction
        ? {
            interaction: decision.interaction,
            reconnected: countsAsReconnect(c, decision.interaction),
          }
        : {}),
      ...(decision.note ? { note: decision.note } : {}),
      ...(decision.closePromptId ? { promptDoneId: decision.closePromptId } : {}),
      ...(decision.reschedulePrompt ? { reschedulePrompt: decision.reschedulePrompt } : {}),
      ...(req.markers ? { markers: req.markers } : {}),
      ...(sameDates(c.dates, decision.contact.dates) ? {} : { datesBefore: c.dates }),
    };
    const written = await deps.contacts.applyChange(
      user,
      { contact: decision.contact, version: stored.version, indexedWords: stored.indexedWords },
      extras,
    );
    if (written === 'duplicate') return { outcome: 'duplicate', user };
    return { outcome: written, user, contact: decision.contact, message: decision.message };
  });
}
