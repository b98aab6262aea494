import type { Digest } from '../../domain/types';
import { keys } from '../../keys';
import type { DigestSchedule, DigestStore } from '../../ports/digest-store';
import { digestItem, parseDigest, parseSchedule, scheduleItem } from './items/digest-item';
import type { Table } from './table';

export class DynamoDigestStore implements DigestStore {
  constructor(private readonly table: Table) {}

  async get(userId: string, digestId: string): Promise<Digest | null> {
    const item = await this.table.get(keys.digest(userId, digestId));
    return item ? parseDigest(item) : null;
  }

  async list(userId: string): Promise<Digest[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': keys.userPartition(userId), ':s': keys.digestPrefix },
      ScanIndexForward: false,
    });
    return items.map(parseDigest);
  }

  async getSchedule(userId: string): Promise<DigestSchedule | null> {
    const item = await this.table.get(keys.digestSchedule(userId));
    return item ? parseSchedule(item) : null;
  }

  async setDue(userId: string, dueAt: string | null): Promise<void> {
    if (dueAt) await this.table.put(scheduleItem(userId, dueAt));
    else await this.table.delete(keys.digestSchedule(userId));
  }

  async complete(
    userId: string,
    digest: Digest | null,
    nextDueAt: string | null,
    expiresAt: number,
  ): Promise<void> {
    const t = this.table;
    await t.transact([
      ...(digest ? [t.putItem(digestItem(userId, digest, expiresAt))] : []),
      nextDueAt
        ? t.putItem(scheduleItem(userId, nextDueAt))
        : t.deleteItem(keys.digestSchedule(userId)),
    ]);
  }

  async retry(
    userId: string,
    s: { slotDueAt: string; attempts: number; retryAt: string; lastError: string },
  ): Promise<void> {
    await this.table.put(
      scheduleItem(userId, s.retryAt, {
        slotDueAt: s.slotDueAt,
        attempts: s.attempts,
        lastError: s.lastError,
      }),
    );
  }
}
