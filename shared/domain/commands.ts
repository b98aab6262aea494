/**
 * The reply-command grammar (SPEC section 4): one command per line of the reply's new text,
 * optionally prefixed by a digest item number. Pure: the clock and the user's zone come in
 * through ParseContext.
 */
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { isAddress } from './address';
import { expandHolidays, readCalendarDate } from './date-phrase';
import type { CalendarDate, DateKind } from './important-dates';
import {
  type Duration,
  MAX_CADENCE_DAYS,
  parseDuration,
  readCadence,
  readTag,
  TAG_RULE,
  UNIT_DAYS,
} from './vocabulary';
import { zoneOffsetMinutes } from './time';
import type { DigestSchedule, Weekday } from './types';
import { MAX_NEWS_CHARS } from './news';
import { LOGIN_LINK_MINUTES } from './web-sign-in';

export type Command =
  | { kind: 'done' }
  | { kind: 'snooze'; until: string }
  | { kind: 'skip' }
  | { kind: 'mute' }
  | { kind: 'unmute' }
  | { kind: 'every'; days: number }
  | { kind: 'tag'; tag: string }
  | { kind: 'untag'; tag: string }
  | { kind: 'note'; text: string }
  | { kind: 'rename'; name: string }
  /** SPEC 9: sets (or, with null, clears) the contact's birthday or anniversary. */
  | { kind: DateKind; date: CalendarDate | null }
  | { kind: 'pause'; until: string }
  | { kind: 'resume' }
  | { kind: 'digest'; mode: 'off' }
  | { kind: 'digest'; mode: 'on' }
  | { kind: 'digest'; mode: 'set'; schedule: DigestSchedule }
  | { kind: 'unsubscribe' }
  | { kind: 'subscribe' }
  | { kind: 'forget' }
  /** SPEC 8: answers with a one-time link that signs the user in to the web app. */
  | { kind: 'login' }
  /** SPEC 9: answers with the checklist of people to tell this news (the text as written). */
  | { kind: 'news'; text: string }
  /** SPEC 9: makes `other` an address of the reply's contact (one history; shared/use-cases/
   * merge-contacts.ts). */
  | { kind: 'merge'; other: string }
  | { kind: 'help' };

export type MergeCommand = Extract<Command, { kind: 'merge' }>;

/** The commands that change one contact (SPEC 4): a reply's, the CLI's `contacts edit`. */
export type ContactCommand = Extract<
  Command,
  {
    kind:
      | 'done'
      | 'snooze'
      | 'skip'
      | 'mute'
      | 'unmute'
      | 'every'
      | 'tag'
      | 'untag'
      | 'note'
      | 'rename'
      | DateKind
      | 'forget';
  }
>;

/** The commands that act on the user (all of Tend), never on one contact. */
export type UserCommand = Exclude<Command, ContactCommand | MergeCommand>;

const USER_COMMAND_KINDS: ReadonlySet<Command['kind']> = new Set<UserCommand['kind']>([
  'pause',
  'resume',
  'digest',
  'unsubscribe',
  'subscribe',
  'login',
  'news',
  'help',
]);

export function isUserCommand(command: Command): command is UserCommand {
  return USER_COMMAND_KINDS.has(command.kind);
}

/** A command that changes one contact by itself (not a user command, not `merge`, which
 * involves two contacts). */
export function isContactCommand(command: Command): command is ContactCommand {
  return !isUserCommand(command) && command.kind !== 'merge';
}

/**
 * One line of a reply. `item` is the digest item number it starts with; `contact` the address
 * it names after the command word (`tag omar@globex.example recruiter`), present only then.
 */
export type ParsedLine =
  | { line: string; item: number | null; contact?: string; command: Command }
  | { line: string; item: number | null; error: string };

export interface ParseContext {
  now: Date;
  /** The user's IANA zone: dates and durations are read in it. */
  timezone: string;
}

