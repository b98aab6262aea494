import { newContact } from '../domain/contact';
import {
  CONTACTS_PAGE_SIZE,
  type ContactPage,
  type ContactQuery,
  isFiltered,
  matchesQuery,
  pageOf,
} from '../domain/contact-search';
import type { Contact, User } from '../domain/types';
import type { ContactStore, ContactSummary } from '../ports/contact-store';

/**
 * A read of a list takes at least this many contacts (four pages), the pages it passes over
 * included: a network this small is read whole at once, so its pages show exact counts.
 */
export const FIRST_READ_CONTACTS = 100;
/** A filtered list's first read takes this many contacts per match it needs: a filter that
 * keeps one contact in eight fills its page with one Query. */
export const FILTERED_READ_FACTOR = 8;

/**
 * One page of the user's contacts for the web's Contacts page (pattern 46 in
 * docs/data-model.md): read in the page's order from its index, and only as far as the page
 * asked for and one match more. Unfiltered (or due only, by next due: one key range), the pages
 * before this one are passed over reading only their keys; a search or a filter reads on until
 * enough contacts pass it, so its reads grow with the page over the share of contacts that
 * match. The counts are exact when the read reached the end of the list, and lower bounds
 * otherwise (`exact`).
 */
export async function findContacts(
  contacts: ContactStore,
  user: User,
  query: ContactQuery,
  now: Date,
): Promise<ContactPage> {
  const read = await readPage(contacts, user, query, now, Math.max(1, query.page));
  if (read.page) return read.page;
  // The list ended before the page asked for (a link past the last page): read the last page.
  // Page 1 passes over nothing, so it always reads back whole.
  return (
    (await readPage(contacts, user, query, now, read.lastPage)).page ??
    (await readPage(contacts, user, query, now, 1)).page!
  );
}

async function readPage(
  contacts: ContactStore,
  user: User,
  query: ContactQuery,
  now: Date,
  requested: number,
): Promise<{ page: ContactPage | null; lastPage: number }> {
  const filtered = isFiltered(query);
  const skip = filtered ? 0 : (requested - 1) * CONTACTS_PAGE_SIZE;
  const wanted = requested * CONTACTS_PAGE_SIZE + 1 - skip;
  const firstChunk = Math.max(
    FIRST_READ_CONTACTS - skip,
    filtered ? wanted * FILTERED_READ_FACTOR : wanted,
  );
  const dueBy = query.dueOnly && query.sort === 'due' ? now.toISOString() : null;
  const found: Contact[] = [];
  let skipped = 0;
  let complete = false;
  for await (const chunk of contacts.listInOrder(user.id, query.sort, {
    firstChunk,
    dueBy,
    skip,
  })) {
    skipped += chunk.skipped;
    found.push(...chunk.contacts.map(listed).filter((c) => matchesQuery(c, query, user, now)));
    complete = chunk.last;
    if (complete || found.length >= wanted) break;
  }
  const total = skipped + found.length;
  return {
    page: pageOf(found, requested, complete, skipped),
    lastPage: Math.max(1, Math.ceil(total / CONTACTS_PAGE_SIZE)),
  };
}

/** A summary as the domain's Contact: the fields it was not read with stay at a new contact's
 * empty values, which neither the search nor the Contacts page reads. */
function listed(summary: ContactSummary): Contact {
  return { ...newContact(summary.email, summary.firstSeenAt, summary.source), ...summary };
}
