import type { User } from '../domain/types';

/** Tend's users and the addresses they send from. */
export interface UserStore {
  /** The user an address belongs to. May answer from a short-lived cache (see the adapter). */
  findByAddress(address: string): Promise<User | null>;
  get(userId: string): Promise<User | null>;
  list(): Promise<User[]>;
  /** Registers a user, their addresses and their first digest; AddressTakenError when any
   * address already belongs to someone. */
  create(user: User, firstDigestAt: string | null): Promise<void>;
  save(user: User): Promise<void>;
  /** Deletes the user and everything scoped to them; returns how many items went. */
  delete(user: User): Promise<number>;
}
