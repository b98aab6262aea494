import * as z from 'zod/mini';
import { WEEKDAYS, type User, type Weekday } from '../../../domain/types';
import { keys } from '../../../keys';
import type { Item } from '../table';
import { flag, nullableString, orElse, stringList, lazySchema } from './fields';

const userSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    email: z.string(),
    addresses: stringList,
    timezone: z.string(),
    digest: orElse(
      z.object({
        day: z.custom<Weekday>((v) => WEEKDAYS.includes(v as Weekday), 'a weekday'),
        hour: z.number(),
      }),
      null,
    ),
    pausedUntil: nullableString,
    unsubscribed: flag,
    emailStopped: orElse(
      z.object({
        reason: z.enum(['bounce', 'complaint']),
        at: z.string(),
        detail: nullableString,
      }),
      null,
    ),
    defaultCadenceDays: z.number(),
    digestMaxItems: z.number(),
    thanksDelayHours: z.number(),
    tagCadences: orElse(z.record(z.string(), z.number()), {}),
    neverLog: stringList,
    createdAt: z.string(),
  }),
);

export function userItem(user: User): Item {
  return { ...keys.user(user.id), ...keys.usersIndex(user.email), type: 'user', ...user };
}

export function parseUser(item: Item): User {
  return userSchema().parse(item);
}

export function addressItem(address: string, userId: string): Item {
  return { ...keys.address(address), type: 'address', userId, address };
}

export function parseAddress(item: Item): { userId: string } {
  return z.object({ userId: z.string() }).parse(item);
}
