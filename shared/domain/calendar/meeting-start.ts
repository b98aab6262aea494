import { fromWallClock, isValidZone, readIsoWallClock } from '../time';
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
      const zone = start.zone && isValidZone(start.zone) ? start.zone : userZone;
      return inZone(start.dateTime, zone);
    }
    case 'date':
      // Midnight, or the first instant after it where clocks spring forward at midnight.
      return inZone(start.date, userZone);
  }
}

/** The instant a wall clock in `zone` reads `text`; null when either cannot be read. */
function inZone(text: string, zone: string): Date | null {
  const local = readIsoWallClock(text);
  return local && isValidZone(zone) ? fromWallClock(local, zone) : null;
}

function validDate(date: Date): Date | null {
  return Number.isNaN(date.getTime()) ? null : date;
}
