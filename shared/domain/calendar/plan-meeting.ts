import type { MailFacts } from '../mail-facts';
import type { QuarantineReason, User } from '../types';
import type { LogHints } from '../ingest/address-hints';
import {
  contactsToLog,
  otherPeople,
  type PlannedContact,
  type PlannedInteraction,
  snippetOf,
} from '../ingest/plan-ingest';
import type { CalendarInvite, CalendarReading } from './invite';
import { meetingStart } from './meeting-start';

/**
 * What an email with a calendar part does (SPEC 9, meetings):
 * - `log`: the meeting has started: an interaction with each attendee, now, like any email;
 * - `schedule`: it is in the future: kept, and logged by the dispatcher when it starts;
 * - `cancel`: METHOD:CANCEL: the scheduled meeting of that UID (that occurrence) goes;
 * - `not-a-meeting`: the calendar cannot be used (unreadable, no start, nobody else invited,
 *   declined by the user): the email is logged as an email instead;
 * - `quarantine`: the same reasons as any email (too many attendees, all on the never-log list).
 * `uid` is the event's UID, null when it has none.
 */
export type MeetingPlan =
  | { kind: 'not-a-meeting'; why: string }
  | { kind: 'quarantine'; reason: QuarantineReason; detail: string }
  | {
      kind: 'log' | 'schedule';
      uid: string | null;
      interaction: PlannedInteraction;
      contacts: PlannedContact[];
    }
  | { kind: 'cancel'; uid: string; occurrenceAt: string | null };

export interface MeetingInput {
  calendar: CalendarReading;
  facts: MailFacts;
  user: User;
  hints: LogHints;
  inboundDomain: string;
  now: Date;
}

export function planMeeting({
  calendar,
  facts,
  user,
  hints,
  inboundDomain,
  now,
}: MeetingInput): MeetingPlan {
  if (calendar.kind === 'unreadable') return notAMeeting(`calendar unreadable: ${calendar.why}`);
  const invite = calendar.invite;
  if (invite.cancelled) {
    if (!invite.uid) return notAMeeting('a cancellation without a UID');
    const occurrence = invite.occurrence ? meetingStart(invite.occurrence, user.timezone) : null;
    return { kind: 'cancel', uid: invite.uid, occurrenceAt: occurrence?.toISOString() ?? null };
  }
  const start = meetingStart(invite.start, user.timezone);
  if (!start) return notAMeeting('the start cannot be read');
  if (declinedByUser(invite, user)) return notAMeeting('the user declined it');

  // The organizer is at the meeting too, unless it is the user; declined attendees are not.
  const people = otherPeople(
    [
      ...(invite.organizer ? [invite.organizer] : []),
      ...invite.attendees.filter((a) => !a.declined),
    ],
    user,
    inboundDomain,
  );
  if (people.length === 0) return notAMeeting('nobody else is invited');
  const selected = contactsToLog(people, {
    user,
    hints,
    // Like the people the user writes to: a thank-you prompt only with `+thanks`.
    thanksEligible: () => true,
    unreadable: invite.unreadableAttendees,
  });
  if (selected.kind === 'quarantine') return selected;
  return {
    kind: start.getTime() > now.getTime() ? 'schedule' : 'log',
    uid: invite.uid,
    contacts: selected.contacts,
    interaction: {
      at: start.toISOString(),
      direction: 'meeting',
      subject: invite.summary ?? facts.subject,
      snippet: snippetOf({ text: invite.description ?? '', html: null }),
      messageId: facts.messageId,
      threadId: facts.references[0] ?? facts.inReplyTo ?? facts.messageId,
      tags: hints.tags,
    },
  };
}

function notAMeeting(why: string): MeetingPlan {
  return { kind: 'not-a-meeting', why };
}

/** The user's own ATTENDEE line says DECLINED (a "Declined: …" reply BCC'd to log@). */
function declinedByUser(invite: CalendarInvite, user: User): boolean {
  const own = new Set(user.addresses);
  return invite.attendees.some((a) => own.has(a.address) && a.declined);
}
