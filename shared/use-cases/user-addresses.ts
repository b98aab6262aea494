import type { User } from '../domain/types';
import { isAddress } from '../domain/address';
import { AddressTakenError } from '../ports/store-errors';
import type { UserStore } from '../ports/user-store';
import { retryOnConflict } from './retry-on-conflict';
import { UserInputError } from './users';

/**
 * A user's sending addresses change without losing anything (SPEC 5): contacts, history and
 * settings stay with the user id, which no address change touches. Each address still belongs
 * to one user (the address item is the guard, written in the same transaction as the user).
 */
export async function addUserAddress(users: UserStore, user: User, address: string): Promise<User> {
  const added = sendingAddress(address);
  return retryOnConflict(async (attempt) => {
    const current = attempt === 1 ? user : await reread(users, user);
    if (current.addresses.includes(added))
      throw new UserInputError(`${added} is already an address of ${current.email}`);
    const owner = await users.findByAddress(added);
    if (owner) throw taken(added, owner);
    try {
      return await users.addAddress(current, added);
    } catch (error) {
      if (!(error instanceof AddressTakenError)) throw error;
      // Registered by someone else between the look-up and the write.
      const winner = await users.findByAddress(added);
      throw winner
        ? taken(added, winner)
        : new UserInputError(`${added} is already registered to a Tend user`, { cause: error });
    }
  });
}

/** A sending address as typed (CLI or web), as Tend keeps it; UserInputError when it is not one. */
export function sendingAddress(address: string): string {
  const kept = address.trim().toLowerCase();
  if (!isAddress(kept)) throw new UserInputError(`'${address}' is not an email address`);
  return kept;
}

/** Refuses the primary address (every email Tend sends goes there) and the last one. */
export async function removeUserAddress(
  users: UserStore,
  user: User,
  address: string,
): Promise<User> {
  const removed = address.trim().toLowerCase();
  return retryOnConflict(async (attempt) => {
    const current = attempt === 1 ? user : await reread(users, user);
    if (!current.addresses.includes(removed))
      throw new UserInputError(
        `${removed} is not an address of ${current.email} (its addresses: ${current.addresses.join(', ')})`,
      );
    if (current.addresses.length === 1)
      throw new UserInputError(
        `${removed} is the only address of ${current.email}: add another first, or remove the user with \`tend users remove ${current.email} --yes\``,
      );
    if (removed === current.email)
      throw new UserInputError(
        `${removed} is the primary address of ${current.email} (Tend sends every email there), so it cannot be removed`,
      );
    try {
      return await users.removeAddress(current, removed);
    } catch (error) {
      if (error instanceof AddressTakenError) throw new UserInputError(error.message);
      throw error;
    }
  });
}

function taken(address: string, owner: User): UserInputError {
  const whose = owner.email === address ? '' : ` (an address of ${owner.email})`;
  return new UserInputError(`${address} is already registered to another Tend user${whose}`);
}

async function reread(users: UserStore, user: User): Promise<User> {
  const fresh = await users.get(user.id);
  if (!fresh) throw new UserInputError(`${user.email} is no longer a Tend user`);
  return fresh;
}
