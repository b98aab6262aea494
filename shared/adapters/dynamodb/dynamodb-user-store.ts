import { isActionLinkMarkerKey } from '../../domain/action-links';
import type { User } from '../../domain/types';
import { keys } from '../../keys';
import { AddressTakenError, ConcurrentUpdateError } from '../../ports/store-errors';
import type { UserStore } from '../../ports/user-store';
import { addressItem, parseAddress, parseUser, userItem } from './items/user-item';
import { scheduleItem } from './items/digest-item';
import { conditions, type Item, type Table, TransactionRefused, GSI1 } from './table';

/** The user item still lists the addresses this change was decided on (optimistic lock). */
const SAME_ADDRESSES = 'addresses = :addresses';
/** The address item points at the user it is taken from (or is missing: nothing to guard). */
const ABSENT_OR_OWNED = `${conditions.absent} OR userId = :userId`;

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

  async addAddress(user: User, address: string): Promise<User> {
    const next = { ...user, addresses: [...user.addresses, address.toLowerCase()] };
    const t = this.table;
    try {
      await t.transact([
        t.putItem(addressItem(address, user.id), conditions.absent),
        this.setAddresses(user, next.addresses),
      ]);
    } catch (error) {
      if (error instanceof TransactionRefused && error.failed(0))
        throw new AddressTakenError(`${address} is already registered to a Tend user`, {
          cause: error,
        });
      throw this.refusal(error);
    } finally {
      this.forget(user);
    }
    // As stored: settings saved meanwhile included (only the addresses were written).
    return (await this.get(user.id)) ?? next;
  }

  async removeAddress(user: User, address: string): Promise<User> {
    const gone = address.toLowerCase();
    const next = { ...user, addresses: user.addresses.filter((a) => a !== gone) };
    const t = this.table;
    try {
      await t.transact([
        t.deleteItem(keys.address(gone), ABSENT_OR_OWNED, { ':userId': user.id }),
        this.setAddresses(user, next.addresses),
      ]);
    } catch (error) {
      if (error instanceof TransactionRefused && error.failed(0))
        throw new AddressTakenError(`${gone} belongs to another Tend user`, { cause: error });
      throw this.refusal(error);
    } finally {
      // Whatever happened, this process must not go on answering for the address from memory.
      this.forget(user);
    }
    // As stored: settings saved meanwhile included (only the addresses were written).
    return (await this.get(user.id)) ?? next;
  }

  /** Message-ID markers and the user's quarantine records carry the S3 key of their email. */
  async rawMailKeys(userId: string): Promise<string[]> {
    const carried = (await this.ownItems(userId)).flatMap(s3KeyOf);
    return [...new Set(carried.filter((k) => !isActionLinkMarkerKey(k)))];
  }

  async delete(user: User): Promise<number> {
    this.forget(user);
    const items = await this.ownItems(user.id);
    // S3-key markers live outside the partition (one per stored object); only this user's go.
    const markers = (
      await this.table.getMany([...new Set(items.flatMap(s3KeyOf))].map(keys.s3KeyMarker))
    ).filter((m) => m.userId === user.id);
    await this.table.deleteMany([
      ...markers.map((m) => ({ pk: String(m.pk), sk: String(m.sk) })),
      ...items.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })),
      ...user.addresses.map(keys.address),
    ]);
    return items.length + markers.length;
  }

  /** Every item of the user's partition: keys, and the S3 key where the item has one. */
  private ownItems(userId: string): Promise<Item[]> {
    return this.table.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.userPartition(userId) },
      ProjectionExpression: 'pk, sk, s3Key',
    });
  }

  /** Only the addresses change: settings saved meanwhile stay as they are. */
  private setAddresses(user: User, addresses: string[]) {
    return this.table.updateItem({
      Key: keys.user(user.id),
      UpdateExpression: 'SET addresses = :next',
      ConditionExpression: SAME_ADDRESSES,
      ExpressionAttributeValues: { ':next': addresses, ':addresses': user.addresses },
    });
  }

  private refusal(error: unknown): unknown {
    if (error instanceof TransactionRefused)
      return new ConcurrentUpdateError(
        "the user's addresses changed meanwhile: read them again and retry",
        { cause: error },
      );
    return error;
  }

  private forget(user: User): void {
    for (const [address, entry] of this.cache)
      if (entry.user.id === user.id) this.cache.delete(address);
  }
}

function s3KeyOf(item: Item): string[] {
  const sk = String(item.sk);
  const carries =
    sk.startsWith(keys.messageMarkerPrefix) || sk.startsWith(keys.userQuarantinePrefix);
  return carries && typeof item.s3Key === 'string' ? [item.s3Key] : [];
}
