import { nextDueAt } from '../domain/reconnect';
import type { Contact, User } from '../domain/types';
import type { ContactStore } from '../ports/contact-store';
import { toCsv } from './export-csv';

/**
 * A user's contacts as they leave Tend: the `contacts list --json` shape (SPEC 5) and the CSV of
 * `tend export csv` and the web app's Settings export (SPEC 8), one definition for every door.
 */

/** The `contacts list --json` shape (SPEC 5); extra fields after the contract's. */
export function contactJson(c: Contact, user: User) {
  return {
    email: c.email,
    name: c.name,
    tags: c.tags,
    cadenceDays: c.cadenceDays,
    status: c.status,
    snoozedUntil: c.snoozedUntil,
    firstSeenAt: c.firstSeenAt,
    lastInteractionAt: c.lastInteractionAt,
    lastInboundAt: c.lastInboundAt,
    lastOutboundAt: c.lastOutboundAt,
    interactionCount: c.interactionCount,
    nextDueAt: nextDueAt(c, user),
    source: c.source,
    linkedinUrl: c.linkedinUrl,
    /** A LinkedIn connection date: not an interaction (SPEC 3). */
    connectedAt: c.connectedAt,
    latestNote: c.latestNote,
    /** SPEC 5 (with section 9): birthday and anniversary. */
    dates: c.dates.map((d) => ({ kind: d.kind, month: d.month, day: d.day, year: d.year })),
    /** SPEC 9: the address of who introduced the user to them, or null. */
    introducedBy: c.introducedBy,
  };
}

/** The columns of `export csv`: the `contacts list --json` fields, in that order. */
export const CONTACT_COLUMNS = [
  'email',
  'name',
  'tags',
  'cadenceDays',
  'status',
  'snoozedUntil',
  'firstSeenAt',
  'lastInteractionAt',
  'lastInboundAt',
  'lastOutboundAt',
  'interactionCount',
  'nextDueAt',
  'source',
  'linkedinUrl',
  'connectedAt',
  'latestNote',
] as const satisfies ReadonlyArray<keyof ReturnType<typeof contactJson>>;

/**
 * Every contact of the user as CSV, sorted by address. One query of the user's contacts (what
 * `contacts list` reads); the CSV grows with them (about 300 bytes a contact).
 */
export async function exportContactsCsv(
  contacts: Pick<ContactStore, 'list'>,
  user: User,
): Promise<{ csv: string; count: number }> {
  const list = (await contacts.list(user.id)).sort((x, y) => x.email.localeCompare(y.email));
  return {
    csv: toCsv(
      CONTACT_COLUMNS,
      list.map((c) => contactJson(c, user)),
    ),
    count: list.length,
  };
}