/** What the help email shows: SPEC section 4's table, worded for the user. */
export const COMMAND_HELP: ReadonlyArray<{ command: string; effect: string }> = [
  {
    command: 'done (also: thanked, followed up)',
    effect: 'marks the prompt done and logs an interaction, which resets the clock',
  },
  {
    command: 'snooze [DURATION or DATE]',
    effect:
      "snooze 2w, snooze 3 days, snooze until jan 5, snooze next monday; plain 'snooze' is 1 week. A snoozed thank-you comes back when the snooze ends",
  },
  {
    command: 'skip',
    effect:
      'on a thank-you: no thank-you needed, nothing else changes; on a digest item: restarts the reconnect clock without logging an interaction',
  },
  { command: 'mute / unmute', effect: 'stops / restarts prompts for that contact' },
  { command: 'every DURATION', effect: "sets the contact's cadence (every 2 months, every 30d)" },
  { command: 'tag WORD / untag WORD', effect: 'adds / removes a tag (e.g. mentor, advisor)' },
  { command: 'note TEXT', effect: 'adds a dated note to the contact' },
  { command: 'rename NAME', effect: "sets the contact's name (later emails do not change it)" },
  {
    command: 'birthday DATE / anniversary DATE',
    effect:
      "sets the date the digest reminds you of (birthday May 4, anniversary 12 June 2015); 'birthday none' clears it",
  },
  {
    command: 'forget',
    effect: 'deletes the contact and its history, and never logs that address again',
  },
  {
    command: 'merge EMAIL',
    effect:
      'makes EMAIL another address of this contact (2 merge ana@home.example in a digest): one history, and later mail to either logs here',
  },
  {
    command: 'COMMAND EMAIL …',
    effect:
      'names the contact, in a reply to any Tend email: tag omar@globex.example recruiter, rename omar@globex.example Omar Haddad, snooze omar@globex.example 2w',
  },
  {
    command: 'N COMMAND',
    effect: 'in a digest reply, applies the command to item N (2 snooze 1 month, 3 done)',
  },
  { command: 'pause DURATION / resume', effect: 'pauses / resumes all your prompts (holidays)' },
  { command: 'digest off / digest on / digest friday 9am', effect: 'your weekly digest schedule' },
  {
    command: 'unsubscribe / subscribe',
    effect: "stops every email to you (List-Unsubscribe does the same) until you reply 'subscribe'",
  },
  {
    command: 'login',
    effect: `replies with a link that signs you in to the web app (once, within ${LOGIN_LINK_MINUTES} minutes)`,
  },
  {
    command: 'news TEXT',
    effect:
      'your news (news I started at Acme): Tend answers with a checklist of the people who helped, each with a draft for you to send; 3 done there logs that you told them',
  },
  { command: 'help', effect: 'replies with this table' },
];

/** Brief: a note keeps at most this many characters. */
export const MAX_NOTE_CHARS = 500;
/** Issue 14: a contact's name is 1 to 100 characters (longer is a sentence, not a name). */
export const MAX_NAME_CHARS = 100;
/** Snooze and pause reach no further than the longest cadence: beyond that, mute or unsubscribe. */
const MAX_AHEAD_YEARS = 5;
/** SPEC 4: a date without a time means 09:00 local. */
const DATE_ONLY_HOUR = 9;
/** SPEC 3: the digest's default hour (Monday 08:00), used for "digest friday" without a time. */
const DEFAULT_DIGEST_HOUR = 8;
/** Longer lines are prose, not commands: refuse them before chrono spends time on them. */
const MAX_COMMAND_LINE_CHARS = 200;
/** Digest item numbers are small (at most a few dozen per digest). */
const MAX_ITEM_DIGITS = 3;

type Parse<T> = { ok: T } | { error: string };

const PAST = 'that date is in the past';

