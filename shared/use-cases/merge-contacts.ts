import { duplicatesOf, normalizedName } from '../domain/merge';
import type { Contact, User } from '../domain/types';
import type { ContactSummary } from '../ports/contact-store';
import type { Stores } from '../ports/stores';
import { retryOnConflict } from './retry-on-conflict';
import { UserInputError } from './users';

export interface MergeResult {
  /** 'already': `other` was merged into `primary` before; nothing changed. */
  outcome: 'merged' | 'already';
  contact: Contact;
  message: string;
}

/**
 * SPEC 9, "one person, many addresses": `other` becomes an address of `primary` (one history,
 * notes, tags, the earliest first-seen, the primary's cadence); later mail to either logs to the
 * primary. The same door for `tend contacts merge`, the `merge OTHER` reply command and the web.
 * Replayed, it changes nothing; after an interrupted merge, it finishes it. UserInputError when
 * either is not a contact, they are the same, the primary is itself another contact's address,
 * or the other already belongs to a different contact.
 *
 * Reads: a GetItem of each (two more for an address that is an alias), then what
 * `contacts.merge` costs (docs/data-model.md).
 */
export async function mergeContacts(
  deps: Pick<Stores, 'contacts'>,
  user: User,
  primaryAddress: string,
  otherAddress: string,
): Promise<MergeResult> {
  const primary = primaryAddress.trim().toLowerCase();
  const other = otherAddress.trim().toLowerCase();
  if (primary === other) throw new UserInputError(`cannot merge ${primary} into itself`);
  return retryOnConflict(async (): Promise<MergeResult> => {
    const [a, b] = await Promise.all([
      deps.contacts.find(user.id, primary),
      deps.contacts.find(user.id, other),
    ]);
    if (!a) throw new UserInputError(`${primary} is not one of your contacts`);
    if (a.contact.email !== primary)
      throw new UserInputError(
        `${primary} is an address of ${a.contact.email}: merge into ${a.contact.email} instead`,
      );
    if (!b) throw new UserInputError(`${other} is not one of your contacts`);
    if (b.contact.email !== other && b.contact.email !== primary)
      throw new UserInputError(`${other} is already an address of ${b.contact.email}`);
    const done = await deps.contacts.merge(user, primary, other);
    const who = done.merged.name ?? primary;
    return {
      outcome: done.outcome,
      contact: done.merged,
      message:
        done.outcome === 'already'
          ? `${other} is already an address of ${who}`
          : `Merged ${other} into ${who} <${primary}>: one history, and later mail to either logs there`,
    };
  });
}

/**
 * SPEC 9: the contacts that look like this one (the same name under another address, the rule of
 * `likelyDuplicates`), by address: suggested to merge, never merged automatically. A contact
 * without a name has none, and costs nothing; one with a name costs a read of the user's contacts
 * projected to their summaries, as the Contacts page reads them (docs/data-model.md, 43).
 */
export async function likelyDuplicatesOf(
  deps: Pick<Stores, 'contacts'>,
  user: User,
  contact: Pick<Contact, 'email' | 'name'>,
): Promise<ContactSummary[]> {
  if (normalizedName(contact.name) === null) return [];
  const all = await deps.contacts.listSummaries(user.id);
  const others = all.filter((c) => c.email !== contact.email);
  const byEmail = new Map(others.map((c) => [c.email, c]));
  return duplicatesOf(contact.email, [contact, ...others]).flatMap((e) => byEmail.get(e) ?? []);
}
