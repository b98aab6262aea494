/**
 * The user's words for time and for grouping people, defined once (issue 9): the `log+` address
 * hints (SPEC 1), the reply commands (SPEC 4), `tend settings set` and `tend contacts edit`
 * (SPEC 5) all read durations, cadences and tags here, so `quarterly` is the same 90 days and
 * a tag the same word everywhere.
 */

/** Cadence arithmetic (SPEC 3): a week is 7 days, a month 30, a year 365. */
export const UNIT_DAYS = { day: 1, week: 7, month: 30, year: 365 } as const;
export type Unit = keyof typeof UNIT_DAYS;

/** An amount of a calendar unit: "2 weeks", "3m", "quarterly" (3 months). */
export interface Duration {
  n: number;
  unit: Unit;
}

/** A cadence is at least a day and at most five years (SPEC 4). */
export const MIN_CADENCE_DAYS = 1;
export const MAX_CADENCE_DAYS = 5 * UNIT_DAYS.year;

const UNIT_WORDS: Record<string, { unit: Unit; times: number }> = {
  d: { unit: 'day', times: 1 },
  day: { unit: 'day', times: 1 },
  days: { unit: 'day', times: 1 },
  w: { unit: 'week', times: 1 },
  wk: { unit: 'week', times: 1 },
  wks: { unit: 'week', times: 1 },
  week: { unit: 'week', times: 1 },
  weeks: { unit: 'week', times: 1 },
  fortnight: { unit: 'week', times: 2 },
  fortnights: { unit: 'week', times: 2 },
  m: { unit: 'month', times: 1 },
  mo: { unit: 'month', times: 1 },
  mos: { unit: 'month', times: 1 },
  month: { unit: 'month', times: 1 },
  months: { unit: 'month', times: 1 },
  quarter: { unit: 'month', times: 3 },
  quarters: { unit: 'month', times: 3 },
  y: { unit: 'year', times: 1 },
  yr: { unit: 'year', times: 1 },
  yrs: { unit: 'year', times: 1 },
  year: { unit: 'year', times: 1 },
  years: { unit: 'year', times: 1 },
};

/** Cadence words that are a duration on their own. */
const ADVERBS: Record<string, Duration> = {
  daily: { n: 1, unit: 'day' },
  weekly: { n: 1, unit: 'week' },
  biweekly: { n: 2, unit: 'week' },
  fortnightly: { n: 2, unit: 'week' },
  monthly: { n: 1, unit: 'month' },
  bimonthly: { n: 2, unit: 'month' },
  quarterly: { n: 3, unit: 'month' },
  yearly: { n: 1, unit: 'year' },
  annually: { n: 1, unit: 'year' },
};

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  other: 2, // "every other week"
};

/** An optional amount (digits, touching the unit or not; or a word, then a space) and a unit word. */
const DURATION_RE = /^(?:(\d{1,4})\s*|([a-z]+)\s+)?([a-z]+)$/;

/**
 * "3d", "2 weeks", "a month", "monthly", "every other week"'s "other week"; lower-case text
 * with single spaces. Null when it is not a duration.
 */
export function parseDuration(text: string): Duration | null {
  const adverb = ADVERBS[text];
  if (adverb) return adverb;
  const match = DURATION_RE.exec(text);
  if (!match) return null;
  const [, digits, word, unitWord = ''] = match;
  const unit = UNIT_WORDS[unitWord];
  if (!unit) return null;
  const n = digits !== undefined ? Number(digits) : word !== undefined ? NUMBER_WORDS[word] : 1;
  if (n === undefined) return null;
  return { n: n * unit.times, unit: unit.unit };
}

export function durationDays(d: Duration): number {
  return d.n * UNIT_DAYS[d.unit];
}

export type CadenceReading = { days: number } | { error: 'unreadable' | 'too-short' | 'too-long' };

/** A cadence as the user writes it ("2 months", "30d", "quarterly"), in days within the limits. */
export function readCadence(text: string): CadenceReading {
  const duration = parseDuration(text.trim().toLowerCase().replace(/\s+/g, ' '));
  if (!duration) return { error: 'unreadable' };
  const days = durationDays(duration);
  if (days < MIN_CADENCE_DAYS) return { error: 'too-short' };
  if (days > MAX_CADENCE_DAYS) return { error: 'too-long' };
  return { days };
}

/**
 * SPEC 9, committee of advisors: the people who guide you are kept warm monthly unless the user
 * gives these tags a cadence of their own (`tend settings set tag-cadence.mentor 2w`).
 */
export const DEFAULT_TAG_CADENCES: ReadonlyMap<string, number> = new Map([
  ['mentor', UNIT_DAYS.month],
  ['advisor', UNIT_DAYS.month],
]);

/** A tag is one short word: long enough for "investor-relations", short enough for a subject line. */
export const MAX_TAG_CHARS = 40;
const TAG_RE = new RegExp(`^[a-z0-9][a-z0-9_-]{0,${MAX_TAG_CHARS - 1}}$`);
export const TAG_RULE = `one word of at most ${MAX_TAG_CHARS} letters, digits, '-' or '_'`;

/** A tag as the user writes it ("Mentor", "#mentor"), lower-cased; null when it is not one. */
export function readTag(text: string): string | null {
  const tag = text.trim().toLowerCase().replace(/^#/, '');
  return TAG_RE.test(tag) ? tag : null;
}
