import { newContact } from '../domain/contact';
import {
  CONTACTS_PAGE_SIZE,
  compareFor,
  type ContactPage,
  type ContactQuery,
  isFiltered,
  matchesQuery,
  pageOf,
} from '../domain/contact-search';
import { queryWords } from '../domain/contact-words';
import type { Contact, User } from '../domain/types';
import type { ContactStore, SearchedContact } from '../ports/contact-store';

/**
 * A read of a list takes at least this many contacts (four pages), the pages it passes over
 * included: a network this small is read whole at once, so its pages show exact counts.
 */
export const FIRST_READ_CONTACTS = 100;
/** A filtered list's first read takes this many contacts per match it needs: a filter that
 * keeps one contact in eight fills its page with one Query. */
export const FILTERED_READ_FACTOR = 8;
/**
 * Keys a search reads of the word index per query word. A word that starts more contacts' words
 * than this is common: its matches are dense, so the ordered read fills a page quickly, and
 * the search reads that instead. Below it, the candidates (at most this many contacts, 4
 * BatchGetItems in parallel) are fewer than the ordered read would pass over.
 */
export const WORD_LOOKUP_LIMIT = 400;
/** Query words looked up in the word index, the longest (the likeliest rare) first: the others
 * are still checked on every candidate (`matchesQuery`), so more lookups only cost. */
export const MAX_WORD_LOOKUPS = 4;

/**
 * One page of the user's contacts for the web's Contacts page. A search with a rare word reads
 * the word index (pattern 48 in docs/data-model.md): the contacts every rare query word finds,
 * read by key, checked against the whole query and sorted; an exact page, whatever the
 * network's size. Otherwise (no words, or only common ones) the page is read in its order from
 * its index (pattern 46), and only as far as the page asked for and one match more.
 * Unfiltered (or due only, by next due: one key range), the pages before this one are passed
 * over reading only their keys; a filter reads on until enough contacts pass it, so its reads
 * grow with the page over the share of contacts that match. The counts are exact when the read
 * reached the end of the list, and lower bounds otherwise (`exact`).
 */
export async function findContacts(
  contacts: ContactStore,
  user: User,
  query: ContactQuery,
  now: Date,
): Promise<ContactPage> {
  const searched = await searchWords(contacts, user, query, now);
  if (searched) return searched;
  // Words all common: the indexes do not project aliases, which a contact's words include.
  const aliases =
    queryWords(query.text).length > 0
      ? await contacts.aliasesByContact(user.id)
      : new Map<string, string[]>();
  const read = await readPage(contacts, user, query, now, Math.max(1, query.page), aliases);
  if (read.page) return read.page;
  // The list ended before the page asked for (a link past the last page): read the last page.
  // Page 1 passes over nothing, so it always reads back whole.
  return (
    (await readPage(contacts, user, query, now, read.lastPage, aliases)).page ??
    (await readPage(contacts, user, query, now, 1, aliases)).page!
  );
}

/**
 * The search by the word index, or null when every query word looked up is common (more than
 * WORD_LOOKUP_LIMIT keys). The looked-up words that are not common each give every contact
 * they could match: a contact that matches is in all of them, so their intersection holds every
 * match, and `matchesQuery` (the reference rule: the other words, tag, status, due) decides.
 */
async function searchWords(
  contacts: ContactStore,
  user: User,
  query: ContactQuery,
  now: Date,
): Promise<ContactPage | null> {
  const words = queryWords(query.text)
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_WORD_LOOKUPS);
  if (words.length === 0) return null;
  const lookups = await Promise.all(
    words.map((w) => contacts.contactsWithWord(user.id, w, WORD_LOOKUP_LIMIT)),
  );
  const rare = lookups.filter((l) => l.complete).map((l) => l.emails);
  if (rare.length === 0) return null;
  const [first, ...rest] = rare.sort((a, b) => a.length - b.length);
  const others = rest.map((emails) => new Set(emails));
  const candidates = first!.filter((e) => others.every((o) => o.has(e)));
  // A word nothing starts: no contact matches, and none is read.
  const found =
    candidates.length === 0
      ? []
      : (await contacts.contactsOf(user.id, candidates))
          .map(listed)
          .filter((c) => matchesQuery(c, query, user, now))
          .sort(compareFor(query.sort, user));
  return pageOf(found, query.page, true)!;
}

async function readPage(
  contacts: ContactStore,
  user: User,
  query: ContactQuery,
  now: Date,
  requested: number,
  aliases: ReadonlyMap<string, string[]>,
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
    found.push(
      ...chunk.contacts
        .map((c) => listed({ ...c, aliases: aliases.get(c.email) ?? [] }))
        .filter((c) => matchesQuery(c, query, user, now)),
    );
    complete = chunk.last;
    if (complete || found.length >= wanted) break;
  }
  const total = skipped + found.length;
  return {
    page: pageOf(found, requested, complete, skipped),
    lastPage: Math.max(1, Math.ceil(total / CONTACTS_PAGE_SIZE)),
  };
}

/** A summary and its aliases as the domain's Contact: the fields it was not read with stay at a
 * new contact's empty values, which neither the search nor the Contacts page reads. */
function listed(summary: SearchedContact): Contact {
  return { ...newContact(summary.email, summary.firstSeenAt, summary.source), ...summary };
}
