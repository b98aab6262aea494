/**
 * SPEC 9, "one person, many addresses": what merging one contact into another makes of them, and
 * which contacts look like one person (suggested, never merged automatically). Pure.
 */
import { DATE_KINDS } from './important-dates';
import type { Contact } from './types';

const later = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : a >= b ? a : b;
const earlier = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : a <= b ? a : b;

/**
 * `other` merged into `primary`: one history (counts and last-interaction fields combined), the
 * tags of both, the earliest first-seen, the primary's cadence, status and snooze; what the
 * primary lacks (a name, a date of a kind, an open thank-you, an introducer) comes from the other.
 * The other's address and its own aliases become the primary's aliases.
 */
export function combineContacts(primary: Contact, other: Contact): Contact {
  const a = primary;
  const b = other;
  const bIsNewer = (b.lastInteractionAt ?? '') > (a.lastInteractionAt ?? '');
  const name = a.name ?? b.name;
  const dates = DATE_KINDS.flatMap(
    (kind) => a.dates.find((d) => d.kind === kind) ?? b.dates.find((d) => d.kind === kind) ?? [],
  );
  return {
    ...a,
    name,
    nameSetByUser: a.name !== null ? a.nameSetByUser : b.nameSetByUser,
    tags: [...new Set([...a.tags, ...b.tags])],
    firstSeenAt: earlier(a.firstSeenAt, b.firstSeenAt) ?? a.firstSeenAt,
    lastInteractionAt: later(a.lastInteractionAt, b.lastInteractionAt),
    lastInboundAt: later(a.lastInboundAt, b.lastInboundAt),
    lastOutboundAt: later(a.lastOutboundAt, b.lastOutboundAt),
    interactionCount: a.interactionCount + b.interactionCount,
    clockResetAt: later(a.clockResetAt, b.clockResetAt),
    lastSubject: bIsNewer ? (b.lastSubject ?? a.lastSubject) : (a.lastSubject ?? b.lastSubject),
    latestNote: a.latestNote ?? b.latestNote,
    pendingThanks: a.pendingThanks ?? b.pendingThanks,
    linkedinUrl: a.linkedinUrl ?? b.linkedinUrl,
    connectedAt: earlier(a.connectedAt, b.connectedAt),
    dates,
    introducedBy: a.introducedBy ?? b.introducedBy,
    closeLoopDueAt: a.closeLoopDueAt ?? b.closeLoopDueAt,
    aliases: [...new Set([...a.aliases, b.email, ...b.aliases])].filter((x) => x !== a.email),
  };
}

/** A display name as compared for duplicates: accents, case, quotes and spacing ignored. */
export function normalizedName(name: string | null): string | null {
  if (name === null) return null;
  const n = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/["'\u2018\u2019\u201c\u201d]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  // An address written as the name ("ana@x.example") says nothing about who it is.
  return n === '' || n.includes('@') ? null : n;
}

export interface LikelyDuplicate {
  /** The name as the first of them writes it. */
  name: string;
  /** Two or more addresses, sorted. */
  emails: string[];
}

/** SPEC 9: contacts with the same (normalized) name under different addresses, likely one
 * person: suggested to merge, never merged automatically. Sorted by name. */
export function likelyDuplicates(
  contacts: ReadonlyArray<Pick<Contact, 'email' | 'name'>>,
): LikelyDuplicate[] {
  const groups = new Map<string, LikelyDuplicate>();
  for (const c of contacts) {
    const key = normalizedName(c.name);
    if (key === null || c.name === null) continue;
    const group = groups.get(key) ?? { name: c.name.trim(), emails: [] };
    if (!group.emails.includes(c.email)) group.emails.push(c.email);
    groups.set(key, group);
  }
  return [...groups.entries()]
    .filter(([, g]) => g.emails.length > 1)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, g]) => ({ ...g, emails: [...g.emails].sort() }));
}

/** The duplicates that include this address (the `contacts show` and Contact page hint). */
export function duplicatesOf(
  email: string,
  contacts: ReadonlyArray<Pick<Contact, 'email' | 'name'>>,
): string[] {
  const group = likelyDuplicates(contacts).find((g) => g.emails.includes(email));
  return group ? group.emails.filter((e) => e !== email) : [];
}

/**
 * SPEC 9: an email's (or meeting's) people as the contacts they are: each address that is an
 * alias becomes its contact's own address (`primaryOf`), and a person written to at two of
 * their addresses is logged once (eligible for a thank-you if either address was; skipped
 * unless known only if both were).
 */
export function byContact<
  T extends { address: string; thanksEligible?: boolean; skipUnlessKnown?: boolean },
>(planned: readonly T[], primaryOf: (address: string) => string): T[] {
  const out = new Map<string, T>();
  for (const c of planned) {
    const address = primaryOf(c.address);
    const seen = out.get(address);
    if (!seen) {
      out.set(address, { ...c, address });
      continue;
    }
    const merged = { ...seen };
    if (seen.thanksEligible !== undefined)
      merged.thanksEligible = seen.thanksEligible || c.thanksEligible === true;
    if (seen.skipUnlessKnown !== undefined)
      merged.skipUnlessKnown = seen.skipUnlessKnown && c.skipUnlessKnown === true;
    out.set(address, merged);
  }
  return [...out.values()];
}
