/**
 * Time-zone helpers. All zone arithmetic goes through the runtime's IANA rules
 * (Intl.DateTimeFormat, DST included); nothing here adds hours by hand. They replace luxon on
 * the Lambda functions' start path (issue 9: loading luxon cost every cold start), and
 * tests/unit/time.test.ts checks them against luxon across DST changes.
 */
// Weekdays as Date.getUTCDay() numbers them: Sunday 0 … Saturday 6.
import { count } from './count';
import { WEEKDAYS, type Weekday } from './types';

/** A zone name the runtime does not know (a typo, or a made-up place). */
export class InvalidTimeZoneError extends Error {
  override readonly name = 'InvalidTimeZoneError';
  constructor(
    readonly zone: string,
    options?: { cause?: unknown },
  ) {
    super(`unknown time zone '${zone}'`, options);
  }
}

/** A day of a calendar. */
export interface CalendarDay {
  year: number;
  /** 1 (January) to 12. */
  month: number;
  day: number;
}

/** What a wall clock in some zone reads. */
export interface WallClock extends CalendarDay {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Month and weekday names are English whatever the runtime's locale (en-GB says "Sept"). */
const SHORT_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const SHORT_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** One formatter per zone: building one is the expensive part. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw new InvalidTimeZoneError(zone, { cause });
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

export function isValidZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The instant's milliseconds since the epoch, as UTC calendar fields would give them back. */
function utcMillis(c: WallClock): number {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: years 0–99 are years, not 1900–1999.
  date.setUTCFullYear(c.year, c.month - 1, c.day);
  date.setUTCHours(c.hour, c.minute, c.second, c.millisecond);
  return date.getTime();
}

/** What a wall clock in `zone` reads at the instant `at`. */
export function wallClock(at: Date, zone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(at))
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  return {
    year: fields.year ?? NaN,
    month: fields.month ?? NaN,
    day: fields.day ?? NaN,
    hour: fields.hour ?? NaN,
    minute: fields.minute ?? NaN,
    second: fields.second ?? NaN,
    millisecond: ((at.getTime() % 1000) + 1000) % 1000,
  };
}

/** UTC offset of `zone` at the instant `at`, in minutes (New York: -300 in winter, -240 in summer). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  return Math.round((utcMillis(wallClock(at, zone)) - at.getTime()) / MINUTE_MS);
}

/**
 * The instant a wall clock in `zone` reads `local`. A time that does not exist there (clocks
 * spring forward past it) moves on by the length of the gap, as it would on a clock left
 * unchanged (02:30 in a gap from 02:00 to 03:00 is 03:30); a time that happens twice (clocks
 * fall back) is its first, earlier occurrence.
 */
export function fromWallClock(local: WallClock, zone: string): Date {
  const asUtc = utcMillis(local);
  // The offsets either side: a zone does not change its clocks twice within two days.
  const before = zoneOffsetMinutes(zone, new Date(asUtc - DAY_MS));
  const after = zoneOffsetMinutes(zone, new Date(asUtc + DAY_MS));
  const fits = (offset: number) => {
    const at = new Date(asUtc - offset * MINUTE_MS);
    return zoneOffsetMinutes(zone, at) === offset ? at : null;
  };
  // The larger offset gives the earlier instant: tried first.
  const [first, second] = before >= after ? [before, after] : [after, before];
  return fits(first) ?? fits(second) ?? new Date(asUtc - before * MINUTE_MS);
}

/** The day `days` after (before, when negative) `day` on the calendar. */
export function addDays(day: CalendarDay, days: number): CalendarDay {
  const date = new Date(utcMillis({ ...day, hour: 0, minute: 0, second: 0, millisecond: 0 }));
  date.setUTCDate(date.getUTCDate() + days);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Days from `from` to `to` on the calendar (1 from today to tomorrow, whatever the clocks do). */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  const midnight = { hour: 0, minute: 0, second: 0, millisecond: 0 };
  return Math.round(
    (utcMillis({ ...to, ...midnight }) - utcMillis({ ...from, ...midnight })) / DAY_MS,
  );
}

function daysInMonth(year: number, month: number): number {
  return addDays({ year, month: month + 1, day: 1 }, -1).day;
}

/** The same wall-clock time `months` months later (earlier when negative); the 31st of a shorter
 * month becomes its last day (31 March less one month is 28 or 29 February). */
export function addMonths(local: WallClock, months: number): WallClock {
  const index = local.year * 12 + (local.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { ...local, year, month, day: Math.min(local.day, daysInMonth(year, month)) };
}

/** The weekday of a calendar day. */
export function weekdayOf(day: CalendarDay): Weekday {
  const index = new Date(
    utcMillis({ ...day, hour: 0, minute: 0, second: 0, millisecond: 0 }),
  ).getUTCDay();
  return WEEKDAYS[index] as Weekday;
}

/** The instant the local day holding `at` starts in `zone` (not always 00:00, where clocks
 * spring forward at midnight). */
export function startOfLocalDay(at: Date, zone: string): Date {
  const { year, month, day } = wallClock(at, zone);
  return fromWallClock({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 }, zone);
}

/** Whether a calendar day exists: 2026-02-30 does not. */
export function isCalendarDay(day: CalendarDay): boolean {
  return (
    Number.isInteger(day.year) &&
    Number.isInteger(day.month) &&
    Number.isInteger(day.day) &&
    day.month >= 1 &&
    day.month <= 12 &&
    day.day >= 1 &&
    day.day <= daysInMonth(day.year, day.month)
  );
}

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/** "2026-12-14" or "2026-12-14T09:30[:00[.000]]", a wall-clock reading with no zone; null
 * when it is not one or names a day or time that does not exist. */
export function readIsoWallClock(text: string): WallClock | null {
  const m = ISO_LOCAL.exec(text);
  if (!m) return null;
  const local: WallClock = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    millisecond: Number((m[7] ?? '0').padEnd(3, '0')),
  };
  return isCalendarDay(local) && local.hour <= 23 && local.minute <= 59 && local.second <= 59
    ? local
    : null;
}

