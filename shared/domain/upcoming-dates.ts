/**
 * Which of the dates read from the date index the digest lists (SPEC 9), in what order: the
 * rules, pure; shared/use-cases/upcoming-dates.ts loads what they need.
 */
import { type DateWindow, type UpcomingDate, upcomingOccurrence } from './date-window';
import { type ImportantDate, sameDate } from './important-dates';
import type { Contact } from './types';

/** A digest is read on a phone: past this many dates in two weeks, the rest are only counted. */
export const MAX_DATES_PER_DIGEST = 10;

export interface ContactDate {
  contact: Contact;
  upcoming: UpcomingDate;
}

/**
 * The dates to list, soonest first: only a contact's own date as it stands (the index copy of
 * a date since changed, or of a contact since forgotten, is passed over), and none of a muted
 * contact (no prompts about them, SPEC 4).
 */
export function datesToList(
  filed: ReadonlyArray<{ email: string; date: ImportantDate }>,
  contacts: ReadonlyMap<string, Contact>,
  window: DateWindow,
): ContactDate[] {
  const listed: ContactDate[] = [];
  for (const { email, date } of filed) {
    const contact = contacts.get(email);
    if (!contact || contact.status === 'muted') continue;
    if (!contact.dates.some((d) => sameDate(d, date))) continue;
    const upcoming = upcomingOccurrence(date, window);
    if (upcoming) listed.push({ contact, upcoming });
  }
  return listed.sort(
    (a, b) =>
      a.upcoming.inDays - b.upcoming.inDays ||
      (a.contact.name ?? a.contact.email).localeCompare(b.contact.name ?? b.contact.email) ||
      a.upcoming.date.kind.localeCompare(b.upcoming.date.kind),
  );
}
