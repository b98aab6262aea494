import { type ContactPage, type ContactQuery, searchContacts } from '../domain/contact-search';
import type { User } from '../domain/types';
import type { ContactStore } from '../ports/contact-store';

/**
 * One page of the user's contacts for the web's Contacts page. Reads the user's contacts
 * (pattern 10 in docs/data-model.md: one Query per page of the table) and decides in memory.
 */
export async function findContacts(
  contacts: ContactStore,
  user: User,
  query: ContactQuery,
  now: Date,
): Promise<ContactPage> {
  return searchContacts(await contacts.list(user.id), query, user, now);
}
