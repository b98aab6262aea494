import type { Mailbox } from '../mail-facts';

/**
 * A calendar invite as read from a `text/calendar` part or an `.ics` attachment
 * (shared/mail/parse-calendar.ts), before anything about the user is known (SPEC 9, meetings).
 */

/**
 * When an event starts, as precisely as the calendar says it. An instant is known (UTC, or a
 * TZID the calendar defines in a VTIMEZONE); a local time needs a zone (a TZID without a
 * VTIMEZONE, read as an IANA name if it is one, else the user's); a date is an all-day event.
 */
export type CalendarStart =
  | { kind: 'instant'; at: string }
  | { kind: 'local'; dateTime: string; zone: string | null }
  | { kind: 'date'; date: string };

/** An attendee or the organizer: a person (rooms and resources are left out when read). */
export interface CalendarPerson extends Mailbox {
  /** PARTSTAT=DECLINED: they said they would not come. */
  declined: boolean;
}

export interface CalendarInvite {
  /** METHOD:CANCEL (or STATUS:CANCELLED): the event is off. Anything else is an invite. */
  cancelled: boolean;
  uid: string | null;
  /** The first occurrence (DTSTART, or the first one an EXDATE leaves of a recurring event). */
  start: CalendarStart;
  /** RECURRENCE-ID: the invite is about this one occurrence of a series. */
  occurrence: CalendarStart | null;
  recurring: boolean;
  summary: string | null;
  description: string | null;
  organizer: CalendarPerson | null;
  attendees: CalendarPerson[];
  /** ATTENDEE entries whose address is not one (too long, malformed): skipped, counted. */
  unreadableAttendees: number;
}

/** What the mail's calendar part holds: an invite, or why it is not one. */
export type CalendarReading =
  { kind: 'invite'; invite: CalendarInvite } | { kind: 'unreadable'; why: string };
