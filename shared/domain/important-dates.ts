/**
 * Important dates on a contact (SPEC 9): a birthday and an anniversary, each a day of the year
 * with the year when it is known. The rules for what is a date live here, once, whichever door
 * it comes in by (a reply, `tend contacts edit`, a vCard).
 */

export const DATE_KINDS = ['birthday', 'anniversary'] as const;
export type DateKind = (typeof DATE_KINDS)[number];

/** A day of the year, with its year when known ("May 4", "May 4 1990"). */
export interface CalendarDate {
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  year: number | null;
}

/** One of a contact's dates: at most one of each kind. */
export interface ImportantDate extends CalendarDate {
  kind: DateKind;
}

/**
 * Years before this are placeholders, not years: Apple Contacts writes 1604 for a birthday
 * without a year, other address books 1900 or 0000. Nobody Tend logs was born before it.
 */
export const MIN_DATE_YEAR = 1901;

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Days in each month of a leap year: February 29 is a date when no year says otherwise. */
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month);
}

/**
 * Why a day is not a date the contact can have, or null when it is one: a day the month lacks
 * (30 February), 29 February of a year that was not a leap year, a year in the future (a
 * birthday or anniversary has happened) or a placeholder year (checked before: see readers).
 */
export function calendarDateProblem(d: CalendarDate, currentYear: number): string | null {
  if (!Number.isInteger(d.month) || d.month < 1 || d.month > 12) return 'there is no such month';
  const max = MAX_DAYS[d.month - 1] ?? 31;
  if (!Number.isInteger(d.day) || d.day < 1 || d.day > max)
    return `${monthName(d.month)} has no day ${d.day}`;
  if (d.year === null) return null;
  if (!Number.isInteger(d.year) || d.year < MIN_DATE_YEAR)
    return `give a year from ${MIN_DATE_YEAR} on, or no year`;
  if (d.year > currentYear) return `${d.year} is in the future`;
  if (d.month === 2 && d.day === 29 && !isLeapYear(d.year))
    return `${d.year} was not a leap year: it had no 29 February`;
  return null;
}

/** "4 May", "4 May 1990". */
export function formatCalendarDate(d: CalendarDate): string {
  const dayMonth = `${d.day} ${monthName(d.month)}`;
  return d.year === null ? dayMonth : `${dayMonth} ${d.year}`;
}

/** The contact's dates with this one set (replacing its kind's), birthday first. */
export function withDate(dates: readonly ImportantDate[], date: ImportantDate): ImportantDate[] {
  return sortDates([...dates.filter((d) => d.kind !== date.kind), date]);
}

/** The contact's dates without that kind. */
export function withoutDate(dates: readonly ImportantDate[], kind: DateKind): ImportantDate[] {
  return dates.filter((d) => d.kind !== kind);
}

export function dateOf(dates: readonly ImportantDate[], kind: DateKind): ImportantDate | null {
  return dates.find((d) => d.kind === kind) ?? null;
}

function sortDates(dates: ImportantDate[]): ImportantDate[] {
  return dates.sort((a, b) => DATE_KINDS.indexOf(a.kind) - DATE_KINDS.indexOf(b.kind));
}

export function sameDate(a: ImportantDate, b: ImportantDate): boolean {
  return a.kind === b.kind && a.month === b.month && a.day === b.day && a.year === b.year;
}

export function sameDates(a: readonly ImportantDate[], b: readonly ImportantDate[]): boolean {
  return datesNotIn(a, b).length === 0 && datesNotIn(b, a).length === 0;
}

/** The dates in `a` that `b` lacks (compared whole: a changed year is a changed date). */
export function datesNotIn(
  a: readonly ImportantDate[],
  b: readonly ImportantDate[],
): ImportantDate[] {
  return a.filter((d) => !b.some((e) => sameDate(d, e)));
}
