import { DateTime } from 'luxon';
import type { CalendarStart } from './invite';

/**
 * SPEC 9: when a meeting starts, as an instant. A time with a TZID the calendar does not define
 * is read in that zone if it is an IANA name ("Europe/Paris"), else (a Windows name without its
 * VTIMEZONE, or no zone at all: a floating time) in the user's; an all-day event starts when
 * its date starts in the user's zone. Null when the date cannot be read.
 */
export function meetingStart(start: CalendarStart, userZone: string): Date | null {
  switch (start.kind) {
    case 'instant':
      return validDate(new Date(start.at));
    case 'local': {
      const zone = start.zone && isZone(start.zone) ? start.zone : userZone;
      return fromLuxon(DateTime.fromISO(start.dateTime, { zone }));
    }
    case 'date':
      return fromLuxon(DateTime.fromISO(start.date, { zone: userZone }).startOf('day'));
  }
}

function isZone(name: string): boolean {
  return DateTime.now().setZone(name).isValid;
}

function fromLuxon(time: DateTime): Date | null {
  return time.isValid ? time.toJSDate() : null;
}

function validDate(date: Date): Date | null {
  return Number.isNaN(date.getTime()) ? null : date;
}
