import { newContact } from '../domain/contact';
import { type ContactPage, type ContactQuery, searchContacts } from '../domain/contact-search';
import type { Contact, User } from '../domain/types';
import type { ContactStore, ContactSummary } from '../ports/contact-store';

/**
 * One page of the user's contacts for the web's Contacts page. Reads every contact's summary
 * (pattern 10 in docs/data-model.md, projected to the fields the page searches, sorts and shows)
 * and decides in memory: a search by any word in a name, address or tag has no index to use.
 */
export async function findContacts(
  contacts: ContactStore,
  user: User,
  query: ContactQuery,
  now: Date,
): Promise<ContactPage> {
  return searchContacts((await contacts.listSummaries(user.id)).map(listed), query, user, now);
}

/** A summary as the domain's Contact: the fields it was not read with stay at a new contact's
 * empty values, which neither the search nor the Contacts page reads. */
function listed(summary: ContactSummary): Contact {
  return { ...newContact(summary.email, summary.firstSeenAt, summary.source), ...summary };
}
