import * as z from 'zod/mini';
import type { ScheduledMeeting } from '../../../domain/calendar/meeting';
import { keys, shardOf } from '../../../keys';
import type { Item } from '../table';
import { nullableString, orElse, stringList, lazySchema } from './fields';
import { interactionFields } from './interaction-item';

const meetingSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    startAt: z.string(),
    status: z.enum(['pending', 'claimed', 'held', 'cancelled']),
    contacts: z.array(
      z.object({
        address: z.string(),
        name: nullableString,
        thanksEligible: z.boolean(),
        skipUnlessKnown: z.boolean(),
      }),
    ),
    interaction: z.object(interactionFields()),
    hints: z.object({
      cadenceDays: orElse(z.number(), null),
      thanks: orElse(z.enum(['force', 'suppress']), null),
      tags: stringList,
    }),
  }),
);

/**
 * A future meeting (SPEC 9). While pending or claimed it is in the due-work index at its start,
 * so the dispatcher holds it when it happens; held or cancelled, it leaves the index and stays
 * as the record that stops a late duplicate invite from scheduling it again.
 */
export function meetingItem(userId: string, m: ScheduledMeeting): Item {
  const open = m.status === 'pending' || m.status === 'claimed';
  return {
    ...keys.meeting(userId, m.id),
    ...(open
      ? keys.dueIndex('prompts', shardOf(userId), m.startAt, keys.dueRef.meeting(userId, m.id))
      : {}),
    type: 'meeting',
    userId,
    dueAt: m.startAt,
    ...m,
  };
}

export function parseMeeting(item: Item): ScheduledMeeting {
  return meetingSchema().parse(item);
}