/** The instant a date expression names, read in the user's zone. */
function parseDate(text: string, ctx: ParseContext): Parse<Date> | null {
  const phrase = expandHolidays(text);
  const offset = zoneOffsetMinutes(ctx.timezone, ctx.now);
  // forwardDate reads "jan 5" as the next one, but it also turns "last monday" into next Monday.
  const pastWords = /\b(?:last|ago|previous|yesterday)\b/.test(phrase);
  const results = chrono.parse(
    phrase,
    { instant: ctx.now, timezone: offset },
    { forwardDate: !pastWords },
  );
  const [first] = results;
  // The whole phrase must be the date: "jan 5 maybe" is not a date the user can rely on.
  if (!first || results.length !== 1 || first.index !== 0 || first.text.length !== phrase.length)
    return null;
  if (first.end) return { error: "give one date, not a range, like 'until jan 5'" };
  const start = first.start;
  let at: Date;
  if (start.isCertain('timezoneOffset')) {
    at = start.date(); // the user named a zone ("3pm UTC")
  } else {
    const hasTime = start.isCertain('hour');
    const local = DateTime.fromObject(
      {
        year: start.get('year') ?? undefined,
        month: start.get('month') ?? undefined,
        day: start.get('day') ?? undefined,
        hour: hasTime ? (start.get('hour') ?? 0) : DATE_ONLY_HOUR,
        minute: hasTime ? (start.get('minute') ?? 0) : 0,
      },
      { zone: ctx.timezone },
    );
    // A bare weekday said on that weekday after its hour means next week's ("snooze friday" on a Friday noon).
    const bareWeekday = !pastWords && start.isCertain('weekday') && !start.isCertain('day');
    at = (
      bareWeekday && local.toMillis() <= ctx.now.getTime() ? local.plus({ weeks: 1 }) : local
    ).toJSDate();
  }
  return { ok: at };
}

function addDuration(d: Duration, ctx: ParseContext): Date {
  // Calendar arithmetic in the user's zone: "1m" from 31 Jan is 28 Feb; a week keeps the wall-clock time across DST.
  const start = DateTime.fromJSDate(ctx.now, { zone: ctx.timezone });
  switch (d.unit) {
    case 'day':
      return start.plus({ days: d.n }).toJSDate();
    case 'week':
      return start.plus({ weeks: d.n }).toJSDate();
    case 'month':
      return start.plus({ months: d.n }).toJSDate();
    case 'year':
      return start.plus({ years: d.n }).toJSDate();
  }
}

function checkAhead(at: Date, ctx: ParseContext): Parse<string> {
  if (at.getTime() <= ctx.now.getTime()) return { error: PAST };
  const limit = DateTime.fromJSDate(ctx.now, { zone: ctx.timezone }).plus({
    years: MAX_AHEAD_YEARS,
  });
  if (at.getTime() > limit.toMillis())
    return { error: `that is more than ${MAX_AHEAD_YEARS} years away` };
  return { ok: at.toISOString() };
}

