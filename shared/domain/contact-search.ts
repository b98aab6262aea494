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
  /** Words to find in the name, the address (its domain included) or a tag; all must match. */
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
  /** How many contacts match, over all pages. */
  total: number;
  page: number;
  pages: number;
}

export function matchesQuery(c: Contact, q: ContactQuery, user: User, now: Date): boolean {
  if (q.tag !== null && !c.tags.includes(q.tag)) return false;
  if (q.status !== null && c.status !== q.status) return false;
  if (q.dueOnly && !isDue(c, user, now)) return false;
  const words = q.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [c.name ?? '', c.email, ...c.tags].join(' ').toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** Last contact: most recent first. Next due: soonest first. Never-due contacts go last. */
function sortKey(c: Contact, sort: ContactSort, user: User): string | null {
  return sort === 'last' ? c.lastInteractionAt : nextDueAt(c, user);
}

export function searchContacts(
  contacts: Contact[],
  q: ContactQuery,
  user: User,
  now: Date,
): ContactPage {
  const found = contacts
    .filter((c) => matchesQuery(c, q, user, now))
    .map((c) => ({ c, key: sortKey(c, q.sort, user) }))
    .sort((x, y) => {
      if (x.key === y.key) return x.c.email.localeCompare(y.c.email);
      if (x.key === null) return 1;
      if (y.key === null) return -1;
      const order = x.key.localeCompare(y.key);
      return q.sort === 'last' ? -order : order;
    })
    .map(({ c }) => c);
  const pages = Math.max(1, Math.ceil(found.length / CONTACTS_PAGE_SIZE));
  const page = Math.min(Math.max(1, q.page), pages);
  const start = (page - 1) * CONTACTS_PAGE_SIZE;
  return {
    contacts: found.slice(start, start + CONTACTS_PAGE_SIZE),
    total: found.length,
    page,
    pages,
  };
}