const RFC_2822_LOCAL =
  /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s)?(\d{1,2})\s(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s(\d{2,4})\s(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The wall-clock reading of an RFC 5322 date written without a zone ("Thu, 26 Nov 2026 09:30"),
 * comments dropped; a two-digit year is 19xx above 60, else 20xx. Null when it is not one, names
 * a day that does not exist, or the weekday does not match the date.
 */
export function readRfc2822WallClock(text: string): WallClock | null {
  const cleaned = text
    .replace(/\([^()]*\)|[\n\t]/g, ' ')
    .replace(/\s\s+/g, ' ')
    .trim();
  const m = RFC_2822_LOCAL.exec(cleaned);
  if (!m) return null;
  const shortYear = m[4]!.length === 2 ? Number(m[4]) : null;
  const local: WallClock = {
    year: shortYear === null ? Number(m[4]) : shortYear > 60 ? 1900 + shortYear : 2000 + shortYear,
    month: SHORT_MONTHS.indexOf(m[3] as (typeof SHORT_MONTHS)[number]) + 1,
    day: Number(m[2]),
    hour: Number(m[5]),
    minute: Number(m[6]),
    second: Number(m[7] ?? 0),
    millisecond: 0,
  };
  if (!isCalendarDay(local) || local.hour > 23 || local.minute > 59 || local.second > 59)
    return null;
  if (m[1] !== undefined && SHORT_WEEKDAYS[WEEKDAYS.indexOf(weekdayOf(local))] !== m[1])
    return null;
  return local;
}

/**
 * The first instant strictly after `after` that is `day` at `hour`:00 local time in `zone`.
 * Built from local calendar fields, so it stays at the same wall-clock hour across DST changes;
 * an hour that does not exist that day (spring forward) moves to the next valid instant.
 */
export function nextWeeklySlot(after: Date, day: Weekday, hour: number, zone: string): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new RangeError(`hour must be a whole number from 0 to 23, got ${hour}`);
  }
  if (!isValidZone(zone)) throw new InvalidTimeZoneError(zone);
  const today = wallClock(after, zone);
  const daysAhead = (WEEKDAYS.indexOf(day) - WEEKDAYS.indexOf(weekdayOf(today)) + 7) % 7;
  const slotOn = (date: CalendarDay): Date =>
    fromWallClock({ ...date, hour, minute: 0, second: 0, millisecond: 0 }, zone);
  const slot = slotOn(addDays(today, daysAhead));
  return slot.getTime() > after.getTime() ? slot : slotOn(addDays(today, daysAhead + 7));
}

/** "Mon 14 Dec" of a calendar day. */
export function formatCalendarDay(day: CalendarDay): string {
  return `${SHORT_WEEKDAYS[WEEKDAYS.indexOf(weekdayOf(day))]} ${day.day} ${SHORT_MONTHS[day.month - 1]}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function inZone(at: Date, zone: string): WallClock {
  if (!isValidZone(zone)) throw new InvalidTimeZoneError(zone);
  return wallClock(at, zone);
}

/** "Mon 14 Dec" in the user's zone. */
export function formatShortDate(at: Date, zone: string): string {
  return formatCalendarDay(inZone(at, zone));
}

/** "Mon 14 Dec" when `at` falls in the same year as `now` in the user's zone, else
 * "Tue 23 Dec 2025": a year-long timeline needs the year, a date this year does not. */
export function formatDateInYear(at: Date, now: Date, zone: string): string {
  const day = inZone(at, zone);
  const short = formatCalendarDay(day);
  return day.year === inZone(now, zone).year ? short : `${short} ${pad(day.year, 4)}`;
}

/** "Mon 14 Dec 2026, 09:00" in the user's zone (24-hour clock). */
export function formatDateTime(at: Date, zone: string): string {
  const local = inZone(at, zone);
  return `${formatCalendarDay(local)} ${pad(local.year, 4)}, ${pad(local.hour)}:${pad(local.minute)}`;
}

/**
 * How long ago `from` was, in the largest unit that reads naturally:
 * "today", "1 day" … "13 days", "2 weeks" … "8 weeks", "2 months" … "12 months", "1 year", "3 years".
 * A `from` in the future reads "today".
 */
export function humanizeSince(from: Date, now: Date): string {
  const days = Math.floor((now.getTime() - from.getTime()) / DAY_MS);
  if (days < 1) return 'today';
  if (days < 14) return count(days, 'day');
  if (days < 60) return count(Math.floor(days / 7), 'week');
  if (days < 365) return count(Math.floor(days / 30), 'month');
  return count(Math.floor(days / 365), 'year');
}
