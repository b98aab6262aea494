import { isAddress } from '../domain/address';
import type { User } from '../domain/types';
import type { UserStore } from '../ports/user-store';
import { UserInputError } from './users';

/**
 * The never-log list (SPEC 8 Settings; SPEC 4 `forget` fills it): addresses whose email Tend
 * does not log (ingest and imports skip them). Listing an address deletes nothing already logged
 * (that is `forget`); taking one off lets Tend log it again from the next email.
 *
 * Each change reads the user afresh and saves the whole user, as `forget` does, so settings saved
 * since the caller read the user are kept.
 */

export async function addNeverLog(
  users: UserStore,
  user: User,
  address: string,
): Promise<{ user: User; message: string }> {
  const added = address.trim().toLowerCase();
  if (!isAddress(added)) throw new UserInputError(`'${address.trim()}' is not an email address`);
  const current = await fresh(users, user);
  if (current.addresses.includes(added))
    throw new UserInputError(`${added} is your own address: Tend never logs it as a contact`);
  if (current.neverLog.includes(added))
    return { user: current, message: `${added} is already on the never-log list` };
  const next = { ...current, neverLog: [...current.neverLog, added] };
  await users.save(next);
  return { user: next, message: `Tend will not log ${added} from now on` };
}

export async function removeNeverLog(
  users: UserStore,
  user: User,
  address: string,
): Promise<{ user: User; message: string }> {
  const removed = address.trim().toLowerCase();
  const current = await fresh(users, user);
  if (!current.neverLog.includes(removed))
    throw new UserInputError(`${removed || 'that address'} is not on the never-log list`);
  const next = { ...current, neverLog: current.neverLog.filter((a) => a !== removed) };
  await users.save(next);
  return { user: next, message: `Tend logs ${removed} again from the next email` };
}

async function fresh(users: UserStore, user: User): Promise<User> {
  const current = await users.get(user.id);
  if (!current) throw new UserInputError(`${user.email} is no longer a Tend user`);
  return current;
}
