import { count } from './count';
/**
 * What one contact command does to a contact (SPEC 4): pure, so the reply handler, the CLI's
 * `tend contacts edit` and any later door decide alike. The use case
 * (shared/use-cases/contact-commands.ts) loads, calls this, and saves the decision.
 */
import type { ContactCommand } from './commands';
import { dateOf, formatCalendarDate, withDate, withoutDate } from './important-dates';
import { SNIPPET_MAX_CHARS } from './limits';
import { toldNewsSnippet } from './news';
import { formatShortDate } from './time';
import type { Contact, Interaction, Note, ThanksPrompt } from './types';

/** Where a command came from: each door says so in the interaction a `done` logs. */
export type CommandDoor = 'reply' | 'link' | 'web' | 'cli';

const DONE_BY: Record<CommandDoor, string> = {
  reply: 'Marked done by reply',
  link: 'Marked done from a link in an email',
  web: 'Marked done in the web app',
  cli: 'Marked done with tend contacts edit',
};

export interface ContactCommandContext {
  now: Date;
  door: CommandDoor;
  /** The user's IANA zone: dates in messages are shown in it. */
  timezone: string;
  /** The thank-you prompt the command answers, when it is about this contact (a reply to a
   * prompt); null for a digest item, an address named in a reply, or the CLI. */
  prompt: ThanksPrompt | null;
  /** The id of what the command adds (the interaction of `done`, a note): derived from the reply
   * and line, so a retry or a second delivery writes the same item, never a second one. */
  addedId: string;
  /** SPEC 9: the news of the checklist a `done` answers (`3 done` on it): the interaction it logs
   * says the user told them. Absent or null: an ordinary `done`. */
  toldNews?: string | null;
}

/** The contact as the command leaves it, with what is written next to it, all or nothing. */
export interface ContactDecision {
  contact: Contact;
  interaction?: Interaction;
  note?: Note;
  /** The thank-you prompt this closes (done, skip). */
  closePromptId?: string;
  /** The thank-you prompt brought back at the end of a snooze: pending again, due then. */
  reschedulePrompt?: ThanksPrompt;
  /** What it did, for the confirmation or the CLI. */
  message: string;
}

/** A prompt the user may still act on: not already closed (done, skipped, cancelled). */
function isLive(prompt: ThanksPrompt): boolean {
  return prompt.status === 'sent' || prompt.status === 'pending' || prompt.status === 'failed';
}

function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function who(c: Contact): string {
  return c.name ?? c.email;
}

/** The contact's copy of its open prompt, without the given prompt (closed now). */
function withoutCopyOf(c: Contact, promptId: string): Contact['pendingThanks'] {
  return c.pendingThanks?.id === promptId ? null : c.pendingThanks;
}

