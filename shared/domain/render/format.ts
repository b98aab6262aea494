import { count } from '../count';
import { readDisplayName } from '../ingest/display-name';
import {
  addMonths,
  daysBetween,
  formatCalendarDay,
  fromWallClock,
  isValidZone,
  readIsoWallClock,
  wallClock,
  type WallClock,
} from '../time';

/** Below this many days "N days ago" reads better than "N weeks ago". */
const DAYS_BEFORE_WEEKS = 14;

/** An ISO date-time with its offset ("…Z", "…+01:00"), as stored. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** A stored time in the user's zone: the instant and its wall-clock reading there. */
interface Zoned {
  at: Date;
  local: WallClock;
  zone: string;
}

function inZone(iso: string, timezone: string): Zoned | null {
  // Without an offset, ISO text is read as UTC.
  const plain = readIsoWallClock(iso);
  const at = plain ? fromWallClock(plain, 'UTC') : ISO_INSTANT.test(iso) ? new Date(iso) : null;
  if (at === null || Number.isNaN(at.getTime())) return null;
  // An unknown zone name must not turn every date into "Invalid DateTime": show UTC instead.
  const zone = isValidZone(timezone) ? timezone : 'UTC';
  return { at, local: wallClock(at, zone), zone };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "Mon 14 Dec", with the year only when it is not the current one ("Sat 1 Jun 2024"). */
export function formatDay(iso: string, timezone: string, nowIso: string): string {
  const at = inZone(iso, timezone);
  if (at === null) return iso;
  const now = inZone(nowIso, timezone);
  const day = formatCalendarDay(at.local);
  return now !== null && now.local.year === at.local.year ? day : `${day} ${pad(at.local.year, 4)}`;
}

/** "Mon 14 Dec, 15:30" in the user's zone. */
export function formatDayTime(iso: string, timezone: string, nowIso: string): string {
  const at = inZone(iso, timezone);
  if (at === null) return iso;
  return `${formatDay(iso, timezone, nowIso)}, ${pad(at.local.hour)}:${pad(at.local.minute)}`;
}

/** Whole calendar months from `from` to `to` in the zone: 31 January to 28 February is one. */
function wholeMonths(from: Zoned, to: Zoned): number {
  let months = (to.local.year - from.local.year) * 12 + (to.local.month - from.local.month);
  while (months > 0 && fromWallClock(addMonths(from.local, months), from.zone) > to.at) months--;
  return months;
}

function ago(n: number, unit: string): string {
  return `${count(n, unit)} ago`;
}

/**
 * Time since a past moment, counted in calendar units of the user's zone:
 * "today", "yesterday", "5 days ago", "3 weeks ago", "3 months ago", "2 years ago".
 */
export function timeSince(iso: string, nowIso: string, timezone: string): string {
  const at = inZone(iso, timezone);
  const now = inZone(nowIso, timezone);
  if (at === null || now === null) return 'at an unknown time';
  const days = daysBetween(at.local, now.local);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  const months = wholeMonths(at, now);
  if (months >= 12) return ago(Math.floor(months / 12), 'year');
  if (months >= 1) return ago(months, 'month');
  if (days < DAYS_BEFORE_WEEKS) return ago(days, 'day');
  return ago(Math.floor(days / 7), 'week');
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
