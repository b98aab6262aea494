import { describe, expect, it } from 'vitest';
import {
  COMMAND_HELP,
  MAX_NOTE_CHARS,
  parseCommandLine,
  parseCommands,
  type Command,
  type ParseContext,
} from '../../shared/domain/commands';

// Tuesday 1 Dec 2026, 10:00 in New York (EST, UTC-5), 16:00 in Berlin (CET), already Wednesday 00:00 in Tokyo.
const now = new Date('2026-12-01T15:00:00Z');
const NY: ParseContext = { now, timezone: 'America/New_York' };
const BERLIN: ParseContext = { now, timezone: 'Europe/Berlin' };
const TOKYO: ParseContext = { now, timezone: 'Asia/Tokyo' };

type Expected = { item?: number; command: Command } | { item?: number; error: string | RegExp };

const snooze = (until: string): Command => ({ kind: 'snooze', until });
const pause = (until: string): Command => ({ kind: 'pause', until });
const every = (days: number): Command => ({ kind: 'every', days });
const ok = (command: Command, item?: number): Expected =>
  item === undefined ? { command } : { item, command };
const err = (error: string | RegExp, item?: number): Expected =>
  item === undefined ? { error } : { item, error };

// Every expected instant is worked out by hand from the clock above:
// durations keep the time of day (10:00 EST = 15:00Z), dates mean 09:00 local (14:00Z in EST, 13:00Z in EDT).
// prettier-ignore
const table: ReadonlyArray<[string, Expected, ParseContext?]> = [
  // done and its synonyms, with tolerated noise
  ['done', ok({ kind: 'done' })],
  ['Done.', ok({ kind: 'done' })],
  ['DONE!', ok({ kind: 'done' })],
  ['  done  ', ok({ kind: 'done' })],
  ['done please', ok({ kind: 'done' })],
  ['Please done!', ok({ kind: 'done' })],
  ['- done', ok({ kind: 'done' })],
  ['* done', ok({ kind: 'done' })],
  ['• done', ok({ kind: 'done' })],
  ['thanked', ok({ kind: 'done' })],
  ['Followed up.', ok({ kind: 'done' })],
  ['followed   up', ok({ kind: 'done' })],
  // item numbers
  ['2 done', ok({ kind: 'done' }, 2)],
  ['3. done', ok({ kind: 'done' }, 3)],
  ['#3 done', ok({ kind: 'done' }, 3)],
  ['3) thanked', ok({ kind: 'done' }, 3)],
  ['12 skip', ok({ kind: 'skip' }, 12)],
  ['- 4 mute', ok({ kind: 'mute' }, 4)],
  ['2 snooze 1 month', ok(snooze('2027-01-01T15:00:00.000Z'), 2)],
  ['1 note met at the meetup', ok({ kind: 'note', text: 'met at the meetup' }, 1)],
  // bare commands
  ['skip', ok({ kind: 'skip' })],
  ['mute', ok({ kind: 'mute' })],
  ['Unmute', ok({ kind: 'unmute' })],
  ['resume', ok({ kind: 'resume' })],
  ['unsubscribe', ok({ kind: 'unsubscribe' })],
  ['forget', ok({ kind: 'forget' })],
  ['help', ok({ kind: 'help' })],
  ['Help!', ok({ kind: 'help' })],
  // snooze: durations (calendar arithmetic in the user's zone)
  ['snooze', ok(snooze('2026-12-08T15:00:00.000Z'))],
  ['snooze 2w', ok(snooze('2026-12-15T15:00:00.000Z'))],
  ['Snooze 2W please', ok(snooze('2026-12-15T15:00:00.000Z'))],
  ['snooze 3d', ok(snooze('2026-12-04T15:00:00.000Z'))],
  ['snooze 3 days', ok(snooze('2026-12-04T15:00:00.000Z'))],
  ['snooze 1m', ok(snooze('2027-01-01T15:00:00.000Z'))],
  ['snooze a month', ok(snooze('2027-01-01T15:00:00.000Z'))],
  ['snooze 2 months', ok(snooze('2027-02-01T15:00:00.000Z'))],
  ['snooze 6 months', ok(snooze('2027-06-01T14:00:00.000Z'))], // 10:00 EDT in June
  ['snooze 1y', ok(snooze('2027-12-01T15:00:00.000Z'))],
  ['snooze 1 year', ok(snooze('2027-12-01T15:00:00.000Z'))],
  ['snooze a week', ok(snooze('2026-12-08T15:00:00.000Z'))],
  ['snooze two weeks', ok(snooze('2026-12-15T15:00:00.000Z'))],
  ['snooze for 2 weeks', ok(snooze('2026-12-15T15:00:00.000Z'))],
  ['snooze in 10 days', ok(snooze('2026-12-11T15:00:00.000Z'))],
  ['snooze monthly', ok(snooze('2027-01-01T15:00:00.000Z'))],
  // snooze: dates through chrono, 09:00 local when no time is given
  ['snooze until jan 5', ok(snooze('2027-01-05T14:00:00.000Z'))],
  ['snooze until Jan 5th.', ok(snooze('2027-01-05T14:00:00.000Z'))],
  ['snooze next monday', ok(snooze('2026-12-07T14:00:00.000Z'))],
  ['snooze 2026-12-14', ok(snooze('2026-12-14T14:00:00.000Z'))],
  ['snooze until dec 14', ok(snooze('2026-12-14T14:00:00.000Z'))],
  ['snooze tomorrow', ok(snooze('2026-12-02T14:00:00.000Z'))],
  ['snooze tomorrow 3pm', ok(snooze('2026-12-02T20:00:00.000Z'))],
  ['snooze until friday', ok(snooze('2026-12-04T14:00:00.000Z'))],
  ['snooze dec 25 at 10am', ok(snooze('2026-12-25T15:00:00.000Z'))],
  ['snooze until 2027-03-15', ok(snooze('2027-03-15T13:00:00.000Z'))], // EDT from 14 Mar 2027
  // snooze: failures
  ['snooze today', err('that date is in the past')], // 09:00 today has gone by at 10:00
  ['snooze 2026-11-01', err('that date is in the past')],
  ['snooze until jan 5 2025', err('that date is in the past')],
  ['snooze 10y', err('that is more than 5 years away')],
  ['snooze 0d', err(/at least a day/)],
  ['snooze bogus', err(/^snooze needs a duration or a date, like 'snooze 2w' or 'snooze until jan 5'/)],
  ['snooze until jan 5 maybe', err(/^snooze needs a duration or a date/)],
  ['snooze 5', err(/snooze 5d/)],
  ['snooze jan 5 - jan 10', err(/one date, not a range/)],
  // pause
  ['pause 2w', ok(pause('2026-12-15T15:00:00.000Z'))],
  ['pause until christmas', ok(pause('2026-12-25T14:00:00.000Z'))],
  ['pause until new year', ok(pause('2027-01-01T14:00:00.000Z'))],
  ['pause for 3 weeks please', ok(pause('2026-12-22T15:00:00.000Z'))],
  ['pause', err("pause needs a duration or a date, like 'pause 2w' or 'pause until jan 5'")],
  ['pause until last monday', err('that date is in the past')], // not next Monday, as chrono's forwardDate would have it
  ['snooze yesterday', err('that date is in the past')],
  // every: cadence in days (week 7, month 30, year 365)
  ['every 2 months', ok(every(60))],
  ['every 30d', ok(every(30))],
  ['every 2w', ok(every(14))],
  ['every 1m', ok(every(30))],
  ['every month', ok(every(30))],
  ['every week', ok(every(7))],
  ['every 1y', ok(every(365))],
  ['every quarter', ok(every(90))],
  ['every other week', ok(every(14))],
  ['every 5y', ok(every(1825))],
  ['every weekly', ok(every(7))],
  ['every monthly', ok(every(30))],
  ['every quarterly', ok(every(90))],
  ['every 0d', err('every needs at least 1 day')],
  ['every 6y', err('every can be at most 5 years')],
  ['every 61 months', err('every can be at most 5 years')],
  ['every', err("every needs a duration, like 'every 2 months' or 'every 30d'")],
  ['every 12h', err(/^every needs a duration/)],
  ['every monday', err(/^every needs a duration/)],
  // tags
  ['tag mentor', ok({ kind: 'tag', tag: 'mentor' })],
  ['tag Mentor', ok({ kind: 'tag', tag: 'mentor' })],
  ['tag #advisor', ok({ kind: 'tag', tag: 'advisor' })],
  ['tag investor-relations', ok({ kind: 'tag', tag: 'investor-relations' })],
  ['3 tag big_fish', ok({ kind: 'tag', tag: 'big_fish' }, 3)],
  ['untag mentor', ok({ kind: 'untag', tag: 'mentor' })],
  ['tag two words', err(/one word/)],
  ['tag ment@r', err(/one word/)],
  ['tag', err("tag needs a word, like 'tag mentor'")],
  ['untag', err("untag needs a word, like 'untag mentor'")],
  // notes keep the user's case and punctuation
  ['note met at the meetup', ok({ kind: 'note', text: 'met at the meetup' })],
  ['Note: Loves Rust. Ask about the book!', ok({ kind: 'note', text: 'Loves Rust. Ask about the book!' })],
  ['2 NOTE   Intro to Sam (CTO)  ', ok({ kind: 'note', text: 'Intro to Sam (CTO)' }, 2)],
  ['note', err("note needs some text, like 'note met at the meetup'")],
  [`note ${'x'.repeat(MAX_NOTE_CHARS + 1)}`, err(/at most 500 characters/)],
  // digest
  ['digest off', ok({ kind: 'digest', mode: 'off' })],
  ['digest on', ok({ kind: 'digest', mode: 'on' })],
  ['digest friday 9am', ok({ kind: 'digest', mode: 'set', schedule: { day: 'friday', hour: 9 } })],
  ['digest mon 18:00', ok({ kind: 'digest', mode: 'set', schedule: { day: 'monday', hour: 18 } })],
  ['Digest Fri 9 AM', ok({ kind: 'digest', mode: 'set', schedule: { day: 'friday', hour: 9 } })],
  ['digest 6pm thursday', ok({ kind: 'digest', mode: 'set', schedule: { day: 'thursday', hour: 18 } })],
  ['digest sundays at noon', ok({ kind: 'digest', mode: 'set', schedule: { day: 'sunday', hour: 12 } })],
  ['digest tues 12am', ok({ kind: 'digest', mode: 'set', schedule: { day: 'tuesday', hour: 0 } })],
  ['digest wednesday', ok({ kind: 'digest', mode: 'set', schedule: { day: 'wednesday', hour: 8 } })],
  ['digest mon 18:30', err("the digest goes out on the hour, like 'digest mon 18:00'")],
  ['digest friday 25:00', err("'25:00' is not a time of day")],
  ['digest friday 13pm', err("'13pm' is not a time of day")],
  ['digest daily', err(/^digest needs 'on', 'off' or a day and time/)],
  ['digest', err(/^digest needs 'on', 'off' or a day and time/)],
  // user commands take no item number
  ['2 pause 1w', err("'pause' applies to all your prompts, so it takes no item number", 2)],
  ['1 unsubscribe', err("'unsubscribe' applies to all your prompts, so it takes no item number", 1)],
  ['3 digest off', err("'digest' applies to all your prompts, so it takes no item number", 3)],
  // lines that are not commands
  ['bogus', err("I don't know the command 'bogus'")],
  ['Thanks, Alex', err("I don't know the command 'thanks'")],
  ['snoozed 2w', err("I don't know the command 'snoozed'")],
  ['done thanks', err("'done' takes nothing after it")],
  ['followed up with Sam', err("'followed up' takes nothing after it")],
  ['mute him', err("'mute' takes nothing after it")],
  ['3', err("a number needs a command after it, like '3 done'")],
  ['0 done', err('item numbers start at 1', 0)],
  ['> done', err("I don't know the command '>'")],
  [`snooze ${'until '.repeat(60)}jan 5`, err('that line is too long to be a command')],
  // rename keeps the name as written
  ['rename Omar Haddad', ok({ kind: 'rename', name: 'Omar Haddad' })],
  ['Rename:  "Dana  Smith"', ok({ kind: 'rename', name: 'Dana Smith' })],
  ['2 rename Zoë O’Neil', ok({ kind: 'rename', name: 'Zoë O’Neil' }, 2)],
  ['rename', err("rename needs a name, like 'rename Omar Haddad'")],
  [`rename ${'x'.repeat(101)}`, err('a name can be at most 100 characters (this one has 101)')],
  // subscribe undoes unsubscribe
  ['subscribe', ok({ kind: 'subscribe' })],
  ['2 subscribe', err("'subscribe' applies to all your prompts, so it takes no item number", 2)],
  ['subscribe me', err("'subscribe' takes nothing after it")],
  // login answers with a sign-in link (SPEC 8)
  ['login', ok({ kind: 'login' })],
  ['Login.', ok({ kind: 'login' })],
  ['2 login', err("'login' applies to all your prompts, so it takes no item number", 2)],
  ['login omar@globex.example', err("'login' applies to all your prompts, so it takes no address")],
  ['login please', ok({ kind: 'login' })],
  ['login to the app', err("'login' takes nothing after it")],
  // user commands take no address
  ['pause omar@globex.example 2w', err("'pause' applies to all your prompts, so it takes no address")],
  ['unsubscribe omar@globex.example', err("'unsubscribe' applies to all your prompts, so it takes no address")],
  // an address after the command word names the contact, with item numbers refused beside it
  ['2 tag omar@globex.example mentor', err("give the item number or the address, not both, like '2 tag mentor'", 2)],
  ['tag omar@globex mentor', err(/one word/)], // no dot: not meant as an address
  ['tag omar@@globex.example mentor', err("'omar@@globex.example' is not an email address")],
  [`done ${'a'.repeat(65)}@globex.example`, err(/is not an email address/)],
  // other zones: dates are read in the user's zone
  ['snooze until jan 5', ok(snooze('2027-01-05T08:00:00.000Z')), BERLIN], // 09:00 CET
  ['snooze tomorrow', ok(snooze('2026-12-02T08:00:00.000Z')), BERLIN],
  ['snooze 6 months', ok(snooze('2027-06-01T14:00:00.000Z')), BERLIN], // 16:00 CEST
  ['pause until 2027-04-01', ok(pause('2027-04-01T07:00:00.000Z')), BERLIN], // 09:00 CEST
  ['snooze today', ok(snooze('2026-12-02T00:00:00.000Z')), TOKYO], // already Wednesday there: 09:00 JST is ahead
  ['snooze tomorrow', ok(snooze('2026-12-03T00:00:00.000Z')), TOKYO],
  ['snooze next monday', ok(snooze('2026-12-07T00:00:00.000Z')), TOKYO],
  ['snooze 2w', ok(snooze('2026-12-15T15:00:00.000Z')), TOKYO],
];

