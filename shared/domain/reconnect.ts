import type { Contact, User } from './types';

const DAY_MS = 86_400_000;

/** SPEC 3: the contact's own cadence, else its tags' (the shortest), else the user's default. */
export function cadenceOf(contact: Contact, user: User): number {
  if (contact.cadenceDays !== null) return contact.cadenceDays;
  const fromTags = contact.tags
    .map((t) => user.tagCadences[t])
    .filter((d): d is number => typeof d === 'number');
  return fromTags.length > 0 ? Math.min(...fromTags) : user.defaultCadenceDays;
}

/** When the reconnect clock started: the last interaction, or a later `skip`. */
export function clockStart(contact: Contact): string {
  const a = contact.lastInteractionAt;
  const b = contact.clockResetAt;
  if (a && b) return a > b ? a : b;
  return a ?? b ?? contact.firstSeenAt;
}

/** When the contact becomes due for reconnecting; null when muted. */
export function nextDueAt(contact: Contact, user: User): string | null {
  if (contact.status === 'muted') return null;
  const start = clockStart(contact);
  if (!start) return null;
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
  if (!start) return 0;
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
