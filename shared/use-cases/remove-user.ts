import type { User } from '../domain/types';
import type { ContactStore } from '../ports/contact-store';
import type { RawMailStore } from '../ports/raw-mail-store';
import type { UserStore } from '../ports/user-store';

/** What `users remove` erases, counted before anything goes, so the user can be told. */
export interface UserRemoval {
  user: User;
  contacts: number;
  /** S3 keys of the raw mail the table links to the user (logged, replied, quarantined). */
  rawMailKeys: string[];
}

export async function planUserRemoval(
  deps: { users: UserStore; contacts: ContactStore },
  user: User,
): Promise<UserRemoval> {
  const [contacts, rawMailKeys] = await Promise.all([
    deps.contacts.list(user.id),
    deps.users.rawMailKeys(user.id),
  ]);
  return { user, contacts: contacts.length, rawMailKeys };
}

/**
 * Erases a user (SPEC 5): their raw mail first, then the table's items. In that order, because
 * the table is what finds the raw mail: if this stops half-way, running it again finds the rest.
 */
export async function removeUser(
  deps: { users: UserStore; rawMail: RawMailStore },
  user: User,
): Promise<{ records: number; rawMail: number }> {
  const rawMailKeys = await deps.users.rawMailKeys(user.id);
  await deps.rawMail.delete(rawMailKeys);
  const records = await deps.users.delete(user);
  return { records, rawMail: rawMailKeys.length };
}