describe('parseCommandLine', () => {
  it('has a table of at least 70 rows', () => {
    expect(table.length).toBeGreaterThanOrEqual(70);
  });

  it.each(table)('%j', (line, expected, ctx = NY) => {
    const parsed = parseCommandLine(line, ctx);

    expect(parsed.line).toBe(line.trim());
    expect(parsed.item).toBe(expected.item ?? null);
    if ('command' in expected) {
      expect(parsed).toHaveProperty('command', expected.command);
    } else {
      expect(parsed).not.toHaveProperty('command');
      expect('error' in parsed ? parsed.error : '').toMatch(
        typeof expected.error === 'string'
          ? new RegExp(`^${escape(expected.error)}$`)
          : expected.error,
      );
    }
  });

  it('treats a bare weekday said on that weekday after 09:00 as next week', () => {
    const friday = { now: new Date('2026-12-04T15:00:00Z'), timezone: 'America/New_York' };

    expect(parseCommandLine('snooze friday', friday)).toHaveProperty(
      'command',
      snooze('2026-12-11T14:00:00.000Z'),
    );
  });

  it('keeps the wall-clock time when a duration crosses a DST change', () => {
    const beforeSpring = { now: new Date('2026-03-06T15:00:00Z'), timezone: 'America/New_York' }; // 10:00 EST

    expect(parseCommandLine('snooze 1w', beforeSpring)).toHaveProperty(
      'command',
      snooze('2026-03-13T14:00:00.000Z'),
    );
  });
});