/** The argument of snooze/pause: a duration ("2w", "for 3 days") or a date ("until jan 5", "next monday"). */
function parseWhen(rest: string, ctx: ParseContext, name: 'snooze' | 'pause'): Parse<string> {
  const usage = `${name} needs a duration or a date, like '${name} 2w' or '${name} until jan 5'`;
  if (rest === '') return { error: usage };
  const forDuration = /^(?:for|in)\s+(.+)$/.exec(rest);
  const duration = parseDuration(forDuration?.[1] ?? rest);
  if (duration) {
    if (duration.n < 1) return { error: `${name} needs at least a day, like '${name} 1d'` };
    return checkAhead(addDuration(duration, ctx), ctx);
  }
  if (/^\d+$/.test(rest))
    return { error: `${name} ${rest} what? Say '${name} ${rest}d' or '${name} ${rest} weeks'` };
  const datePhrase = /^(?:until|till|til|'til|to|on)\s+(.+)$/.exec(rest)?.[1] ?? rest;
  const date = parseDate(datePhrase, ctx);
  if (!date) return { error: `${usage} (I couldn't read '${rest}')` };
  if ('error' in date) return date;
  return checkAhead(date.ok, ctx);
}

function parseEvery(rest: string): Parse<number> {
  const usage = "every needs a duration, like 'every 2 months' or 'every 30d'";
  if (rest === '') return { error: usage };
  const cadence = readCadence(rest);
  if ('days' in cadence) return { ok: cadence.days };
  if (cadence.error === 'too-short') return { error: 'every needs at least 1 day' };
  if (cadence.error === 'too-long')
    return { error: `every can be at most ${MAX_CADENCE_DAYS / UNIT_DAYS.year} years` };
  return { error: `${usage} (I couldn't read '${rest}')` };
}

function parseTag(rest: string, name: 'tag' | 'untag'): Parse<string> {
  if (rest === '') return { error: `${name} needs a word, like '${name} mentor'` };
  const tag = readTag(rest);
  return tag === null ? { error: `a tag is ${TAG_RULE}, like '${name} mentor'` } : { ok: tag };
}

/** Words that clear a date: `birthday none`. */
const NO_DATE = new Set(['none', 'clear', 'remove', 'delete', 'unknown']);

/** `birthday May 4`, `anniversary 12 june 2015`, `birthday none`: read in the user's calendar
 * (a year still to come there is refused). */
function parseImportantDate(rest: string, kind: DateKind, ctx: ParseContext): Parse<Command> {
  if (NO_DATE.has(rest)) return { ok: { kind, date: null } };
  if (rest === '')
    return { error: `${kind} needs a date, like '${kind} May 4' ('${kind} none' clears it)` };
  const year = DateTime.fromJSDate(ctx.now, { zone: ctx.timezone }).year;
  const date = readCalendarDate(rest, year);
  return 'error' in date ? { error: `${kind}: ${date.error}` } : { ok: { kind, date: date.ok } };
}

const DAY_NAMES: Record<string, Weekday> = {
  sun: 'sunday',
  sunday: 'sunday',
  mon: 'monday',
  monday: 'monday',
  tue: 'tuesday',
  tues: 'tuesday',
  tuesday: 'tuesday',
  wed: 'wednesday',
  weds: 'wednesday',
  wednesday: 'wednesday',
  thu: 'thursday',
  thur: 'thursday',
  thurs: 'thursday',
  thursday: 'thursday',
  fri: 'friday',
  friday: 'friday',
  sat: 'saturday',
  saturday: 'saturday',
};

function parseWeekday(word: string): Weekday | null {
  return DAY_NAMES[word] ?? DAY_NAMES[word.replace(/s$/, '')] ?? null;
}

/** "9am", "9 am", "18:00", "6:00pm", "noon". */
function parseHour(text: string): Parse<number> | null {
  if (text === 'noon') return { ok: 12 };
  if (text === 'midnight') return { ok: 0 };
  const match = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?)?$/.exec(text);
  if (!match) return null;
  const [, h = '', m, meridiem] = match;
  let hour = Number(h);
  if (m !== undefined && Number(m) !== 0) {
    return { error: "the digest goes out on the hour, like 'digest mon 18:00'" };
  }
  if (meridiem) {
    if (hour < 1 || hour > 12) return { error: `'${text}' is not a time of day` };
    hour = (hour % 12) + (meridiem.startsWith('p') ? 12 : 0);
  } else if (hour > 23) {
    return { error: `'${text}' is not a time of day` };
  }
  return { ok: hour };
}

