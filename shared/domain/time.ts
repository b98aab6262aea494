/**
 * Time-zone helpers. All zone arithmetic goes through luxon (IANA rules, DST included);
 * nothing here adds hours by hand.
 */
import { DateTime, IANAZone } from 'luxon';
import type { Weekday } from './types';

/** Month and weekday names are English whatever the runtime's locale. */
const LOCALE = 'en-US';

/** luxon numbers weekdays ISO-style: Monday 1 … Sunday 7. */
const ISO_WEEKDAY: Record<Weekday, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

/** A zone name luxon does not know (a typo, or an abbreviation such as "EST"). */
export class InvalidTimeZoneError extends Error {
  override readonly name = 'InvalidTimeZoneError';
  constructor(
    readonly zone: string,
    options?: { cause?: unknown },
  ) {
    super(`unknown time zone '${zone}'`, options);
  }
}

export function isValidZone(zone: string): boolean {
  return zone.trim() !== '' && IANAZone.isValidZone(zone);
}

function inZone(at: Date, zone: string): DateTime {
  if (!isValidZone(zone)) throw new InvalidTimeZoneError(zone);
  return DateTime.fromJSDate(at, { zone }).setLocale(LOCALE);
}

/** UTC offset of `zone` at the instant `at`, in minutes (New York: -300 in winter, -240 in summer). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  return inZone(at, zone).offset;
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
  const local = inZone(after, zone);
  const daysAhead = (ISO_WEEKDAY[day] - local.weekday + 7) % 7;
  const slotOn = (date: DateTime): DateTime =>
    DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour }, { zone });
  let slot = slotOn(local.plus({ days: daysAhead }));
  if (slot.toMillis() <= after.getTime()) slot = slotOn(local.plus({ days: daysAhead + 7 }));
  return slot.toJSDate();
}

/** "Mon 14 Dec" in the user's zone. */
export function formatShortDate(at: Date, zone: string): string {
  return inZone(at, zone).toFormat('ccc d LLL');
}

/** "Mon 14 Dec" when `at` falls in the same year as `now` in the user's zone, else
 * "Tue 23 Dec 2025": a year-long timeline needs the year, a date this year does not. */
export function formatDateInYear(at: Date, now: Date, zone: string): string {
  const day = inZone(at, zone);
  return day.toFormat(day.year === inZone(now, zone).year ? 'ccc d LLL' : 'ccc d LLL yyyy');
}

/** "Mon 14 Dec 2026, 09:00" in the user's zone (24-hour clock). */
export function formatDateTime(at: Date, zone: string): string {
  return inZone(at, zone).toFormat('ccc d LLL yyyy, HH:mm');
}

const DAY_MS = 86_400_000;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * How long ago `from` was, in the largest unit that reads naturally:
 * "today", "1 day" … "13 days", "2 weeks" … "8 weeks", "2 months" … "12 months", "1 year", "3 years".
 * A `from` in the future reads "today".
 */
export function humanizeSince(from: Date, now: Date): string {
  const days = Math.floor((now.getTime() - from.getTime()) / DAY_MS);
  if (days < 1) return 'today';
  if (days < 14) return plural(days, 'day');
  if (days < 60) return plural(Math.floor(days / 7), 'week');
  if (days < 365) return plural(Math.floor(days / 30), 'month');
  return plural(Math.floor(days / 365), 'year');
}
