import { count } from '../domain/count';
import { SETTING_KEYS } from '../domain/settings-keys';
import type { Stores } from '../ports/stores';
import { parseCommandLine } from '../domain/commands';
import {
  MAX_CADENCE_DAYS,
  MIN_CADENCE_DAYS,
  readCadence,
  readTag,
  TAG_RULE,
} from '../domain/vocabulary';
import { isValidZone, nextWeeklySlot } from '../domain/time';
import type { User } from '../domain/types';
import { DEFAULT_DIGEST, UserInputError } from './users';

/**
 * `tend settings set KEY VALUE` (SPEC 5): the per-user settings the rules read (SPEC 2.7, 3).
 * Parsing is pure; applying saves the user and, when the digest's time moved, its schedule.
 */

/** A digest longer than this stops being a digest; the default is 7 (SPEC 3). */
export const MAX_DIGEST_ITEMS = 50;
/** A thank-you prompt later than a month after the conversation has missed its moment. */
export const MAX_THANKS_DELAY_HOURS = 30 * 24;

export type SettingChange =
  | { key: 'timezone'; timezone: string }
  | { key: 'digest'; digest: User['digest'] | 'on' }
  | { key: 'cadence'; days: number }
  | { key: 'digest-items'; items: number }
  | { key: 'thanks-delay-hours'; hours: number }
  | { key: 'tag-cadence'; tag: string; days: number | null };

const USAGE = {
  timezone: 'timezone must be an IANA zone, like Europe/London or America/New_York',
  digest: "digest must be 'off', 'on' or a day and hour, like 'monday 8' or 'friday 9am'",
  cadence: 'cadence must be a number of days (like 90) or a duration (like 2w, 3m, quarterly)',
  'digest-items': `digest-items must be a whole number from 1 to ${MAX_DIGEST_ITEMS}`,
  'thanks-delay-hours': `thanks-delay-hours must be a whole number of hours from 0 to ${MAX_THANKS_DELAY_HOURS}`,
  'tag-cadence':
    "tag-cadence.TAG must be a number of days or a duration (like 14, 2w, monthly), or 'off' to remove it",
} as const;

/** Reads one KEY VALUE pair; throws UserInputError saying what was wrong. */
export function parseSetting(
  rawKey: string,
  rawValue: string,
  now: Date,
  timezone: string,
): SettingChange {
  const key = rawKey.trim().toLowerCase();
  const value = rawValue.trim().replace(/\s+/g, ' ');
  const bad = (usage: string): never => {
    throw new UserInputError(
      value === '' ? `${usage} (the value is empty)` : `${usage}, not '${value}'`,
    );
  };
  if (key === 'timezone') {
    if (!isValidZone(value)) bad(USAGE.timezone);
    // Zone lookups ignore case; the name kept is the canonical one ("europe/london" → "Europe/London").
    return {
      key,
      timezone: new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone,
    };
  }
  if (key === 'digest') {
    const parsed = parseCommandLine(`digest ${value.toLowerCase()}`, { now, timezone });
    if ('error' in parsed || parsed.command.kind !== 'digest') return bad(USAGE.digest);
    const c = parsed.command;
    return { key, digest: c.mode === 'off' ? null : c.mode === 'on' ? 'on' : c.schedule };
  }
  if (key === 'cadence') {
    const days = cadenceDays(value);
    if (days === null) return bad(USAGE.cadence);
    return { key, days };
  }
  if (key === 'digest-items') {
    const items = wholeNumber(value, 1, MAX_DIGEST_ITEMS);
    if (items === null) return bad(USAGE['digest-items']);
    return { key, items };
  }
  if (key === 'thanks-delay-hours') {
    const hours = wholeNumber(value, 0, MAX_THANKS_DELAY_HOURS);
    if (hours === null) return bad(USAGE['thanks-delay-hours']);
    return { key, hours };
  }
  const tagKey = /^tag-cadence\.(.*)$/.exec(key);
  if (tagKey) {
    const tag = readTag(tagKey[1] ?? '');
    if (tag === null) {
      throw new UserInputError(
        `'${tagKey[1] ?? ''}' is not a tag: ${TAG_RULE}, like tag-cadence.mentor`,
      );
    }
    if (['off', 'none', 'default'].includes(value.toLowerCase()))
      return { key: 'tag-cadence', tag, days: null };
    const days = cadenceDays(value);
    if (days === null) return bad(USAGE['tag-cadence']);
    return { key: 'tag-cadence', tag, days };
  }
  throw new UserInputError(
    `there is no setting '${rawKey}': the settings are ${SETTING_KEYS.join(', ')}`,
  );
}

