import { z } from 'zod';
import { WEEKDAYS, type User, type Weekday } from '../../../domain/types';
import { keys } from '../../../keys';
import type { Item } from '../table';
import { nullableString, stringList } from './fields';

const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  addresses: stringList,
  timezone: z.string(),
  digest: z
    .object({
      day: z.custom<Weekday>((v) => WEEKDAYS.includes(v as Weekday), 'a weekday'),
      hour: z.number(),
    })
    .nullish()
    .transform((v) => v ?? null),
  pausedUntil: nullableString,
  unsubscribed: z.boolean().nullish().transform(Boolean),
  emailStopped: z
    .object({
      reason: z.enum(['bounce', 'complaint']),
      at: z.string(),
      detail: nullableString,
    })
    .nullish()
    .transform((v) => v ?? null),
  defaultCadenceDays: z.number(),
  digestMaxItems: z.number(),
  thanksDelayHours: z.number(),
  tagCadences: z
    .record(z.string(), z.number())
    .nullish()
    .transform((v) => v ?? {}),
  neverLog: stringList,
  createdAt: z.string(),
});

export function userItem(user: User): Item {
  return { ...keys.user(user.id), ...keys.usersIndex(user.email), type: 'user', ...user };
}

export function parseUser(item: Item): User {
  return userSchema.parse(item);
}

export function addressItem(address: string, userId: string): Item {
  return { ...keys.address(address), type: 'address', userId, address };
}

export function parseAddress(item: Item): { userId: string } {
  return z.object({ userId: z.string() }).parse(item);
}
