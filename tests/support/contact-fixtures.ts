import { expect } from 'vitest';
import { parseCommandLine } from '../../shared/domain/commands';
import {
  CONTACTS_PAGE_SIZE,
  type ContactQuery,
  searchContacts,
} from '../../shared/domain/contact-search';
import type { Contact, User } from '../../shared/domain/types';
import { applyContactCommand } from '../../shared/use-cases/contact-commands';
import { findContacts } from '../../shared/use-cases/search-contacts';
import type { Harness } from './tend-harness';

/** A Contacts page query: the page's defaults (every contact, by last contact, page 1), then `over`. */
export function contactQuery(over: Partial<ContactQuery> = {}): ContactQuery {
  return {
    text: '',
    tag: null,
    status: null,
    dueOnly: false,
    sort: 'last',
    page: 1,
    ...over,
  };
}

/** A one-line command on a contact, as a reply would give it (`seed`: the reply's identity). */
export async function runContactCommand(
  h: Harness,
  user: User,
  email: string,
  line: string,
  seed: string,
): Promise<void> {
  const parsed = parseCommandLine(line, { now: h.now(), timezone: user.timezone });
  if ('error' in parsed) throw new Error(parsed.error);
  await applyContactCommand(h.app, {
    user,
    email,
    command: parsed.command as never,
    now: h.now(),
    door: 'reply',
    idSeed: seed,
  });
}

/**
 * The Contacts page's read of `q` shows what searching every whole contact (the domain's
 * reference) shows: the same contacts, as `shown` sees them, on the same page; the same counts
 * when the read was exact, else lower bounds with a next page that is really there.
 */
export async function expectPageAsReference(
  h: Harness,
  user: User,
  q: ContactQuery,
  shown: (c: Contact) => unknown = (c) => c.email,
): Promise<void> {
  const now = h.now();
  const fromIndex = await findContacts(h.app.contacts, user, q, now);
  const fromWhole = searchContacts(await h.app.contacts.list(user.id), q, user, now);
  expect(fromIndex.contacts.map(shown)).toEqual(fromWhole.contacts.map(shown));
  expect(fromIndex.page).toBe(fromWhole.page);
  if (fromIndex.exact) {
    expect(fromIndex).toMatchObject({ total: fromWhole.total, pages: fromWhole.pages });
  } else {
    expect(fromIndex.total).toBeLessThanOrEqual(fromWhole.total);
    expect(fromIndex.total).toBeGreaterThan(fromIndex.page * CONTACTS_PAGE_SIZE);
    expect(fromWhole.pages).toBeGreaterThanOrEqual(fromIndex.pages);
  }
}
