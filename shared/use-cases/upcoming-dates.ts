import { upcomingWindow } from '../domain/date-window';
import { type ContactDate, datesToList, MAX_DATES_PER_DIGEST } from '../domain/upcoming-dates';
import type { Contact, User } from '../domain/types';
import type { ContactStore } from '../ports/contact-store';

export interface UpcomingDates {
  /** Soonest first, at most MAX_DATES_PER_DIGEST. */
  dates: ContactDate[];
  /** More dates fall in the window than are listed. */
  more: boolean;
}

/**
 * The birthdays and anniversaries of the next two weeks in the user's calendar (SPEC 9), for
 * the digest. Costs one Query of the date index per month-day range (two when the window
 * crosses New Year), reading at most MAX_DATES_PER_DIGEST + 1 items, and one BatchGetItem of
 * those contacts: it grows with the dates shown, never with the number of contacts.
 */
export async function upcomingDates(
  contacts: ContactStore,
  user: User,
  now: Date,
): Promise<UpcomingDates> {
  const window = upcomingWindow(now, user.timezone);
  const { dates: filed, more } = await contacts.datesIn(
    user.id,
    window.ranges,
    MAX_DATES_PER_DIGEST,
  );
  if (filed.length === 0) return { dates: [], more };
  const stored = await contacts.getMany(user.id, [...new Set(filed.map((d) => d.email))]);
  const byEmail = new Map<string, Contact>(
    [...stored.values()].map((s) => [s.contact.email, s.contact]),
  );
  return { dates: datesToList(filed, byEmail, window), more };
}
