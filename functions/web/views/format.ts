import { formatDateInYear, formatShortDate, humanizeSince } from '../../../shared/domain/time';
import type { Contact } from '../../../shared/domain/types';

/** The contact page's address. */
export function contactPath(email: string): string {
  return `/contacts/${encodeURIComponent(email)}`;
}

export function displayName(c: Pick<Contact, 'name' | 'email'>): string {
  return c.name ?? c.email;
}

/** "Mon 14 Dec" in the user's zone; "never" for no time. */
export function shortDate(iso: string | null, zone: string): string {
  return iso ? formatShortDate(new Date(iso), zone) : 'never';
}

/** "Mon 14 Dec" this year, "Tue 23 Dec 2025" another; "never" for no time. */
export function dateInYear(iso: string | null, now: Date, zone: string): string {
  return iso ? formatDateInYear(new Date(iso), now, zone) : 'never';
}

/** "3 weeks ago", "today"; "never" for no time. */
export function ago(iso: string | null, now: Date): string {
  if (!iso) return 'never';
  const since = humanizeSince(new Date(iso), now);
  return since === 'today' ? since : `${since} ago`;
}

/** Where a form may send the browser back to: a path of this site only. */
export function safeBack(value: string | undefined, fallback: string): string {
  return value && /^\/(?![/\\])[^\s\\]*$/.test(value) ? value : fallback;
}
