import ICAL from 'ical.js';
import { isAddress } from '../domain/address';
import { boundedText } from '../domain/bounded-text';
import type {
  CalendarInvite,
  CalendarPerson,
  CalendarReading,
  CalendarStart,
} from '../domain/calendar/invite';
import { MAX_CALENDAR_CHARS, MAX_HEADER_LINE_CHARS, SNIPPET_MAX_CHARS } from '../domain/limits';

/** Participants who are not people (RFC 5545 CUTYPE) or not taking part (ROLE). */
const NOT_A_PERSON = new Set(['room', 'resource']);
const NOT_TAKING_PART = 'non-participant';

/**
 * SPEC 9: the meeting in a `text/calendar` part or `.ics` file (RFC 5545), read with ical.js.
 * Never throws: a calendar it cannot use is `unreadable`, with a reason that quotes nothing of
 * it (it goes to the log).
 */
export function readCalendar(text: string): CalendarReading {
  if (text.length > MAX_CALENDAR_CHARS)
    return unreadable(`larger than ${MAX_CALENDAR_CHARS} characters`);
  let root: ICAL.Component;
  try {
    const parsed: unknown = ICAL.parse(text);
    // One jCal for a single component, an array of them for several: the first calendar counts.
    const first: unknown = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed[0] : parsed;
    root = new ICAL.Component(first as unknown[]);
  } catch {
    return unreadable('ical.js could not parse it');
  }
  if (root.name !== 'vcalendar') return unreadable('no VCALENDAR');
  try {
    return readInvite(root);
  } catch {
    // ical.js throws on values it cannot read (a bad date, a bad rule): not an invite then.
    return unreadable('a value in it cannot be read');
  }
}

function unreadable(why: string): CalendarReading {
  return { kind: 'unreadable', why };
}

function readInvite(root: ICAL.Component): CalendarReading {
  const events = root.getAllSubcomponents('vevent');
  // The series itself, not an exception to it, when both are there.
  const vevent = events.find((e) => !e.hasProperty('recurrence-id')) ?? events[0];
  if (!vevent) return unreadable('no VEVENT');
  const dtstart = vevent.getFirstPropertyValue('dtstart');
  if (!(dtstart instanceof ICAL.Time)) return unreadable('no DTSTART');
  const event = new ICAL.Event(vevent);
  const first = firstOccurrence(event, dtstart);
  if (!first) return unreadable('every occurrence is excluded');
  const tzid = paramText(vevent.getFirstProperty('dtstart'), 'tzid');
  const recurrenceId = vevent.getFirstPropertyValue('recurrence-id');

  const attendees: CalendarPerson[] = [];
  let unreadableAttendees = 0;
  for (const prop of vevent.getAllProperties('attendee')) {
    const cutype = paramText(prop, 'cutype')?.toLowerCase();
    const role = paramText(prop, 'role')?.toLowerCase();
    if ((cutype && NOT_A_PERSON.has(cutype)) || role === NOT_TAKING_PART) continue;
    const person = readPerson(prop);
    if (person) attendees.push(person);
    else unreadableAttendees++;
  }
  const method = text(root.getFirstPropertyValue('method'))?.toUpperCase();
  const status = text(vevent.getFirstPropertyValue('status'))?.toUpperCase();
  const invite: CalendarInvite = {
    cancelled: method === 'CANCEL' || status === 'CANCELLED',
    uid: bounded(text(vevent.getFirstPropertyValue('uid')), MAX_HEADER_LINE_CHARS),
    start: startOf(first, tzid),
    occurrence: recurrenceId instanceof ICAL.Time ? startOf(recurrenceId, tzid) : null,
    recurring: event.isRecurring(),
    summary: bounded(text(vevent.getFirstPropertyValue('summary')), MAX_HEADER_LINE_CHARS),
    // More than a snippet's worth is never kept (SPEC 2.5's 280 characters, with room to trim).
    description: bounded(text(vevent.getFirstPropertyValue('description')), SNIPPET_MAX_CHARS * 4),
    organizer: readPerson(vevent.getFirstProperty('organizer')),
    attendees,
    unreadableAttendees,
  };
  return { kind: 'invite', invite };
}

/** RFC 5545: DTSTART is the first instance unless an EXDATE removes it; then the rule decides. */
function firstOccurrence(event: ICAL.Event, dtstart: ICAL.Time): ICAL.Time | null {
  if (!event.component.hasProperty('exdate')) return dtstart;
  // The expansion skips excluded dates itself; ical.js stops a rule that matches nothing.
  return event.iterator().next() ?? null;
}

function startOf(time: ICAL.Time, tzid: string | null): CalendarStart {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
  if (time.isDate) return { kind: 'date', date };
  const zone = time.zone?.tzid;
  // Floating: no zone at all, or a TZID the calendar does not define (then it may be IANA).
  if (!zone || zone === 'floating')
    return {
      kind: 'local',
      dateTime: `${date}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`,
      zone: tzid,
    };
  // UTC, or a zone the calendar defines in a VTIMEZONE: ical.js knows the offset.
  return { kind: 'instant', at: time.toJSDate().toISOString() };
}

/** An ATTENDEE or ORGANIZER: `mailto:` value (or an EMAIL parameter), CN, PARTSTAT. */
function readPerson(prop: ICAL.Property | null): CalendarPerson | null {
  if (!prop) return null;
  const value = text(prop.getFirstValue())?.trim() ?? '';
  const raw = /^mailto:/i.test(value) ? value.slice('mailto:'.length) : paramText(prop, 'email');
  const address = raw?.trim().toLowerCase() ?? '';
  if (!isAddress(address)) return null;
  return {
    address,
    name: bounded(paramText(prop, 'cn')?.trim() ?? null, MAX_HEADER_LINE_CHARS),
    declined: paramText(prop, 'partstat')?.toUpperCase() === 'DECLINED',
  };
}

function paramText(prop: ICAL.Property | null, name: string): string | null {
  const value: unknown = prop?.getParameter(name);
  return text(Array.isArray(value) ? value[0] : value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

function bounded(value: string | null, max: number): string | null {
  return value === null ? null : boundedText(value, max);
}
