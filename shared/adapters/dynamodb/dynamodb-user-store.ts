import type { User } from '../../domain/types';
import { keys } from '../../keys';
import { AddressTakenError } from '../../ports/store-errors';
import type { UserStore } from '../../ports/user-store';
import { addressItem, parseAddress, parseUser, userItem } from './items/user-item';
import { scheduleItem } from './items/digest-item';
import { conditions, type Table, TransactionRefused, GSI1 } from './table';

/**
 * How long a warm function trusts what it learned of an address → user. Logging an email then
 * costs no user reads; a change made elsewhere (the CLI, another function instance) is seen
 * within this time, and a change made through this store at once.
 */
export const USER_CACHE_MS = 30_000;

export class DynamoUserStore implements UserStore {
  private readonly cache = new Map<string, { user: User; until: number }>();

  constructor(
    private readonly table: Table,
    private readonly clock: () => number = Date.now,
  ) {}

  async findByAddress(address: string): Promise<User | null> {
    const key = address.toLowerCase();
    const hit = this.cache.get(key);
    if (hit && hit.until > this.clock()) return hit.user;
    const link = await this.table.get(keys.address(key));
    if (!link) return null;
    const user = await this.get(parseAddress(link).userId);
    if (user) this.cache.set(key, { user, until: this.clock() + USER_CACHE_MS });
    return user;
  }

  async get(userId: string): Promise<User | null> {
    const item = await this.table.get(keys.user(userId));
    return item ? parseUser(item) : null;
  }

  async list(): Promise<User[]> {
    const items = await this.table.queryAll({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.usersPartition },
    });
    return items.map(parseUser);
  }

  async create(user: User, firstDigestAt: string | null): Promise<void> {
    const t = this.table;
    try {
      await t.transact([
        t.putItem(userItem(user), conditions.absent),
        ...user.addresses.map((a) => t.putItem(addressItem(a, user.id), conditions.absent)),
        ...(firstDigestAt ? [t.putItem(scheduleItem(user.id, firstDigestAt))] : []),
      ]);
    } catch (error) {
      if (error instanceof TransactionRefused)
        throw new AddressTakenError('that address is already registered to a Tend user', {
          cause: error,
        });
      throw error;
    }
  }

  async save(user: User): Promise<void> {
    this.forget(user);
    await this.table.put(userItem(user));
  }

  async delete(user: User): Promise<number> {
    this.forget(user);
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.userPartition(user.id) },
      ProjectionExpression: 'pk, sk',
    });
    await this.table.deleteMany([
      ...items.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })),
      ...user.addresses.map(keys.address),
    ]);
    return items.length;
  }

  private forget(user: User): void {
    for (const [address, entry] of this.cache)
      if (entry.user.id === user.id) this.cache.delete(address);
  }
}
