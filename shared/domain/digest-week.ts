/**
 * SPEC 3, the digest's stats line: "this week" is the 168 hours before the digest is sent,
 * wherever the user lives. Activity is filed by UTC hour (the finest unit the stats keep), so
 * the week is a run of whole hours; these functions say which.
 */

/** SPEC 3: a week is 7 × 24 hours, whatever the user's zone or its DST changes. */
export const WEEK_HOURS = 168;

/** Before hour buckets, "this week" was the send's UTC day and the 6 before: a day stored
 * without them (older items) still counts when it is one of those. */
const LEGACY_WEEK_DAYS = 7;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A UTC day, `YYYY-MM-DD`. */
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Where an interaction's activity is filed: its UTC day and hour (0–23). */
export interface HourSlot {
  day: string;
  hour: number;
}

export function hourSlot(at: string | Date): HourSlot {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${String(at)}`);
  return { day: dayOf(ms), hour: new Date(ms).getUTCHours() };
}

/** The hour buckets of one digest's week and the day items that hold them. */
export interface DigestWeek {
  /** Start of the first hour bucket counted. */
  from: Date;
  /** Start of the last hour bucket counted (the one containing `now`). */
  to: Date;
  /** The UTC days those buckets fall on, first and last: always 8 day items. */
  firstDay: string;
  lastDay: string;
  /** Days at or after this one, up to `lastDay`, count whole when they have no hour buckets. */
  firstLegacyDay: string;
}

/**
 * The hours a digest sent at `now` counts: the hour bucket that contains `now` and the 168
 * before it, i.e. every bucket whose hour starts at or after `now − 168 h` floored to the hour,
 * and at or before `now` (so an interaction logged at the very moment of sending counts).
 *
 * Weekly digests are 168 hours apart, so the bucket that holds a digest's send time is in that
 * digest and in the next one: what was logged in that hour after the send (a reply to the
 * digest itself) is counted by the next digest, and what was logged in the same hour before
 * the send (a few minutes: slots are on the hour and dispatch runs every 5) is counted twice.
 * Leaving that bucket to one side only would either lose the rest of the hour for good, or keep
 * the minutes before a send (and anything logged at its very moment) out of that digest.
 */
export function digestWeek(now: Date): DigestWeek {
  const to = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const from = to - WEEK_HOURS * HOUR_MS;
  return {
    from: new Date(from),
    to: new Date(to),
    firstDay: dayOf(from),
    lastDay: dayOf(to),
    firstLegacyDay: dayOf(now.getTime() - (LEGACY_WEEK_DAYS - 1) * DAY_MS),
  };
}

/** Activity in one hour bucket: interactions logged, contacts reconnected with. */
export interface HourActivity {
  logged: number;
  reconnected: string[];
}

/** One UTC day's activity as stored: its totals, and the hour buckets it has (0–23). */
export interface DayActivity extends HourActivity {
  day: string;
  hours: Map<number, HourActivity>;
}

export interface WeekTotals {
  logged: number;
  /** Distinct contacts: one reconnected with on two days counts once. */
  reconnected: number;
}

/**
 * Sums the buckets of `week` from the days read. A day's totals beyond its hour buckets were
 * written before hour buckets existed (a whole day of them, or the part of the day before the
 * change shipped): they have no hour, so they count as they did then, when the day is one of
 * the 7 UTC days ending on the send's.
 */
export function weekTotals(week: DigestWeek, days: DayActivity[]): WeekTotals {
  const from = week.from.getTime();
  const to = week.to.getTime();
  let logged = 0;
  const reconnected = new Set<string>();
  for (const d of days) {
    if (d.day < week.firstDay || d.day > week.lastDay) continue;
    const dayStart = Date.parse(`${d.day}T00:00:00.000Z`);
    let placed = 0;
    const placedEmails = new Set<string>();
    for (const [hour, h] of d.hours) {
      placed += h.logged;
      for (const email of h.reconnected) placedEmails.add(email);
      const start = dayStart + hour * HOUR_MS;
      if (start < from || start > to) continue;
      logged += h.logged;
      for (const email of h.reconnected) reconnected.add(email);
    }
    if (d.day < week.firstLegacyDay) continue;
    logged += Math.max(0, d.logged - placed);
    for (const email of d.reconnected) if (!placedEmails.has(email)) reconnected.add(email);
  }
  return { logged, reconnected: reconnected.size };
}