export function decideContactCommand(
  c: Contact,
  command: Exclude<ContactCommand, { kind: 'forget' }>,
  ctx: ContactCommandContext,
): ContactDecision {
  const nowIso = ctx.now.toISOString();
  const prompt = ctx.prompt && ctx.prompt.contactEmail === c.email ? ctx.prompt : null;
  switch (command.kind) {
    case 'done': {
      const told = ctx.toldNews ?? null;
      return {
        contact: {
          ...c,
          lastInteractionAt: nowIso,
          lastOutboundAt: nowIso,
          interactionCount: c.interactionCount + 1,
          snoozedUntil: null,
          pendingThanks: prompt ? withoutCopyOf(c, prompt.id) : c.pendingThanks,
        },
        interaction: {
          id: ctx.addedId,
          contactEmail: c.email,
          at: nowIso,
          direction: 'manual',
          subject: told === null ? c.lastSubject : 'Your news',
          snippet: told === null ? DONE_BY[ctx.door] : toldNewsSnippet(told, SNIPPET_MAX_CHARS),
          messageId: null,
          threadId: null,
          tags: [],
        },
        ...(prompt ? { closePromptId: prompt.id } : {}),
        message:
          told === null
            ? `Marked ${who(c)} done: the reconnect clock starts again today`
            : `Logged that you told ${who(c)} your news: the reconnect clock starts again today`,
      };
    }
    case 'snooze': {
      const until = formatShortDate(new Date(command.until), ctx.timezone);
      // SPEC 4: a snoozed thank-you is sent again when the snooze ends. Only if it is still the
      // contact's one thank-you: a newer prompt (a later email) stands on its own.
      // A close-the-loop prompt (SPEC 9) is not the contact's thank-you: it does not come back.
      const comesBack =
        prompt !== null &&
        prompt.kind === 'thanks' &&
        isLive(prompt) &&
        (c.pendingThanks === null || c.pendingThanks.id === prompt.id);
      if (!comesBack)
        return {
          contact: { ...c, snoozedUntil: command.until },
          message: `Snoozed ${who(c)} until ${until}`,
        };
      const again: ThanksPrompt = {
        ...prompt,
        status: 'pending',
        dueAt: command.until,
        attempts: 0,
        lastError: null,
      };
      return {
        contact: {
          ...c,
          snoozedUntil: command.until,
          pendingThanks: { id: again.id, interactionAt: again.interactionAt, dueAt: again.dueAt },
        },
        reschedulePrompt: again,
        message: `Snoozed ${who(c)} until ${until}: Tend will remind you about the thank-you then`,
      };
    }
    case 'skip':
      // SPEC 4: on a thank-you prompt, skip closes that prompt and nothing else.
      if (prompt) {
        const what = prompt.kind === 'loop' ? 'the note' : 'the thank-you';
        if (!isLive(prompt))
          return { contact: c, message: `${capitalized(what)} to ${who(c)} was already closed` };
        return {
          contact: { ...c, pendingThanks: withoutCopyOf(c, prompt.id) },
          closePromptId: prompt.id,
          message: `Skipped ${what} to ${who(c)}: nothing else changes`,
        };
      }
      // On a digest item (or naming the contact): the reconnect clock restarts, nothing logged.
      return {
        contact: { ...c, clockResetAt: nowIso },
        message: `Skipped ${who(c)}: the reconnect clock starts again today, nothing logged`,
      };
    case 'mute':
      return {
        contact: { ...c, status: 'muted' },
        message: `Muted ${who(c)}: no more prompts about them (reply 'unmute' to undo)`,
      };
    case 'unmute':
      return { contact: { ...c, status: 'active' }, message: `Unmuted ${who(c)}` };
    case 'every':
      return {
        contact: { ...c, cadenceDays: command.days },
        message: `${who(c)}: reconnect every ${count(command.days, 'day')}`,
      };
    case 'tag':
      return {
        contact: { ...c, tags: [...new Set([...c.tags, command.tag])] },
        message: `Tagged ${who(c)} '${command.tag}'`,
      };
    case 'untag':
      return {
        contact: { ...c, tags: c.tags.filter((t) => t !== command.tag) },
        message: c.tags.includes(command.tag)
          ? `Removed the tag '${command.tag}' from ${who(c)}`
          : `${who(c)} had no tag '${command.tag}'`,
      };
    case 'note':
      return {
        contact: { ...c, latestNote: command.text },
        note: { id: ctx.addedId, contactEmail: c.email, at: nowIso, text: command.text },
        message: `Added a note to ${who(c)}`,
      };
    case 'birthday':
    case 'anniversary': {
      const { kind, date } = command;
      const had = dateOf(c.dates, kind);
      if (date === null)
        return {
          contact: { ...c, dates: withoutDate(c.dates, kind) },
          message: had ? `Removed ${who(c)}'s ${kind}` : `${who(c)} had no ${kind} to remove`,
        };
      return {
        contact: { ...c, dates: withDate(c.dates, { kind, ...date }) },
        message: `${who(c)}'s ${kind}: ${formatCalendarDate(date)} (the digest lists it in the two weeks before)`,
      };
    }
    case 'rename':
      // The user's name for them: later mail does not overwrite it (SPEC 2.5).
      return {
        contact: { ...c, name: command.name, nameSetByUser: true },
        message:
          c.name === command.name
            ? `${c.email} is already called ${command.name}`
            : `Renamed ${who(c)} to ${command.name}`,
      };
  }
}
