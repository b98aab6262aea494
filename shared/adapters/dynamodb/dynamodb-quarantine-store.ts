import type { QuarantineReason, QuarantineRecord } from '../../domain/types';
import { keys, UNKNOWN_SENDER_SHARDS } from '../../keys';
import type { QuarantineStore } from '../../ports/quarantine-store';
import { parseQuarantine, quarantineItem, quarantineKey } from './items/quarantine-item';
import { conditions, isConditionFailure, startingWith, type Table } from './table';

export class DynamoQuarantineStore implements QuarantineStore {
  constructor(private readonly table: Table) {}

  async put(record: QuarantineRecord, expiresAt: number): Promise<void> {
    await this.table.put(quarantineItem(record, expiresAt));
  }

  async list(userId: string | null): Promise<QuarantineRecord[]> {
    const partitions = [
      keys.legacyQuarantinePartition,
      ...Array.from({ length: UNKNOWN_SENDER_SHARDS }, (_, s) =>
        keys.unknownQuarantinePartition(s),
      ),
    ];
    const found = await Promise.all([
      ...partitions.map((p) =>
        this.table.queryAll({
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': p },
        }),
      ),
      userId
        ? this.table.queryAll({
            ...startingWith(keys.userPartition(userId), keys.userQuarantinePrefix),
          })
        : Promise.resolve([]),
    ]);
    return found
      .flat()
      .map(parseQuarantine)
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }

  async claimNotice(
    userId: string,
    reason: QuarantineReason,
    hour: string,
    expiresAt: number,
  ): Promise<boolean> {
    try {
      await this.table.put(
        {
          ...keys.quarantineNotice(userId, reason, hour),
          type: 'notice',
          userId,
          reason,
          expiresAt,
        },
        { ConditionExpression: conditions.absent },
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseNotice(userId: string, reason: QuarantineReason, hour: string): Promise<void> {
    await this.table.delete(keys.quarantineNotice(userId, reason, hour));
  }

  async delete(record: QuarantineRecord): Promise<void> {
    await this.table.delete(quarantineKey(record));
    if (!record.userId)
      await this.table.delete({
        pk: keys.legacyQuarantinePartition,
        sk: `${record.receivedAt}#${record.s3Key}`,
      });
  }
}