/** A whole number of days, or a duration ("2w", "3m", "quarterly", "2 months"), within the cadence limits. */
function cadenceDays(value: string): number | null {
  if (/^\d+$/.test(value)) return wholeNumber(value, MIN_CADENCE_DAYS, MAX_CADENCE_DAYS);
  const cadence = readCadence(value);
  return 'days' in cadence ? cadence.days : null;
}

function wholeNumber(value: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** Applies one change: saves the user, and reschedules the digest when its time moved. */
export async function applySetting(
  stores: Pick<Stores, 'users' | 'contacts' | 'digests'>,
  user: User,
  change: SettingChange,
  now: Date,
): Promise<{ user: User; message: string }> {
  let next: User;
  let message: string;
  switch (change.key) {
    case 'timezone':
      next = { ...user, timezone: change.timezone };
      message = `timezone is now ${change.timezone}`;
      break;
    case 'digest': {
      const digest = change.digest === 'on' ? (user.digest ?? DEFAULT_DIGEST) : change.digest;
      next = { ...user, digest };
      message = digest
        ? `the digest now comes on ${capitalise(digest.day)}s at ${String(digest.hour).padStart(2, '0')}:00 (${user.timezone})`
        : 'digest off';
      break;
    }
    case 'cadence':
      next = { ...user, defaultCadenceDays: change.days };
      message = `default cadence is now ${count(change.days, 'day')}`;
      break;
    case 'digest-items':
      next = { ...user, digestMaxItems: change.items };
      message = `a digest now lists at most ${count(change.items, 'contact')}`;
      break;
    case 'thanks-delay-hours':
      next = { ...user, thanksDelayHours: change.hours };
      message = `thank-you prompts now come ${count(change.hours, 'hour')} after the conversation`;
      break;
    case 'tag-cadence': {
      const tagCadences = { ...user.tagCadences };
      if (change.days === null) delete tagCadences[change.tag];
      else tagCadences[change.tag] = change.days;
      next = { ...user, tagCadences };
      message =
        change.days === null
          ? `contacts tagged ${change.tag} now follow the default cadence`
          : `contacts tagged ${change.tag} are now due every ${count(change.days, 'day')}`;
      break;
    }
  }
  await stores.users.save(next);
  // Cadences decide where contacts sit in the reconnect index: re-file them.
  if (change.key === 'cadence' || change.key === 'tag-cadence') await stores.contacts.reindex(next);
  if (change.key === 'timezone' || change.key === 'digest') {
    const d = next.digest;
    const dueAt = d ? nextWeeklySlot(now, d.day, d.hour, next.timezone).toISOString() : null;
    await stores.digests.setDue(next.id, dueAt);
    if (dueAt) message += `; next digest ${dueAt}`;
  }
  return { user: next, message };
}

function capitalise(word: string): string {
  return `${word[0]?.toUpperCase() ?? ''}${word.slice(1)}`;
}

/** What `tend settings show` prints. */
export function settingsOf(user: User) {
  return {
    timezone: user.timezone,
    digest: user.digest,
    cadence: user.defaultCadenceDays,
    digestItems: user.digestMaxItems,
    thanksDelayHours: user.thanksDelayHours,
    tagCadences: user.tagCadences,
  };
}
