import { DUE_SHARDS, keys } from '../../keys';
import type { Claimed, DueRef, DueWork } from '../../ports/due-work';
import { parseSchedule } from './items/digest-item';
import { parsePrompt } from './items/prompt-item';
import { isConditionFailure, type Table, GSI1 } from './table';

/** The due-work index (GSI1, sharded by user): thank-you prompts and digest schedules. */
export class DynamoDueWork implements DueWork {
  readonly shards = DUE_SHARDS;

  constructor(private readonly table: Table) {}

  async query(shard: number, now: string, limit: number): Promise<DueRef[]> {
    const { items } = await this.table.queryUntil(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':p': keys.duePartition(shard), ':now': `${now}#~` },
      },
      limit,
    );
    return items.map((i) => {
      const digest = i.type === 'digestSchedule';
      return {
        kind: digest ? 'digest' : 'thanks',
        userId: String(i.userId),
        id: digest ? 'schedule' : String(i.id),
        dueAt: String(i.dueAt),
        claimedUntil: typeof i.claimedUntil === 'string' ? i.claimedUntil : null,
      };
    });
  }

  async claim(ref: DueRef, now: string, claimUntil: string): Promise<Claimed | null> {
    const thanks = ref.kind === 'thanks';
    try {
      const item = await this.table.update({
        Key: thanks ? keys.prompt(ref.userId, ref.id) : keys.digestSchedule(ref.userId),
        UpdateExpression: 'SET claimedUntil = :until' + (thanks ? ', #s = :claimed' : ''),
        ConditionExpression:
          'attribute_exists(gsi1pk) AND dueAt = :due AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)' +
          (thanks ? ' AND (#s = :pending OR #s = :claimed)' : ''),
        ...(thanks ? { ExpressionAttributeNames: { '#s': 'status' } } : {}),
        ExpressionAttributeValues: {
          ':until': claimUntil,
          ':now': now,
          ':due': ref.dueAt,
          ...(thanks ? { ':claimed': 'claimed', ':pending': 'pending' } : {}),
        },
        ReturnValues: 'ALL_NEW',
      });
      if (!item) return null;
      return thanks
        ? { kind: 'thanks', prompt: parsePrompt(item) }
        : { kind: 'digest', schedule: parseSchedule(item) };
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }
}