describe('a command naming its contact', () => {
  // prettier-ignore
  const named: ReadonlyArray<[string, string, Command]> = [
    ['tag omar@globex.example recruiter', 'omar@globex.example', { kind: 'tag', tag: 'recruiter' }],
    ['rename omar@globex.example Omar Haddad', 'omar@globex.example', { kind: 'rename', name: 'Omar Haddad' }],
    ['snooze omar@globex.example 2w', 'omar@globex.example', snooze('2026-12-15T15:00:00.000Z')],
    ['note omar@globex.example Met at the meetup', 'omar@globex.example', { kind: 'note', text: 'Met at the meetup' }],
    ['Note: Omar@Globex.Example likes Rust', 'omar@globex.example', { kind: 'note', text: 'likes Rust' }],
    ['done omar@globex.example', 'omar@globex.example', { kind: 'done' }],
    ['Followed up omar@globex.example.', 'omar@globex.example', { kind: 'done' }],
    ['skip <omar@globex.example>', 'omar@globex.example', { kind: 'skip' }],
    ['mute mailto:omar@globex.example', 'omar@globex.example', { kind: 'mute' }],
    ['every omar@globex.example 2 months', 'omar@globex.example', every(60)],
    // Outlook's plain text writes a link after the address it links
    ['untag omar@globex.example <mailto:omar@globex.example> mentor', 'omar@globex.example', { kind: 'untag', tag: 'mentor' }],
    ['forget omar@globex.example<mailto:omar@globex.example>', 'omar@globex.example', { kind: 'forget' }],
  ];

  it.each(named)('%j names %s', (line, contact, command) => {
    expect(parseCommandLine(line, NY)).toEqual({ line, item: null, contact, command });
  });

  it('reads an address inside a note as part of the note', () => {
    expect(parseCommandLine('note Sam said sam@globex.example is best', NY)).toEqual({
      line: 'note Sam said sam@globex.example is best',
      item: null,
      command: { kind: 'note', text: 'Sam said sam@globex.example is best' },
    });
  });
});

