import { DIGEST_DUE_COUNT_LIMIT } from '../domain/limits';
import type { ThanksPrompt, User } from '../domain/types';
import type { DueContacts } from '../ports/contact-store';
import type { Stores } from '../ports/stores';
import { type UpcomingDates, upcomingDates } from './upcoming-dates';

/** Due contacts the Today page lists at most (most overdue first); the count goes on to 99+. */
export const TODAY_DUE_LIMIT = 30;

/** Sent thank-yous the Today page still offers to close: those of the last 14 days, as the
 * digest's reminder line does (THANKS_REMINDER_DAYS in shared/use-cases/dispatch.ts). */
export const TODAY_THANKS_DAYS = 14;

export interface TodayView {
  due: DueContacts;
  /** Sent, not yet marked done, newest first. */
  thanks: ThanksPrompt[];
  /** SPEC 9: close-the-loop prompts sent and not yet marked done, newest first. */
  loops: ThanksPrompt[];
  /** SPEC 8: the birthdays and anniversaries of the next 14 days, as the digest lists them. */
  dates: UpcomingDates;
}

/** The web's Today page (SPEC 8): who is due, the thank-yous still open and the dates ahead;
 * the digest's reads (patterns 18-20 in docs/data-model.md and the date index: one Query per
 * month-day range, and one BatchGetItem of the dated contacts when there are any), so it grows
 * with what it shows. */
export async function todayView(
  stores: Pick<Stores, 'contacts' | 'prompts'>,
  user: User,
  now: Date,
): Promise<TodayView> {
  const since = new Date(now.getTime() - TODAY_THANKS_DAYS * 86_400_000).toISOString();
  const [due, sent, dates] = await Promise.all([
    stores.contacts.due(user, now, TODAY_DUE_LIMIT, DIGEST_DUE_COUNT_LIMIT),
    stores.prompts.sentSince(user.id, since),
    upcomingDates(stores.contacts, user, now),
  ]);
  const newestFirst = sent.sort((a, b) => (b.sentAt ?? '').localeCompare(a.sentAt ?? ''));
  return {
    due,
    thanks: newestFirst.filter((p) => p.kind === 'thanks'),
    loops: newestFirst.filter((p) => p.kind === 'loop'),
    dates,
  };
}
