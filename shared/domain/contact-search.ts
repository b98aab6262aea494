import { contactWords, matchesWords, queryWords } from './contact-words';
import { isDue, nextDueAt } from './reconnect';
import type { Contact, ContactStatus, User } from './types';

/**
 * Finding contacts (SPEC 8, the Contacts page): search by name, address, company (the address's
 * domain) and tag; filter by status, tag and due; sort by last contact or next due; one page.
 */

export const CONTACT_SORTS = ['last', 'due'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

/** Contacts per page: a page of a 10,000-contact network stays small to send and to read. */
export const CONTACTS_PAGE_SIZE = 25;

export interface ContactQuery {
  /** Words to find in the name, the address (its domain included), a tag or another address of
   * the contact: each must start one of its words (`contactWords`). */
  text: string;
  tag: string | null;
  status: ContactStatus | null;
  dueOnly: boolean;
  sort: ContactSort;
  /** 1-based. */
  page: number;
}

export interface ContactPage {
  contacts: Contact[];
  /** How many contacts match over all pages when `exact`; otherwise how many were found before
   * the read stopped (at least one past this page: there are more). */
  total: number;
  page: number;
  /** The last page when `exact`; otherwise the next one (there are at least this many). */
  pages: number;
  /** The whole list was read: `total` and `pages` are counts, not lower bounds. */
  exact: boolean;
}

export function matchesQuery(c: Contact, q: ContactQuery, user: User, now: Date): boolean {
  if (q.tag !== null && !c.tags.includes(q.tag)) return false;
  if (q.status !== null && c.status !== q.status) return false;
  if (q.dueOnly && !isDue(c, user, now)) return false;
  const wanted = queryWords(q.text);
  return wanted.length === 0 || matchesWords(contactWords(c), wanted);
}

/** What `contactOrderKey` gives a contact with no time to sort by: after every time. */
const NEVER = '~';
/** Milliseconds are inverted against this (the year 2286), so later times sort first. */
const LAST_MS = 9_999_999_999_999;

/**
 * The Contacts page's order as one string per contact, ascending, then the address: by last
 * contact, most recent first; by next due, soonest first; contacts never contacted (or, by next
 * due, muted: never due) last. The page's two indexes are sorted by it (docs/data-model.md).
 */
export function contactOrderKey(c: Contact, sort: ContactSort, user: User): string {
  if (sort === 'last') {
    if (c.lastInteractionAt === null) return NEVER;
    const ms = Math.min(Math.max(Date.parse(c.lastInteractionAt), 0), LAST_MS);
    return String(LAST_MS - ms).padStart(13, '0');
  }
  const due = nextDueAt(c, user);
  return due === null ? NEVER : new Date(due).toISOString();
}

/** Compares contacts in the page's order (their order keys, then their addresses). */
export function compareFor(sort: ContactSort, user: User): (x: Contact, y: Contact) => number {
  const key = (c: Contact) => `${contactOrderKey(c, sort, user)}#${c.email}`;
  return (x, y) => {
    const [a, b] = [key(x), key(y)];
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

/** Whether the query passes over some contacts (anything but an order, or the due ones by next
 * due, which the due order's index reads as one range). */
export function isFiltered(q: ContactQuery): boolean {
  return (
    queryWords(q.text).length > 0 ||
    q.tag !== null ||
    q.status !== null ||
    (q.dueOnly && q.sort !== 'due')
  );
}

/**
 * One page of what was read of a query's matches, in order: `found` follows the `skipped` first
 * ones, passed over unread. `complete` when the read reached the end of the list: the counts
 * are exact and a page past the last shows the last. Otherwise the read stopped once it held
 * one match past the page asked for. Null when the page to show starts among the skipped ones
 * (a page past the end of a list shorter than the skip): read it again from there.
 */
export function pageOf(
  found: Contact[],
  requested: number,
  complete: boolean,
  skipped = 0,
): ContactPage | null {
  const total = skipped + found.length;
  const pages = Math.max(1, Math.ceil(total / CONTACTS_PAGE_SIZE));
  const page = complete ? Math.min(Math.max(1, requested), pages) : Math.max(1, requested);
  const start = (page - 1) * CONTACTS_PAGE_SIZE - skipped;
  if (start < 0) return null;
  return {
    contacts: found.slice(start, start + CONTACTS_PAGE_SIZE),
    total,
    page,
    pages: complete ? pages : page + 1,
    exact: complete,
  };
}

/** Every contact given is searched (the reference the Contacts page's reads are tested against). */
export function searchContacts(
  contacts: Contact[],
  q: ContactQuery,
  user: User,
  now: Date,
): ContactPage {
  const found = contacts
    .filter((c) => matchesQuery(c, q, user, now))
    .sort(compareFor(q.sort, user));
  return pageOf(found, q.page, true)!;
}
