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
  /** Gives the user one more address: AddressTakenError when it belongs to someone already,
   * ConcurrentUpdateError when the user's addresses changed since `user` was read. */
  addAddress(user: User, address: string): Promise<User>;
  /** Takes an address from the user (it is free for anyone after); ConcurrentUpdateError as
   * above, AddressTakenError when the address's guard names another user. */
  removeAddress(user: User, address: string): Promise<User>;
  /** The S3 keys of the user's raw mail that the table knows of (logged, replied, quarantined). */
  rawMailKeys(userId: string): Promise<string[]>;
  /** Deletes the user and everything scoped to them, their S3-key markers included; returns
   * how many items went. The raw mail itself is the RawMailStore's. */
  delete(user: User): Promise<number>;
}
