import { DateTime } from 'luxon';
import { readDisplayName } from '../ingest/display-name';

/** Month and weekday names are English whatever the runtime's locale (en-GB says "Sept"). */
const LOCALE = 'en-US';

/** Below this many days "N days ago" reads better than "N weeks ago". */
const DAYS_BEFORE_WEEKS = 14;

function inZone(iso: string, timezone: string): DateTime | null {
  const utc = DateTime.fromISO(iso, { zone: 'utc' });
  if (!utc.isValid) return null;
  const local = utc.setZone(timezone);
  // An unknown zone name must not turn every date into "Invalid DateTime": show UTC instead.
  return (local.isValid ? local : utc).setLocale(LOCALE);
}

/** "Mon 14 Dec", with the year only when it is not the current one ("Sat 1 Jun 2024"). */
export function formatDay(iso: string, timezone: string, nowIso: string): string {
  const at = inZone(iso, timezone);
  if (at === null) return iso;
  const now = inZone(nowIso, timezone);
  return at.toFormat(now !== null && now.year === at.year ? 'ccc d LLL' : 'ccc d LLL yyyy');
}

/** "Mon 14 Dec, 15:30" in the user's zone. */
export function formatDayTime(iso: string, timezone: string, nowIso: string): string {
  const at = inZone(iso, timezone);
  if (at === null) return iso;
  return `${formatDay(iso, timezone, nowIso)}, ${at.toFormat('HH:mm')}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

/**
 * Time since a past moment, counted in calendar units of the user's zone:
 * "today", "yesterday", "5 days ago", "3 weeks ago", "3 months ago", "2 years ago".
 */
export function timeSince(iso: string, nowIso: string, timezone: string): string {
  const at = inZone(iso, timezone);
  const now = inZone(nowIso, timezone);
  if (at === null || now === null) return 'at an unknown time';
  const days = Math.floor(now.startOf('day').diff(at.startOf('day'), 'days').days);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  const span = now.diff(at, ['years', 'months', 'days']);
  if (span.years >= 1) return plural(Math.floor(span.years), 'year');
  if (span.months >= 1) return plural(Math.floor(span.months), 'month');
  if (days < DAYS_BEFORE_WEEKS) return plural(days, 'day');
  return plural(Math.floor(days / 7), 'week');
}

/** A stored name as people read it: trimmed, and "Smith, Dana" (kept by earlier versions, from
 * Outlook) as "Dana Smith"; null when empty. */
function readableName(name: string | null): string | null {
  const trimmed = name?.trim();
  return trimmed ? (readDisplayName(trimmed)?.trim() ?? trimmed) : null;
}

/** The name to show for a contact: its name, else its address, else a placeholder. */
export function displayName(name: string | null, email: string | null): string {
  return readableName(name) ?? (email || 'Unnamed contact');
}

/** "Ana" from "Ana Lopez" (and from "Lopez, Ana"); null when there is no usable name (greet with
 * "Hi there"). */
export function firstName(name: string | null): string | null {
  const first = readableName(name)?.split(/\s+/)[0];
  return first ? first : null;
}

/** "Re: Fwd: Coffee?" → "Coffee?": reply and forward prefixes say nothing about the occasion. */
export function cleanSubject(subject: string | null): string | null {
  if (subject === null) return null;
  const cleaned = subject
    .replace(/^\s*((re|fwd?|aw|wg|sv|vs|tr)\s*(\[\d+\])?\s*:\s*)+/i, '')
    .trim();
  return cleaned === '' ? null : cleaned;
}

/** "3 people", "1 person". */
export function count(n: number, singular: string, pluralForm: string): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}
