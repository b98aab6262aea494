import { REDISCOVER_AGAIN_AFTER_MONTHS } from './limits';
import { addMonths, fromWallClock, wallClock } from './time';
import type { Contact, User } from './types';
import { DEFAULT_TAG_CADENCES } from './vocabulary';

const DAY_MS = 86_400_000;

/** What the reconnect rule reads of a contact: enough to say when it is due. */
export type ReconnectFacts = Pick<
  Contact,
  'status' | 'tags' | 'cadenceDays' | 'lastInteractionAt' | 'clockResetAt' | 'snoozedUntil'
>;

/** SPEC 3: the contact's own cadence, else its tags' (the shortest), else the user's default.
 * A tag's cadence is the user's for it, else Tend's (SPEC 9: `mentor`, `advisor` monthly). */
export function cadenceOf(contact: Pick<Contact, 'cadenceDays' | 'tags'>, user: User): number {
  if (contact.cadenceDays !== null) return contact.cadenceDays;
  const fromTags = contact.tags
    .map((t) =>
      Object.hasOwn(user.tagCadences, t) ? user.tagCadences[t] : DEFAULT_TAG_CADENCES.get(t),
    )
    .filter((d): d is number => typeof d === 'number');
  return fromTags.length > 0 ? Math.min(...fromTags) : user.defaultCadenceDays;
}

/**
 * SPEC 3: nothing was ever logged with this contact (an import: a LinkedIn connection, a
 * vCard). It has no reconnect clock until something is; the digest suggests rediscovering it.
 */
export function awaitsFirstContact(contact: Contact): boolean {
  return contact.lastInteractionAt === null;
}

/** When the reconnect clock started: the last interaction, or a later `skip`; null before the
 * first interaction (a connection date or an import is not one). */
export function clockStart(
  contact: Pick<Contact, 'lastInteractionAt' | 'clockResetAt'>,
): string | null {
  const last = contact.lastInteractionAt;
  if (last === null) return null;
  const reset = contact.clockResetAt;
  return reset && reset > last ? reset : last;
}

/** When the contact becomes due for reconnecting; null when muted or never contacted. */
export function nextDueAt(contact: ReconnectFacts, user: User): string | null {
  if (contact.status === 'muted') return null;
  const start = clockStart(contact);
  if (start === null) return null;
  const due = new Date(new Date(start).getTime() + cadenceOf(contact, user) * DAY_MS).toISOString();
  return contact.snoozedUntil && contact.snoozedUntil > due ? contact.snoozedUntil : due;
}

/** SPEC 3: due when clock start + cadence <= now, not muted, not snoozed. */
export function isDue(contact: Contact, user: User, now: Date): boolean {
  if (contact.status === 'muted') return false;
  if (contact.snoozedUntil && contact.snoozedUntil > now.toISOString()) return false;
  const due = nextDueAt(contact, user);
  return due !== null && due <= now.toISOString();
}

/** How overdue, as a share of the cadence: the digest's ordering (most overdue first). */
export function overdueRatio(contact: Contact, user: User, now: Date): number {
  const start = clockStart(contact);
  if (start === null) return 0;
  const cadenceMs = cadenceOf(contact, user) * DAY_MS;
  return (now.getTime() - new Date(start).getTime() - cadenceMs) / cadenceMs;
}

/** The digest's items: due contacts, most overdue first, at most `limit`. */
export function pickDigestContacts(
  contacts: Contact[],
  user: User,
  now: Date,
  limit: number,
): Contact[] {
  return contacts
    .filter((c) => isDue(c, user, now))
    .map((c) => ({ c, r: overdueRatio(c, user, now) }))
    .sort((a, b) => b.r - a.r || a.c.email.localeCompare(b.c.email))
    .slice(0, limit)
    .map(({ c }) => c);
}

/** Sorts before every ISO time: a contact never suggested comes before any suggested one. */
const NEVER_SUGGESTED = '0';

/** 8 hex digits of FNV-1a over the address: a stable shuffle, so the suggestions of a big import
 * come from all over it rather than in alphabetical order. */
function shuffleKey(email: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(email.toLowerCase())) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The rediscover order (the sort key of the rediscover index, before the address): never
 * suggested first, then the longest since their last suggestion; a stable shuffle within.
 */
export function rediscoverRank(contact: Contact): string {
  return `${contact.lastSuggestedAt ?? NEVER_SUGGESTED}#${shuffleKey(contact.email)}`;
}

/** Contacts suggested before this time may be suggested again (SPEC 3: never twice in 6 months). */
export function rediscoverCutoff(now: Date): string {
  const then = addMonths(wallClock(now, 'UTC'), -REDISCOVER_AGAIN_AFTER_MONTHS);
  return fromWallClock(then, 'UTC').toISOString();
}

/** Whether a digest at `now` may suggest rediscovering this contact. */
export function canRediscover(contact: Contact, now: Date): boolean {
  const nowIso = now.toISOString();
  return (
    awaitsFirstContact(contact) &&
    contact.status === 'active' &&
    !(contact.snoozedUntil && contact.snoozedUntil > nowIso) &&
    (contact.lastSuggestedAt === null || contact.lastSuggestedAt < rediscoverCutoff(now))
  );
}

/** SPEC 3: the never-contacted contacts a digest suggests rediscovering, at most `limit`. */
export function pickRediscover(contacts: Contact[], now: Date, limit: number): Contact[] {
  const key = (c: Contact) => `${rediscoverRank(c)}#${c.email.toLowerCase()}`;
  return contacts
    .filter((c) => canRediscover(c, now))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .slice(0, limit);
}
