import { DUE_SHARDS, keys } from '../../keys';
import type { Claimed, DueLane, DuePage, DuePosition, DueRef, DueWork } from '../../ports/due-work';
import { parseSchedule } from './items/digest-item';
import { parseMeeting } from './items/meeting-item';
import { parsePrompt } from './items/prompt-item';
import { isConditionFailure, type Item, type Table, GSI1 } from './table';

function dueRef(i: Item): DueRef {
  const kind = i.type === 'digestSchedule' ? 'digest' : i.type === 'meeting' ? 'meeting' : 'thanks';
  return {
    kind,
    userId: String(i.userId),
    id: kind === 'digest' ? 'schedule' : String(i.id),
    dueAt: String(i.dueAt),
    claimedUntil: typeof i.claimedUntil === 'string' ? i.claimedUntil : null,
  };
}

/** The due-work index (GSI1, sharded by user): thank-you prompts, digest schedules and future
 * meetings (SPEC 9). */
export class DynamoDueWork implements DueWork {
  readonly shards = DUE_SHARDS;

  constructor(private readonly table: Table) {}

  async query(
    lane: DueLane,
    shard: number,
    now: string,
    limit: number,
    from?: DuePosition,
  ): Promise<DuePage> {
    const { items, next } = await this.table.page(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':p': keys.duePartition(lane, shard), ':now': `${now}#~` },
      },
      limit,
      from,
    );
    return { refs: items.map(dueRef), next: next ?? null };
  }

  async claim(ref: DueRef, now: string, claimUntil: string): Promise<Claimed | null> {
    // Prompts and meetings carry a status: open ones only, marked claimed.
    const thanks = ref.kind === 'thanks' || ref.kind === 'meeting';
    const key =
      ref.kind === 'thanks'
        ? keys.prompt(ref.userId, ref.id)
        : ref.kind === 'meeting'
          ? keys.meeting(ref.userId, ref.id)
          : keys.digestSchedule(ref.userId);
    try {
      const item = await this.table.update({
        Key: key,
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
      if (ref.kind === 'meeting') return { kind: 'meeting', meeting: parseMeeting(item) };
      return ref.kind === 'thanks'
        ? { kind: 'thanks', prompt: parsePrompt(item) }
        : { kind: 'digest', schedule: parseSchedule(item) };
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }
}