describe('parseCommands', () => {
  it('reads one command per non-blank line and keeps failing lines as errors', () => {
    const lines = parseCommands('2 snooze 2w\n\n  \n3 done\r\nbogus\n1 note Met at RustConf', NY);

    expect(lines).toEqual([
      { line: '2 snooze 2w', item: 2, command: snooze('2026-12-15T15:00:00.000Z') },
      { line: '3 done', item: 3, command: { kind: 'done' } },
      { line: 'bogus', item: null, error: "I don't know the command 'bogus'" },
      {
        line: '1 note Met at RustConf',
        item: 1,
        command: { kind: 'note', text: 'Met at RustConf' },
      },
    ]);
  });

  it('returns nothing for empty text', () => {
    expect(parseCommands('\n \n', NY)).toEqual([]);
  });
});

describe('COMMAND_HELP', () => {
  it('lists every command of the grammar', () => {
    const text = COMMAND_HELP.map((row) => row.command).join(' ');

    for (const word of [
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
      'pause',
      'resume',
      'digest',
      'unsubscribe',
      'subscribe',
      'rename',
      'forget',
      'login',
      'help',
    ]) {
      expect(text).toContain(word);
    }
    expect(COMMAND_HELP.every((row) => row.effect.length > 0)).toBe(true);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('sign-offs end the commands', () => {
  const ctx = { now: new Date('2026-12-01T15:00:00Z'), timezone: 'America/New_York' };
  it.each([
    ['snooze 2w\nThanks,\nAlex', 1],
    ['2 done\n3 mute\n\nBest regards\nAlex Smith\nACME Corp', 2],
    ['done\nCheers!\nA.', 1],
    ['mute\n-- \nAlex | Product @ Acme', 1],
    ['done\nthank you so much\nAlex', 1],
  ])('%j is read as %i command(s) and no errors', (text, n) => {
    const parsed = parseCommands(text, ctx);
    expect(parsed).toHaveLength(n);
    expect(parsed.every((p) => 'command' in p)).toBe(true);
  });

  it('still reports a sign-off written alone, as the first line', () => {
    const [only] = parseCommands('Thanks!', ctx);
    expect(only && 'error' in only).toBe(true);
  });
});
