import { IANAZone } from 'luxon';
import { ulid } from 'ulid';
import { AddressTakenError } from '../ports/store-errors';
import type { UserStore } from '../ports/user-store';
import {
  DEFAULT_CADENCE_DAYS,
  DEFAULT_DIGEST_MAX_ITEMS,
  DEFAULT_THANKS_DELAY_HOURS,
} from '../domain/limits';
import { nextWeeklySlot } from '../domain/time';
import type { DigestSchedule, User } from '../domain/types';
import { isAddress } from '../domain/address';

export class UserInputError extends Error {
  override name = 'UserInputError';
}

/** SPEC 3: the digest goes out on Monday at 08:00 in the user's timezone unless they change it. */
export const DEFAULT_DIGEST: DigestSchedule = { day: 'monday', hour: 8 };

export async function registerUser(
  users: UserStore,
  input: { email: string; timezone: string; also: string[] },
  now: Date,
): Promise<User> {
  const addresses = [input.email, ...input.also].map((a) => a.trim().toLowerCase());
  for (const a of addresses)
    if (!isAddress(a)) throw new UserInputError(`'${a}' is not an email address`);
  if (new Set(addresses).size !== addresses.length)
    throw new UserInputError('an address is listed twice');
  if (!IANAZone.isValidZone(input.timezone)) {
    throw new UserInputError(
      `'${input.timezone}' is not an IANA timezone (like Europe/London or America/New_York)`,
    );
  }
  const user = newUser(addresses, input.timezone, now);
  const firstDigest = nextWeeklySlot(now, DEFAULT_DIGEST.day, DEFAULT_DIGEST.hour, user.timezone);
  try {
    await users.create(user, firstDigest.toISOString());
  } catch (error) {
    if (error instanceof AddressTakenError) throw new UserInputError(error.message);
    throw error;
  }
  return user;
}

/** A user as registering makes one: the defaults of every setting (SPEC 3, 4). */
export function newUser(addresses: readonly string[], timezone: string, now: Date): User {
  return {
    id: ulid(now.getTime()),
    email: addresses[0] as string,
    addresses: [...addresses],
    timezone,
    digest: DEFAULT_DIGEST,
    pausedUntil: null,
    unsubscribed: false,
    emailStopped: null,
    defaultCadenceDays: DEFAULT_CADENCE_DAYS,
    digestMaxItems: DEFAULT_DIGEST_MAX_ITEMS,
    thanksDelayHours: DEFAULT_THANKS_DELAY_HOURS,
    tagCadences: {},
    neverLog: [],
    createdAt: now.toISOString(),
  };
}

/** Picks the user a command is about: --user, or the only user there is. */
export async function resolveUser(users: UserStore, email: string | undefined): Promise<User> {
  if (email) {
    const user = await users.findByAddress(email.trim().toLowerCase());
    if (!user) throw new UserInputError(`no Tend user has the address ${email}`);
    return user;
  }
  const all = await users.list();
  if (all.length === 0)
    throw new UserInputError('there are no users yet: run `tend users add YOU@EXAMPLE.COM` first');
  if (all.length > 1)
    throw new UserInputError('there are several users: say which with --user EMAIL');
  return all[0] as User;
}