function parseDigest(rest: string): Parse<Command> {
  const usage = "digest needs 'on', 'off' or a day and time, like 'digest friday 9am'";
  if (rest === 'off') return { ok: { kind: 'digest', mode: 'off' } };
  if (rest === 'on') return { ok: { kind: 'digest', mode: 'on' } };
  if (rest === '') return { error: usage };
  let day: Weekday | null = null;
  const timeWords: string[] = [];
  for (const word of rest.split(' ')) {
    const weekday = parseWeekday(word);
    if (weekday && !day) day = weekday;
    else if (!['at', 'on', 'every'].includes(word)) timeWords.push(word);
  }
  if (!day) return { error: usage };
  let hour = DEFAULT_DIGEST_HOUR;
  if (timeWords.length > 0) {
    const parsed = parseHour(timeWords.join(' '));
    if (!parsed) return { error: `${usage} (I couldn't read '${timeWords.join(' ')}' as a time)` };
    if ('error' in parsed) return parsed;
    hour = parsed.ok;
  }
  return { ok: { kind: 'digest', mode: 'set', schedule: { day, hour } } };
}

/** Commands that act on the user, not a contact: an item number makes no sense with them. */
const BARE: Record<string, Command> = {
  done: { kind: 'done' },
  thanked: { kind: 'done' },
  'followed up': { kind: 'done' },
  skip: { kind: 'skip' },
  mute: { kind: 'mute' },
  unmute: { kind: 'unmute' },
  resume: { kind: 'resume' },
  unsubscribe: { kind: 'unsubscribe' },
  subscribe: { kind: 'subscribe' },
  login: { kind: 'login' },
  forget: { kind: 'forget' },
};

/** "rename Omar Haddad", "rename: 'Omar Haddad'": the name as written, quotes and extra spaces
 * removed. */
