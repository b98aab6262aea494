import type { Digest } from '../../domain/types';
import { keys } from '../../keys';
import type { DigestSchedule, DigestStore } from '../../ports/digest-store';
import { digestItem, parseDigest, parseScheduleIfDue, scheduleUpdate } from './items/digest-item';
import { startingWith, type Table } from './table';

export class DynamoDigestStore implements DigestStore {
  constructor(private readonly table: Table) {}

  async get(userId: string, digestId: string): Promise<Digest | null> {
    const item = await this.table.get(keys.digest(userId, digestId));
    return item ? parseDigest(item) : null;
  }

  async list(userId: string): Promise<Digest[]> {
    const items = await this.table.queryAll({
      ...startingWith(keys.userPartition(userId), keys.digestPrefix),
      ScanIndexForward: false,
    });
    return items.map(parseDigest);
  }

  async getSchedule(userId: string): Promise<DigestSchedule | null> {
    return parseScheduleIfDue(await this.table.get(keys.digestSchedule(userId)));
  }

  async setDue(userId: string, dueAt: string | null): Promise<void> {
    await this.table.update(scheduleUpdate(userId, { dueAt }));
  }

  async complete(
    userId: string,
    digest: Digest | null,
    nextDueAt: string | null,
    expiresAt: number,
  ): Promise<void> {
    const t = this.table;
    const sentAt = digest?.status === 'sent' && digest.sentAt ? { sentAt: digest.sentAt } : {};
    await t.transact([
      ...(digest ? [t.putItem(digestItem(userId, digest, expiresAt))] : []),
      t.updateItem(scheduleUpdate(userId, { dueAt: nextDueAt, ...sentAt })),
    ]);
  }

  async retry(
    userId: string,
    s: { slotDueAt: string; attempts: number; retryAt: string; lastError: string },
  ): Promise<void> {
    await this.table.update(
      scheduleUpdate(userId, {
        dueAt: s.retryAt,
        retry: { slotDueAt: s.slotDueAt, attempts: s.attempts, lastError: s.lastError },
      }),
    );
  }
}
