/**
 * Dates as people write them in a reply or on the command line ("May 4", "4th of May 1990",
 * "1990-05-04", "christmas"), read by chrono-node. Shared by `snooze until …` (an instant) and
 * `birthday …` (a day of the year).
 */
import * as chrono from 'chrono-node';
import { type CalendarDate, calendarDateProblem } from './important-dates';

/** Chrono knows no holidays; these are the ones people say when they mean a date. */
const HOLIDAYS: ReadonlyArray<[RegExp, string]> = [
  [/\bchristmas eve\b/, 'dec 24'],
  [/\b(?:christmas|xmas)(?: day)?\b/, 'dec 25'],
  [/\bnew year'?s eve\b/, 'dec 31'],
  [/\bnew year'?s?(?: day)?\b/, 'jan 1'],
];

/** The phrase with the holidays people name written as dates (lower-case text). */
export function expandHolidays(phrase: string): string {
  let out = phrase;
  for (const [pattern, date] of HOLIDAYS) out = out.replace(pattern, date);
  return out;
}

/**
 * A day of the year is not relative to today, and chrono checks the day against the year it
 * assumes: read against a leap year, "feb 29" is a date.
 */
const LEAP_YEAR_REFERENCE = new Date('2024-07-01T12:00:00Z');

/** Words before the date that say nothing ("birthday is May 4", "birthday on the 4th of May"). */
const LEAD_WORDS = /^(?:(?:is|on|the|=|:)\s*)+/;

export const CALENDAR_DATE_EXAMPLE = "'May 4' or 'May 4 1990'";

export type CalendarDateReading = { ok: CalendarDate } | { error: string };

/**
 * A day of the year with its year when given: the whole text must be one date naming its
 * month and day ("may 4", "4 May 1990", "5/4", "1990-05-04"; not "tomorrow", "next friday" or
 * "may"). `currentYear` (the user's) refuses a year still to come.
 */
export function readCalendarDate(text: string, currentYear: number): CalendarDateReading {
  const phrase = expandHolidays(text.trim().toLowerCase().replace(/\s+/g, ' ')).replace(
    LEAD_WORDS,
    '',
  );
  const unreadable = { error: `give a month and a day, like ${CALENDAR_DATE_EXAMPLE}` };
  if (phrase === '') return unreadable;
  const results = chrono.parse(
    phrase,
    { instant: LEAP_YEAR_REFERENCE, timezone: 0 },
    { forwardDate: false },
  );
  const [first] = results;
  if (!first || results.length !== 1 || first.index !== 0 || first.text.length !== phrase.length)
    return (
      whyNotADate(phrase, currentYear) ?? {
        error: `${unreadable.error} (I couldn't read '${text.trim()}')`,
      }
    );
  const { start } = first;
  // "today", "next friday": a day this year, not the day someone was born.
  const relative = [...first.tags()].some((t) => t.startsWith('casualReference'));
  if (first.end || relative || !start.isCertain('month') || !start.isCertain('day'))
    return unreadable;
  const date: CalendarDate = {
    month: start.get('month') ?? 0,
    day: start.get('day') ?? 0,
    year: start.isCertain('year') ? (start.get('year') ?? null) : null,
  };
  const problem = calendarDateProblem(date, currentYear);
  return problem === null ? { ok: date } : { error: problem };
}

/** "feb 30", "29 february 2023": the shape of a date, but chrono (rightly) found none. */
const DAY_SHAPES = [
  /^(?<month>[a-z]+)\.? (?<day>\d{1,2})(?:st|nd|rd|th)?(?:,? (?<year>\d{4}))?$/,
  /^(?<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?(?<month>[a-z]+)\.?(?:,? (?<year>\d{4}))?$/,
];

/** Why a phrase shaped like a day of a named month is not a date ("February has no day 30"). */
function whyNotADate(phrase: string, currentYear: number): { error: string } | null {
  for (const shape of DAY_SHAPES) {
    const g = shape.exec(phrase)?.groups;
    if (!g?.month || !g.day) continue;
    // The month name as chrono reads it, on a day every month has.
    const month = chrono.parse(`${g.month} 1`, LEAP_YEAR_REFERENCE)[0]?.start;
    if (!month?.isCertain('month')) return null;
    const problem = calendarDateProblem(
      {
        month: month.get('month') ?? 0,
        day: Number(g.day),
        year: g.year === undefined ? null : Number(g.year),
      },
      currentYear,
    );
    return problem === null ? null : { error: problem };
  }
  return null;
}
