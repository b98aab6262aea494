import { z } from 'zod';
import type { Digest } from '../../../domain/types';
import type { DigestSchedule } from '../../../ports/digest-store';
import { keys, shardOf } from '../../../keys';
import type { Item } from '../table';
import { count, nullableString } from './fields';

const digestSchema = z.object({
  id: z.string(),
  scheduledFor: z.string(),
  sentAt: nullableString,
  status: z.enum(['pending', 'claimed', 'sent', 'cancelled', 'failed', 'done']),
  items: z
    .array(z.object({ n: z.number(), contactEmail: z.string(), name: nullableString }))
    .nullish()
    .transform((v) => v ?? []),
});

export function digestItem(userId: string, digest: Digest, expiresAt: number): Item {
  return { ...keys.digest(userId, digest.id), type: 'digest', userId, expiresAt, ...digest };
}

export function parseDigest(item: Item): Digest {
  return digestSchema.parse(item);
}

/** The user's digest schedule: an entry in the due-work index at the next digest's time. */
export function scheduleItem(
  userId: string,
  dueAt: string,
  retry?: { slotDueAt: string; attempts: number; lastError: string },
): Item {
  return {
    ...keys.digestSchedule(userId),
    ...keys.dueIndex(shardOf(userId), dueAt, keys.dueRef.digest(userId)),
    type: 'digestSchedule',
    userId,
    dueAt,
    ...retry,
  };
}

const scheduleSchema = z.object({
  dueAt: z.string(),
  claimedUntil: nullableString,
  slotDueAt: nullableString,
  attempts: count,
});

export function parseSchedule(item: Item): DigestSchedule {
  return scheduleSchema.parse(item);
}
