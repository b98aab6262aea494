import * as z from 'zod/mini';
import type { Digest } from '../../../domain/types';
import type { DigestSchedule } from '../../../ports/digest-store';
import { keys, shardOf } from '../../../keys';
import type { Item, TransactItem } from '../table';
import { count, nullableString, orElse, lazySchema } from './fields';

const digestSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    scheduledFor: z.string(),
    sentAt: nullableString,
    status: z.enum(['pending', 'claimed', 'sent', 'cancelled', 'failed', 'done']),
    items: orElse(
      z.array(z.object({ n: z.number(), contactEmail: z.string(), name: nullableString })),
      [],
    ),
  }),
);

export function digestItem(userId: string, digest: Digest, expiresAt: number): Item {
  return { ...keys.digest(userId, digest.id), type: 'digest', userId, expiresAt, ...digest };
}

export function parseDigest(item: Item): Digest {
  return digestSchema().parse(item);
}

/** The user's digest schedule: an entry in the due-work index at the next digest's time. */
export function scheduleItem(
  userId: string,
  dueAt: string,
  retry?: { slotDueAt: string; attempts: number; lastError: string },
): Item {
  return {
    ...keys.digestSchedule(userId),
    ...keys.dueIndex('digests', shardOf(userId), dueAt, keys.dueRef.digest(userId)),
    type: 'digestSchedule',
    userId,
    dueAt,
    ...retry,
  };
}

/** What a schedule change sets besides the due time. */
export interface ScheduleChange {
  /** null: the digest is off (the item leaves the due index). */
  dueAt: string | null;
  /** A failed send: the slot being retried; cleared by any other change. */
  retry?: { slotDueAt: string; attempts: number; lastError: string };
  /** A digest just went out. */
  sentAt?: string;
}

/**
 * The schedule as one UpdateItem (on its own or in a transaction). Unlike a Put it keeps
 * `lastSentAt` across every change, the digest turned off and on included (SPEC 3: never two
 * digests within 6 days); a claim is always cleared.
 */
export function scheduleUpdate(
  userId: string,
  change: ScheduleChange,
): Omit<NonNullable<TransactItem['Update']>, 'TableName'> {
  const names: Record<string, string> = { '#type': 'type', '#userId': 'userId' };
  const values: Record<string, unknown> = { ':type': 'digestSchedule', ':userId': userId };
  const set = ['#type = :type', '#userId = :userId'];
  const remove = ['claimedUntil'];
  const assign = (name: string, value: unknown) => {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    set.push(`#${name} = :${name}`);
  };
  if (change.dueAt) {
    const index = keys.dueIndex(
      'digests',
      shardOf(userId),
      change.dueAt,
      keys.dueRef.digest(userId),
    );
    assign('dueAt', change.dueAt);
    assign('gsi1pk', index.gsi1pk);
    assign('gsi1sk', index.gsi1sk);
  } else remove.push('dueAt', 'gsi1pk', 'gsi1sk');
  if (change.retry) {
    assign('slotDueAt', change.retry.slotDueAt);
    assign('attempts', change.retry.attempts);
    assign('lastError', change.retry.lastError);
  } else remove.push('slotDueAt', 'attempts', 'lastError');
  if (change.sentAt) assign('lastSentAt', change.sentAt);
  return {
    Key: keys.digestSchedule(userId),
    UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

const scheduleSchema = lazySchema(() =>
  z.object({
    dueAt: z.string(),
    claimedUntil: nullableString,
    slotDueAt: nullableString,
    attempts: count,
    lastSentAt: nullableString,
  }),
);

export function parseSchedule(item: Item): DigestSchedule {
  return scheduleSchema().parse(item);
}

/** The schedule item read back: null while the digest is off (no due time). */
export function parseScheduleIfDue(item: Item | null): DigestSchedule | null {
  return item && typeof item.dueAt === 'string' ? parseSchedule(item) : null;
}
