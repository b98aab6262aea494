import type { ScheduledMeeting } from '../../domain/calendar/meeting';
import { keys } from '../../keys';
import type { IngestMarkers } from '../../ports/ingest-ledger';
import type { MeetingStore } from '../../ports/meeting-store';
import { markerItems } from './items/marker-item';
import { meetingItem } from './items/meeting-item';
import { conditions, isConditionFailure, type Table, TransactionRefused } from './table';

/** A meeting may be (re)scheduled while nobody has held it: absent, pending or cancelled. */
const NOT_HELD = `${conditions.absent} OR #s = :pending OR #s = :cancelled`;
const STILL_TO_COME = '#s = :pending';
const SAME_START = ' AND startAt = :start';

export class DynamoMeetingStore implements MeetingStore {
  constructor(private readonly table: Table) {}

  async schedule(
    userId: string,
    meeting: ScheduledMeeting,
    markers: IngestMarkers,
  ): Promise<'applied' | 'duplicate' | 'held'> {
    const t = this.table;
    const put = t.putItem(meetingItem(userId, meeting), NOT_HELD, {
      ':pending': 'pending',
      ':cancelled': 'cancelled',
    });
    if (put.Put) put.Put.ExpressionAttributeNames = { '#s': 'status' };
    return this.withMarkers(userId, put, markers, 'applied', 'held');
  }

  async cancel(
    userId: string,
    meetingId: string,
    startAt: string | null,
    markers: IngestMarkers,
  ): Promise<'cancelled' | 'duplicate' | 'none'> {
    const update = this.table.updateItem({
      Key: keys.meeting(userId, meetingId),
      UpdateExpression: 'SET #s = :cancelled REMOVE gsi1pk, gsi1sk, claimedUntil',
      ConditionExpression: STILL_TO_COME + (startAt ? SAME_START : ''),
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':cancelled': 'cancelled',
        ':pending': 'pending',
        ...(startAt ? { ':start': startAt } : {}),
      },
    });
    return this.withMarkers(userId, update, markers, 'cancelled', 'none');
  }

  async finish(userId: string, meetingId: string): Promise<void> {
    try {
      await this.table.update({
        Key: keys.meeting(userId, meetingId),
        UpdateExpression: 'SET #s = :held REMOVE gsi1pk, gsi1sk, claimedUntil',
        ConditionExpression: conditions.exists,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':held': 'held' },
      });
    } catch (error) {
      // The user was removed meanwhile: nothing is left to finish.
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** The change and the markers in one transaction: the markers refused mean a redelivery. */
  private async withMarkers<A extends string, R extends string>(
    userId: string,
    change: Parameters<Table['transact']>[0][number],
    markers: IngestMarkers,
    applied: A,
    refused: R,
  ): Promise<A | R | 'duplicate'> {
    const t = this.table;
    try {
      await t.transact([
        change,
        ...markerItems(userId, markers).map((m) => t.putItem(m, conditions.absent)),
      ]);
      return applied;
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      if (error.anyFailed(1)) return 'duplicate';
      if (error.failed(0)) return refused;
      throw error;
    }
  }
}
