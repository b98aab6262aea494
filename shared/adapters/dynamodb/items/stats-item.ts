import * as z from 'zod/mini';
import type { Interaction } from '../../../domain/types';
import { keys } from '../../../keys';
import type { Item, TransactItem } from '../table';
import { count, stringList } from './fields';

/** Day stats outlive the digest's week: a year of them draws the activity chart. */
const STATS_TTL_DAYS = 400;

export const utcDay = (iso: string) => iso.slice(0, 10);

/** Without a better answer from the caller, whom the user wrote to or met. */
const wroteOrMet = (i: Interaction) => i.direction !== 'inbound';

/**
 * The digest's stats, kept as they happen: one item per user per UTC day of the interactions,
 * counting what was logged and collecting (as `outbound`) the contacts the user reconnected
 * with (SPEC 3: known before that week, and written to or met; `reconnected` says which).
 * Atomic ADDs, so concurrent emails never conflict over them.
 */
export function statsUpdates(
  userId: string,
  interactions: Interaction[],
  reconnected: (i: Interaction) => boolean = wroteOrMet,
): Array<Omit<NonNullable<TransactItem['Update']>, 'TableName'>> {
  const byDay = new Map<string, { logged: number; outbound: Set<string> }>();
  for (const i of interactions) {
    const day = byDay.get(utcDay(i.at)) ?? { logged: 0, outbound: new Set() };
    day.logged += 1;
    if (reconnected(i)) day.outbound.add(i.contactEmail);
    byDay.set(utcDay(i.at), day);
  }
  return [...byDay].map(([day, s]) => ({
    Key: keys.dayStats(userId, day),
    UpdateExpression:
      `SET #type = :type, expiresAt = :exp ADD logged :n` +
      (s.outbound.size > 0 ? ', outbound :out' : ''),
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: {
      ':type': 'dayStats',
      ':exp': Math.floor(Date.parse(day) / 1000) + STATS_TTL_DAYS * 86_400,
      ':n': s.logged,
      ...(s.outbound.size > 0 ? { ':out': s.outbound } : {}),
    },
  }));
}

const statsSchema = z.object({ logged: count, outbound: stringList });

export function parseDayStats(item: Item): { logged: number; outbound: string[] } {
  return statsSchema.parse(item);
}