function parseRename(text: string): Parse<Command> {
  const name = text
    .trim()
    .replace(/^(["'\u201c\u2018])(.*)(["'\u201d\u2019])$/s, '$2')
    .replace(/\s+/g, ' ')
    .trim();
  if (name === '') return { error: "rename needs a name, like 'rename Omar Haddad'" };
  if (name.length > MAX_NAME_CHARS)
    return {
      error: `a name can be at most ${MAX_NAME_CHARS} characters (this one has ${name.length})`,
    };
  if (/[\p{Cc}\p{Cf}]/u.test(name)) return { error: 'a name cannot contain control characters' };
  return { ok: { kind: 'rename', name } };
}

function parseBody(original: string, ctx: ParseContext): Parse<Command> & { name?: string } {
  // Notes keep the user's text as written, so they are cut from the original line.
  const note = /^note\b\s*[:-]?\s*(.*)$/is.exec(original);
  if (note) {
    const text = (note[1] ?? '').trim();
    if (text === '')
      return { error: "note needs some text, like 'note met at the meetup'", name: 'note' };
    if (text.length > MAX_NOTE_CHARS) {
      return {
        error: `a note can be at most ${MAX_NOTE_CHARS} characters (this one has ${text.length})`,
        name: 'note',
      };
    }
    return { ok: { kind: 'note', text }, name: 'note' };
  }
  // And news (SPEC 9): the drafts quote it as written.
  const news = /^news\b\s*[:-]?\s*(.*)$/is.exec(original);
  if (news) {
    const text = (news[1] ?? '').trim();
    if (text === '')
      return { error: "news needs your news, like 'news I started at Acme'", name: 'news' };
    if (text.length > MAX_NEWS_CHARS)
      return {
        error: `news can be at most ${MAX_NEWS_CHARS} characters (this one has ${text.length})`,
        name: 'news',
      };
    return { ok: { kind: 'news', text }, name: 'news' };
  }
  // So are names.
  const rename = /^rename\b\s*[:-]?\s*(.*)$/is.exec(original);
  if (rename) return { ...parseRename(rename[1] ?? ''), name: 'rename' };
  if (original.length > MAX_COMMAND_LINE_CHARS)
    return { error: 'that line is too long to be a command' };

  const text = stripTrailingNoise(original).toLowerCase().replace(/\s+/g, ' ');
  const bare = BARE[text];
  if (bare) return { ok: bare, name: text };

  const [name = '', ...words] = text.split(' ');
  const rest = words.join(' ');
  const withName = <T extends Parse<Command>>(result: T): T & { name: string } => ({
    ...result,
    name,
  });
  switch (name) {
    case 'snooze': {
      if (rest === '')
        return withName({
          ok: { kind: 'snooze', until: addDuration({ n: 1, unit: 'week' }, ctx).toISOString() },
        });
      const until = parseWhen(rest, ctx, 'snooze');
      return withName('error' in until ? until : { ok: { kind: 'snooze', until: until.ok } });
    }
    case 'pause': {
      const until = parseWhen(rest, ctx, 'pause');
      return withName('error' in until ? until : { ok: { kind: 'pause', until: until.ok } });
    }
    case 'every': {
      const days = parseEvery(rest);
      return withName('error' in days ? days : { ok: { kind: 'every', days: days.ok } });
    }
    case 'tag':
    case 'untag': {
      const tag = parseTag(rest, name);
      return withName('error' in tag ? tag : { ok: { kind: name, tag: tag.ok } });
    }
    case 'birthday':
    case 'anniversary':
      return withName(parseImportantDate(rest, name, ctx));
    case 'digest':
      return withName(parseDigest(rest));
    case 'merge': {
      const other = readAddress(rest);
      return withName(
        other === null
          ? { error: "merge needs the other address, like 'merge ana@home.example'" }
          : { ok: { kind: 'merge', other } },
      );
    }
    case 'help':
      return withName({ ok: { kind: 'help' } }); // "help me", "help snooze": help either way
    default:
      if (Object.hasOwn(BARE, name) || text.startsWith('followed up ')) {
        const word = name === 'followed' ? 'followed up' : name;
        return { error: `'${word}' takes nothing after it`, name: word };
      }
      return { error: `I don't know the command '${name.replace(/[,;:!?.]+$/, '')}'` };
  }
}

/** Trailing "." / "!" and a trailing "please" are politeness, not part of the command. */
function stripTrailingNoise(text: string): string {
  let out = text;
  for (;;) {
    const next = out.replace(/[\s.!]+$/, '').replace(/[\s,]+please$/i, '');
    if (next === out) return out;
    out = next;
  }
}

function stripLeadingPlease(text: string): string {
  return text.replace(/^please\b[\s,]*/i, '');
}

const ITEM_RE = new RegExp(`^#?(\\d{1,${MAX_ITEM_DIGITS}})(?:[.):]\\s*|\\s+)(\\S.*)$`, 's');
const ITEM_ONLY_RE = new RegExp(`^#?\\d{1,${MAX_ITEM_DIGITS}}[.):]?$`);

/** Command words that may be followed by an address naming the contact (user commands are
 * here only to be refused with a clear reason). */
const ADDRESSABLE_WORDS = new Set([
  'done',
  'thanked',
  'followed up',
  'snooze',
  'skip',
  'mute',
  'unmute',
  'every',
  'tag',
  'untag',
  'note',
  'rename',
  'birthday',
  'anniversary',
  'forget',
  'pause',
  'resume',
  'digest',
  'unsubscribe',
  'subscribe',
  'login',
]);

/**
 * The address as people and mail clients write it: `omar@x.example`, `<omar@x.example>`,
 * `mailto:omar@x.example`, Outlook's `omar@x.example<mailto:omar@x.example>`, with a trailing
 * comma or colon. Lower-cased; null when it is not an address.
 */
function readAddress(token: string): string | null {
  const address = token
    .replace(/[.,;:!?]+$/, '')
    .replace(/<mailto:[^>]*>$/i, '')
    .replace(/^<(.*)>$/, '$1')
    .replace(/^mailto:/i, '')
    .replace(/[.,;:]+$/, '')
    .toLowerCase();
  return isAddress(address) ? address : null;
}

/** `tag omar@x.example recruiter` → the address, and `tag recruiter` to parse as usual. */
function nameContact(text: string): { contact: string; text: string } | { error: string } | null {
  const match = /^(followed\s+up|[a-z]+)(\s*:)?\s+(\S+)(.*)$/is.exec(text);
  if (!match) return null;
  const [, word = '', colon = '', token = '', rest = ''] = match;
  const name = word.toLowerCase().replace(/\s+/g, ' ');
  // Only what looks meant as an address ("x@y.z"): "tag ment@r" is a bad tag, not an address.
  if (!/@[^@\s]*\./.test(token) || !ADDRESSABLE_WORDS.has(name)) return null;
  const contact = readAddress(token);
  if (!contact) return { error: `'${token}' is not an email address` };
  // Outlook's text part writes a link as "omar@x.example <mailto:omar@x.example>".
  const after = rest.replace(/^\s*<mailto:[^>\s]*>/i, '').trim();
  return { contact, text: `${word}${colon}${after === '' ? '' : ` ${after}`}` };
}

export function parseCommandLine(line: string, ctx: ParseContext): ParsedLine {
  const shown = line.trim();
  // Non-breaking and zero-width spaces come from HTML mail; a leading bullet from list formatting.
  let text = line
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .trim()
    .replace(/^[-*•·]\s*/, '');
  text = stripLeadingPlease(text);

  if (text === '' || /^[.!\s]*$/.test(text))
    return { line: shown, item: null, error: 'there is no command on this line' };
  if (ITEM_ONLY_RE.test(text)) {
    return { line: shown, item: null, error: "a number needs a command after it, like '3 done'" };
  }
  let item: number | null = null;
  const numbered = ITEM_RE.exec(text);
  if (numbered) {
    item = Number(numbered[1]);
    text = stripLeadingPlease((numbered[2] ?? '').trim());
    if (item < 1) return { line: shown, item, error: 'item numbers start at 1' };
  }

  let contact: string | null = null;
  const named = nameContact(text);
  if (named && 'error' in named) return { line: shown, item, error: named.error };
  if (named) {
    if (item !== null)
      return {
        line: shown,
        item,
        error: `give the item number or the address, not both, like '${item} ${named.text}'`,
      };
    contact = named.contact;
    text = named.text;
  }

  const result = parseBody(text, ctx);
  if ('error' in result) return { line: shown, item, error: result.error };
  if (result.name !== undefined && USER_COMMAND_KINDS.has(result.name as Command['kind'])) {
    if (item !== null)
      return {
        line: shown,
        item,
        error: `'${result.name}' applies to all your prompts, so it takes no item number`,
      };
    if (contact !== null)
      return {
        line: shown,
        item,
        error: `'${result.name}' applies to all your prompts, so it takes no address`,
      };
  }
  return contact === null
    ? { line: shown, item, command: result.ok }
    : { line: shown, item, contact, command: result.ok };
}

/** A sign-off line ("Thanks,", "Best regards", "Cheers!", "-- "): what follows is a signature. */
const SIGN_OFF =
  /^\s*(--\s*|—|(many |thanks? ?(a lot|so much)?|thank you( so much)?|cheers|best( wishes| regards)?|kind regards|regards|warm(ly| regards)|sincerely|all the best|ta|thx)[\s,.!]*)$/i;

/**
 * One command per non-blank line of the reply's new text. A sign-off after at least one line
 * ends the commands, so "snooze 2w / Thanks, / Alex" is one command, not three lines.
 */
export function parseCommands(newText: string, ctx: ParseContext): ParsedLine[] {
  const lines = newText.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  const signOff = lines.findIndex((line, i) => i > 0 && SIGN_OFF.test(line));
  return (signOff < 0 ? lines : lines.slice(0, signOff)).map((line) => parseCommandLine(line, ctx));
}
