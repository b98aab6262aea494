/**
 * The Network page's pictures (SPEC 8: "how many contacts are fresh, due, overdue per tag, and
 * interactions per week over the last year"): the rules, pure, in one place.
 * shared/use-cases/network.ts loads what they need.
 */
import { cadenceOf, nextDueAt, type ReconnectFacts } from './reconnect';
import type { User } from './types';

const DAY_MS = 86_400_000;

/** SPEC 8: "interactions per week over the last year": 52 weeks of 7 days. */
export const NETWORK_WEEKS = 52;
const WEEK_DAYS = 7;

/** Tags drawn at most, the most populous first: past this the page says how many it left out
 * (a picture with hundreds of bars is a table again). */
export const MAX_NETWORK_TAGS = 24;

/**
 * Where a contact stands against the reconnect rule (shared/domain/reconnect.ts), at `now`:
 * - `fresh`: not yet due (its next due time, after any snooze, is still to come);
 * - `due`: due (as the digest and Today count it), for less than one more cadence;
 * - `overdue`: due for a whole cadence or more (no contact for twice the cadence, or a cadence
 *   past the end of a snooze).
 * Muted contacts and those never contacted (imports) have no reconnect clock: they are none of
 * the three, and are counted apart.
 */
export type Freshness = 'fresh' | 'due' | 'overdue';
export const FRESHNESS: readonly Freshness[] = ['fresh', 'due', 'overdue'];

/** What the page says each state means (the one wording, next to the rule it describes). */
export const FRESHNESS_MEANING: Record<Freshness, string> = {
  fresh: 'not yet due to reconnect',
  due: 'due, for less than one more cadence',
  overdue: 'due for a whole cadence or longer',
};

export function freshnessOf(contact: ReconnectFacts, user: User, now: Date): Freshness | null {
  const due = nextDueAt(contact, user);
  if (due === null) return null;
  const dueMs = Date.parse(due);
  if (dueMs > now.getTime()) return 'fresh';
  return now.getTime() - dueMs < cadenceOf(contact, user) * DAY_MS ? 'due' : 'overdue';
}

export type FreshnessCounts = Record<Freshness, number>;

export interface TagFreshness {
  /** null: the contacts with no tag. */
  tag: string | null;
  counts: FreshnessCounts;
}

export interface NetworkFreshness {
  /** Every contact with a reconnect clock. */
  all: FreshnessCounts;
  /** Per tag, most contacts (with a clock) first, then by name; the untagged last. A contact
   * with two tags counts under each. At most MAX_NETWORK_TAGS tags. */
  tags: TagFreshness[];
  /** Tags left out by MAX_NETWORK_TAGS. */
  moreTags: number;
  muted: number;
  /** Never contacted (imports): no reconnect clock yet. */
  awaitingFirstContact: number;
}

const zero = (): FreshnessCounts => ({ fresh: 0, due: 0, overdue: 0 });
export const totalOf = (c: FreshnessCounts): number => c.fresh + c.due + c.overdue;

export function networkFreshness(
  contacts: readonly ReconnectFacts[],
  user: User,
  now: Date,
): NetworkFreshness {
  const all = zero();
  const byTag = new Map<string, FreshnessCounts>();
  const untagged = zero();
  let muted = 0;
  let awaitingFirstContact = 0;
  for (const c of contacts) {
    const state = freshnessOf(c, user, now);
    if (state === null) {
      if (c.status === 'muted') muted += 1;
      else awaitingFirstContact += 1;
      continue;
    }
    all[state] += 1;
    if (c.tags.length === 0) untagged[state] += 1;
    for (const tag of new Set(c.tags)) {
      const counts = byTag.get(tag) ?? zero();
      counts[state] += 1;
      byTag.set(tag, counts);
    }
  }
  const tags = [...byTag]
    .map(([tag, counts]) => ({ tag, counts }))
    .sort((a, b) => totalOf(b.counts) - totalOf(a.counts) || a.tag.localeCompare(b.tag));
  const shown: TagFreshness[] = tags.slice(0, MAX_NETWORK_TAGS);
  if (totalOf(untagged) > 0) shown.push({ tag: null, counts: untagged });
  return {
    all,
    tags: shown,
    moreTags: Math.max(0, tags.length - MAX_NETWORK_TAGS),
    muted,
    awaitingFirstContact,
  };
}

/** What was logged on one UTC day (the day-stats items' `logged`). */
export interface DayCount {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  logged: number;
}

export interface WeekCount {
  /** The week's first and last UTC days, `YYYY-MM-DD`. */
  from: string;
  to: string;
  logged: number;
}

/** A UTC day, `YYYY-MM-DD`. */
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The year the chart covers: 52 weeks of 7 UTC days (activity is filed by UTC day), the last
 * ending today, so the latest bar holds today's interactions.
 */
export function activityYear(now: Date): { fromDay: string; toDay: string } {
  const today = Date.parse(dayOf(now.getTime()));
  return {
    fromDay: dayOf(today - (NETWORK_WEEKS * WEEK_DAYS - 1) * DAY_MS),
    toDay: dayOf(today),
  };
}

/** The days' counts summed into the year's 52 weeks, oldest first (days outside it ignored). */
export function weeklyActivity(now: Date, days: readonly DayCount[]): WeekCount[] {
  const first = Date.parse(activityYear(now).fromDay);
  const weeks: WeekCount[] = Array.from({ length: NETWORK_WEEKS }, (_, i) => ({
    from: dayOf(first + i * WEEK_DAYS * DAY_MS),
    to: dayOf(first + (i * WEEK_DAYS + WEEK_DAYS - 1) * DAY_MS),
    logged: 0,
  }));
  for (const d of days) {
    const week = weeks[Math.floor((Date.parse(d.day) - first) / (WEEK_DAYS * DAY_MS))];
    if (week && d.day >= week.from && d.day <= week.to) week.logged += d.logged;
  }
  return weeks;
}
