import * as z from 'zod/mini';
import { type DayActivity, type HourActivity, hourSlot } from '../../../domain/digest-week';
import type { DayCount } from '../../../domain/network';
import type { Interaction } from '../../../domain/types';
import { keys } from '../../../keys';
import type { Item, TransactItem } from '../table';
import { count, stringList, lazySchema } from './fields';

/** Day stats outlive the digest's week: a year of them draws the activity chart. */
const STATS_TTL_DAYS = 400;
const HOURS_PER_DAY = 24;

/** Without a better answer from the caller, whom the user wrote to or met. */
const wroteOrMet = (i: Interaction) => i.direction !== 'inbound';

/** An hour bucket's attributes: `h07` counts what was logged from 07:00 UTC, `o07` collects
 * whom the user reconnected with then. */
const hh = (hour: number) => String(hour).padStart(2, '0');
const loggedIn = (hour: number) => `h${hh(hour)}`;
const outboundIn = (hour: number) => `o${hh(hour)}`;

/**
 * The digest's stats, kept as they happen: one item per user per UTC day of the interactions,
 * counting what was logged and collecting (as `outbound`) the contacts the user reconnected
 * with (SPEC 3: known before that week, and written to or met; `reconnected` says which), for
 * the day (the year chart reads these) and per UTC hour (the digest's week is the 168 hours
 * before it: `digest-week.ts`). Atomic ADDs, so concurrent emails never conflict over them.
 * One update per day item: a transaction may not touch an item twice.
 */
export function statsUpdates(
  userId: string,
  interactions: Interaction[],
  reconnected: (i: Interaction) => boolean = wroteOrMet,
): Array<Omit<NonNullable<TransactItem['Update']>, 'TableName'>> {
  const byDay = new Map<string, Map<number, { logged: number; outbound: Set<string> }>>();
  for (const i of interactions) {
    const { day, hour } = hourSlot(i.at);
    const hours = byDay.get(day) ?? new Map<number, { logged: number; outbound: Set<string> }>();
    const bucket = hours.get(hour) ?? { logged: 0, outbound: new Set<string>() };
    bucket.logged += 1;
    if (reconnected(i)) bucket.outbound.add(i.contactEmail);
    hours.set(hour, bucket);
    byDay.set(day, hours);
  }
  return [...byDay].map(([day, hours]) => {
    const outbound = new Set([...hours.values()].flatMap((b) => [...b.outbound]));
    const adds = [
      'logged :n',
      ...(outbound.size > 0 ? ['outbound :out'] : []),
      ...[...hours].flatMap(([hour, b]) => [
        `${loggedIn(hour)} :${loggedIn(hour)}`,
        ...(b.outbound.size > 0 ? [`${outboundIn(hour)} :${outboundIn(hour)}`] : []),
      ]),
    ];
    const values: Record<string, unknown> = {
      ':type': 'dayStats',
      ':exp': Math.floor(Date.parse(day) / 1000) + STATS_TTL_DAYS * 86_400,
      ':n': [...hours.values()].reduce((n, b) => n + b.logged, 0),
      ...(outbound.size > 0 ? { ':out': outbound } : {}),
    };
    for (const [hour, b] of hours) {
      values[`:${loggedIn(hour)}`] = b.logged;
      // DynamoDB refuses empty sets: an hour with no reconnection adds none.
      if (b.outbound.size > 0) values[`:${outboundIn(hour)}`] = b.outbound;
    }
    return {
      Key: keys.dayStats(userId, day),
      UpdateExpression: `SET #type = :type, expiresAt = :exp ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: values,
    };
  });
}

const statsSchema = lazySchema(() => z.object({ logged: count, outbound: stringList }));
const hourSchema = lazySchema(() => z.object({ logged: count, reconnected: stringList }));

/** A day's totals and its hour buckets. Items written before hour buckets existed have none
 * (and items of the day the change shipped have fewer than their totals): `weekTotals` counts
 * the difference by day, as the digest did then. */
export function parseDayStats(item: Item): DayActivity {
  const day = statsSchema().parse(item);
  const hours = new Map<number, HourActivity>();
  for (let hour = 0; hour < HOURS_PER_DAY; hour += 1) {
    if (item[loggedIn(hour)] === undefined) continue;
    hours.set(
      hour,
      hourSchema().parse({ logged: item[loggedIn(hour)], reconnected: item[outboundIn(hour)] }),
    );
  }
  return {
    day: z.string().parse(item.sk).slice(keys.dayStatsPrefix.length),
    logged: day.logged,
    reconnected: day.outbound,
    hours,
  };
}

/** A day's `logged` count alone (the Network page's year chart projects just that). */
export function parseDayCount(item: Item): DayCount {
  return {
    day: z.string().parse(item.sk).slice(keys.dayStatsPrefix.length),
    logged: z.object({ logged: count }).parse(item).logged,
  };
}
