/**
 * Which important dates fall in the days ahead (SPEC 9: the digest lists the next 14 days'),
 * counted in the user's calendar: "today" is the user's today, and a window that starts in late
 * December runs on into January. A 29 February date falls on 28 February in other years.
 */
import { type CalendarDate, type ImportantDate, isLeapYear } from './important-dates';
import { addDays, wallClock } from './time';

/** SPEC 9: the digest lists the dates of the next 14 days (today and the 13 after it), so a
 * weekly digest shows each date twice, the second time less than a week ahead. */
export const UPCOMING_DATE_DAYS = 14;

/** A day of the user's calendar. */
export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

/** Month-days from `from` to `to`, both included, as `MM-DD` (they sort as the calendar does). */
export interface MonthDayRange {
  from: string;
  to: string;
}

export interface DateWindow {
  /** The window's days, first (today) to last. */
  days: LocalDay[];
  /** The month-days a stored date may have to fall in the window: one range, two across New
   * Year. A window holding 28 February of a common year also takes 29 February. */
  ranges: MonthDayRange[];
}

export function monthDay(month: number, day: number): string {
  return `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `YYYY-MM-DD`. */
export function isoDay(d: LocalDay): string {
  return `${String(d.year).padStart(4, '0')}-${monthDay(d.month, d.day)}`;
}

/** The days from the user's today on, in their zone. */
export function upcomingWindow(
  now: Date,
  timezone: string,
  length: number = UPCOMING_DATE_DAYS,
): DateWindow {
  const today = wallClock(now, timezone);
  const days: LocalDay[] = Array.from({ length }, (_, i) => addDays(today, i));
  const ranges: MonthDayRange[] = [];
  for (const year of [...new Set(days.map((d) => d.year))]) {
    const inYear = days.filter((d) => d.year === year);
    const first = inYear[0];
    const last = inYear[inYear.length - 1];
    if (!first || !last) continue;
    let to = monthDay(last.month, last.day);
    if (to === '02-28' && !isLeapYear(year)) to = '02-29';
    ranges.push({ from: monthDay(first.month, first.day), to });
  }
  return { days, ranges };
}

/** The day a date falls on in `year`: 29 February is kept on 28 February in a common year. */
export function occurrenceIn(date: CalendarDate, year: number): { month: number; day: number } {
  if (date.month === 2 && date.day === 29 && !isLeapYear(year)) return { month: 2, day: 28 };
  return { month: date.month, day: date.day };
}

export interface UpcomingDate {
  date: ImportantDate;
  /** The local day it falls on. */
  on: LocalDay;
  /** 0 today, 1 tomorrow… */
  inDays: number;
  /** The age a birthday turns, the years an anniversary marks; null without a year. */
  years: number | null;
}

/** When the date falls in the window, which day; null when it does not. */
export function upcomingOccurrence(date: ImportantDate, window: DateWindow): UpcomingDate | null {
  const inDays = window.days.findIndex((d) => {
    const o = occurrenceIn(date, d.year);
    return o.month === d.month && o.day === d.day;
  });
  const on = window.days[inDays];
  if (!on) return null;
  const years = date.year === null ? null : on.year - date.year;
  return { date, on, inDays, years: years !== null && years > 0 ? years : null };
}
