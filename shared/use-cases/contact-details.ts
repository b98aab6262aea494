import { isDue } from '../domain/reconnect';
import type { Contact, Interaction, Note, ThanksPrompt, User } from '../domain/types';
import type { ContactStore, Introduced } from '../ports/contact-store';
import type { PromptStore } from '../ports/prompt-store';
import { UserInputError } from './users';

export interface ContactDetails {
  contact: Contact;
  /** All of them (the CLI), or the page asked for, newest first (the web). */
  interactions: Interaction[];
  /** With a page asked for: older interactions remain. */
  moreInteractions: boolean;
  notes: Note[];
  prompts: ThanksPrompt[];
  /** SPEC 9: the introducer as "Name <address>" when Tend knows their name (null: no
   * introducer, or no name: `contact.introducedBy` has the address). */
  introducer: string | null;
  /** SPEC 8 and 9: whom they introduced the user to, by address: all of them (the CLI), or
   * the first INTRODUCED_SHOWN (the web). */
  introduced: Introduced[];
  /** More than INTRODUCED_SHOWN: others remain. */
  moreIntroduced: boolean;
}

/** The people a contact introduced that its page lists: its reads stay what a page shows. */
export const INTRODUCED_SHOWN = 20;

/** "Name <address>", or the address alone when Tend knows no name. */
export function mailboxLabel(person: { name: string | null; email: string }): string {
  return person.name ? `${person.name} <${person.email}>` : person.email;
}

/** One contact with everything Tend holds about them (SPEC 5 `contacts show`). */
export async function contactDetails(
  stores: { contacts: ContactStore; prompts: PromptStore },
  user: User,
  email: string,
  /** One page of the timeline (the web app): the newest `limit` before `before`. */
  timeline?: { limit: number; before: string | null },
): Promise<ContactDetails> {
  // SPEC 9: an address merged into a contact shows that contact.
  const stored = await stores.contacts.find(user.id, email.trim().toLowerCase());
  if (!stored)
    throw new UserInputError(`no contact ${email} for ${user.email} (see \`tend contacts list\`)`);
  const address = stored.contact.email;
  const introducedBy = stored.contact.introducedBy;
  const [history, notes, prompts, introducer, introductions] = await Promise.all([
    timeline
      ? stores.contacts.interactionsPage(user.id, address, timeline.limit, timeline.before)
      : stores.contacts
          .listInteractions(user.id, address)
          .then((interactions) => ({ interactions, more: false })),
    stores.contacts.listNotes(user.id, address),
    stores.prompts.listFor(user.id, address),
    // SPEC 9: an introducer merged into another contact since is that contact.
    introducedBy ? stores.contacts.find(user.id, introducedBy) : null,
    // SPEC 9: introductions made from any of the contact's addresses (one Query each).
    stores.contacts.introductionsBy(
      user.id,
      [address, ...stored.contact.aliases],
      timeline ? INTRODUCED_SHOWN : Infinity,
    ),
  ]);
  return {
    contact: stored.contact,
    interactions: history.interactions,
    moreInteractions: history.more,
    notes,
    prompts,
    introducer: introducer?.contact.name ? mailboxLabel(introducer.contact) : null,
    introduced: introductions.introduced,
    moreIntroduced: introductions.more,
  };
}

export interface ContactFilter {
  /** Only contacts with this tag (already read by the tag vocabulary). */
  tag?: string;
  /** Only contacts due for reconnecting at `now`. */
  dueAt?: Date;
}

/** The user's contacts (SPEC 5 `contacts list`), most recently in touch first. */
export async function listContacts(
  contacts: ContactStore,
  user: User,
  filter: ContactFilter = {},
): Promise<Contact[]> {
  let list = await contacts.list(user.id);
  const { tag, dueAt } = filter;
  if (tag) list = list.filter((c) => c.tags.includes(tag));
  if (dueAt) list = list.filter((c) => isDue(c, user, dueAt));
  return list.sort((x, y) => (y.lastInteractionAt ?? '').localeCompare(x.lastInteractionAt ?? ''));
}
