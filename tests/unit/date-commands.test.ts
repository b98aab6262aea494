import { describe, expect, it } from 'vitest';
import {
  COMMAND_HELP,
  parseCommandLine,
  parseCommands,
  type Command,
  type ParseContext,
} from '../../shared/domain/commands';
import { newContact } from '../../shared/domain/contact';
import { decideContactCommand } from '../../shared/domain/contact-commands';
import type { ImportantDate } from '../../shared/domain/important-dates';
import type { Contact } from '../../shared/domain/types';
import { parseVCards } from '../../shared/use-cases/import-vcard';

// Tuesday 1 Dec 2026, 10:00 in New York; already 1 Jan 2027 in Tokyo on New Year's Eve below.
const now = new Date('2026-12-01T15:00:00Z');
const NY: ParseContext = { now, timezone: 'America/New_York' };

const birthday = (
  month: number,
  day: number,
  year: number | null = null,
): Extract<Command, { kind: 'birthday' | 'anniversary' }> => ({
  kind: 'birthday',
  date: { month, day, year },
});

describe('birthday and anniversary reply commands', () => {
  // prettier-ignore
  const valid: ReadonlyArray<[string, { item?: number; contact?: string; command: Command }]> = [
    ['birthday May 4', { command: birthday(5, 4) }],
    ['Birthday 4 May 1990', { command: birthday(5, 4, 1990) }],
    ['birthday is may 4th.', { command: birthday(5, 4) }],
    ['birthday feb 29', { command: birthday(2, 29) }],
    ['anniversary June 12 2015', { command: { kind: 'anniversary', date: { month: 6, day: 12, year: 2015 } } }],
    ['2 birthday May 4', { item: 2, command: birthday(5, 4) }],
    ['birthday omar@globex.example May 4', { contact: 'omar@globex.example', command: birthday(5, 4) }],
    ['anniversary <omar@globex.example> none', { contact: 'omar@globex.example', command: { kind: 'anniversary', date: null } }],
    ['birthday none', { command: { kind: 'birthday', date: null } }],
    ['birthday clear', { command: { kind: 'birthday', date: null } }],
  ];
  it.each(valid)('reads %j', (line, expected) => {
    const parsed = parseCommandLine(line, NY);
    expect(parsed).toMatchObject({ item: expected.item ?? null, command: expected.command });
    if (expected.contact) expect(parsed).toMatchObject({ contact: expected.contact });
    else expect(parsed).not.toHaveProperty('contact');
  });

  // prettier-ignore
  const invalid: ReadonlyArray<[string, string | RegExp]> = [
    ['birthday', "birthday needs a date, like 'birthday May 4' ('birthday none' clears it)"],
    ['anniversary', /^anniversary needs a date/],
    ['birthday feb 30', 'birthday: February has no day 30'],
    ['birthday feb 29 2023', 'birthday: 2023 was not a leap year: it had no 29 February'],
    ['birthday May 4 2027', 'birthday: 2027 is in the future'],
    ['birthday tomorrow', /^birthday: give a month and a day/],
    ['birthday soon', /I couldn't read 'soon'/],
    ['birthday omar@globex May 4', /'omar@globex' is not an email address|give a month and a day/],
    ['2 birthday omar@globex.example May 4', /give the item number or the address, not both/],
  ];
  it.each(invalid)('refuses %j with a reason the confirmation can show', (line, why) => {
    const parsed = parseCommandLine(line, NY);
    expect(parsed).toHaveProperty('error');
    if ('error' in parsed) expect(parsed.error).toMatch(why);
  });

  it("refuses a year still to come in the user's calendar only", () => {
    // 16:00 UTC on 31 Dec 2026: already 2027 in Tokyo, still 2026 in New York.
    const eve = new Date('2026-12-31T16:00:00Z');
    expect(
      parseCommandLine('anniversary jan 1 2027', { now: eve, timezone: 'Asia/Tokyo' }),
    ).toHaveProperty('command');
    expect(
      parseCommandLine('anniversary jan 1 2027', { now: eve, timezone: 'America/New_York' }),
    ).toMatchObject({ error: 'anniversary: 2027 is in the future' });
  });

  it('applies the valid lines of a reply and reports the bad one', () => {
    const lines = parseCommands('birthday May 4\nanniversary feb 30\n3 note wished her well', NY);
    expect(lines.map((l) => ('error' in l ? l.error : l.command.kind))).toEqual([
      'birthday',
      'anniversary: February has no day 30',
      'note',
    ]);
  });

  it('is in the help table', () => {
    expect(COMMAND_HELP.map((h) => h.command)).toContain('birthday DATE / anniversary DATE');
  });
});

describe('what a date command does to the contact', () => {
  const ctx = { now, door: 'reply' as const, timezone: 'UTC', prompt: null, addedId: 'x' };
  const omar = (dates: ImportantDate[] = []): Contact => ({
    ...newContact('omar@globex.example', '2026-01-01T00:00:00.000Z', 'email'),
    name: 'Omar Haddad',
    dates,
  });
  const wedding: ImportantDate = { kind: 'anniversary', month: 6, day: 12, year: 2015 };

  it('sets the birthday, keeping the anniversary, and says what it set', () => {
    const d = decideContactCommand(omar([wedding]), birthday(5, 4, 1990), ctx);
    expect(d.contact.dates).toEqual([{ kind: 'birthday', month: 5, day: 4, year: 1990 }, wedding]);
    expect(d.message).toBe(
      "Omar Haddad's birthday: 4 May 1990 (the digest lists it in the two weeks before)",
    );
    expect(d.interaction).toBeUndefined();
  });

  it('replaces an earlier birthday', () => {
    const d = decideContactCommand(
      omar([{ kind: 'birthday', month: 1, day: 1, year: null }]),
      birthday(5, 4),
      ctx,
    );
    expect(d.contact.dates).toEqual([{ kind: 'birthday', month: 5, day: 4, year: null }]);
  });

  it('clears one kind, and says so when there was none', () => {
    const cleared = decideContactCommand(omar([wedding]), { kind: 'anniversary', date: null }, ctx);
    expect(cleared.contact.dates).toEqual([]);
    expect(cleared.message).toBe("Removed Omar Haddad's anniversary");
    const none = decideContactCommand(omar([wedding]), { kind: 'birthday', date: null }, ctx);
    expect(none.contact.dates).toEqual([wedding]);
    expect(none.message).toBe('Omar Haddad had no birthday to remove');
  });
});

describe('vCard BDAY and ANNIVERSARY', () => {
  const card = (lines: string, version = '3.0') =>
    `BEGIN:VCARD\r\nVERSION:${version}\r\nFN:Omar Haddad\r\nEMAIL:omar@globex.example\r\n${lines}\r\nEND:VCARD\r\n`;
  const read = (lines: string, version?: string) => parseVCards(card(lines, version), now);

  // prettier-ignore
  const valid: ReadonlyArray<[string, string, ImportantDate[]]> = [
    ['3.0 full date', 'BDAY:1990-05-04', [{ kind: 'birthday', month: 5, day: 4, year: 1990 }]],
    ['2.1 basic date', 'BDAY:19900504', [{ kind: 'birthday', month: 5, day: 4, year: 1990 }]],
    ['4.0 without year', 'BDAY:--0504', [{ kind: 'birthday', month: 5, day: 4, year: null }]],
    ['3.0 without year', 'BDAY:--05-04', [{ kind: 'birthday', month: 5, day: 4, year: null }]],
    ['a date-time', 'BDAY:1990-05-04T00:00:00Z', [{ kind: 'birthday', month: 5, day: 4, year: 1990 }]],
    ['Apple without year', 'BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-04', [{ kind: 'birthday', month: 5, day: 4, year: null }]],
    ['a placeholder year', 'BDAY:1900-05-04', [{ kind: 'birthday', month: 5, day: 4, year: null }]],
    ['29 February without year', 'BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29', [{ kind: 'birthday', month: 2, day: 29, year: null }]],
    ['29 February of a leap year', 'BDAY:19880229', [{ kind: 'birthday', month: 2, day: 29, year: 1988 }]],
    ['4.0 ANNIVERSARY', 'ANNIVERSARY:20150612', [{ kind: 'anniversary', month: 6, day: 12, year: 2015 }]],
    ['Outlook X-MS-ANNIVERSARY', 'X-MS-ANNIVERSARY:2015-06-12', [{ kind: 'anniversary', month: 6, day: 12, year: 2015 }]],
    ['Apple labelled X-ABDATE', 'item1.X-ABDATE;type=pref:2015-06-12\r\nitem1.X-ABLabel:_$!<Anniversary>!$_\r\nitem2.X-ABDATE:2020-01-01\r\nitem2.X-ABLabel:Graduation', [{ kind: 'anniversary', month: 6, day: 12, year: 2015 }]],
    ['both', 'ANNIVERSARY:2015-06-12\r\nBDAY:--0504', [{ kind: 'birthday', month: 5, day: 4, year: null }, { kind: 'anniversary', month: 6, day: 12, year: 2015 }]],
  ];
  it.each(valid)('reads %s', (_, lines, dates) => {
    for (const version of ['3.0', '4.0']) {
      const out = read(lines, version);
      expect(out.problems).toEqual([]);
      expect(
        [...(out.contacts[0]?.dates ?? [])].sort((a, b) => a.kind.localeCompare(b.kind)),
      ).toEqual([...dates].sort((a, b) => a.kind.localeCompare(b.kind)));
    }
  });

  // prettier-ignore
  const invalid: ReadonlyArray<[string, string, RegExp]> = [
    ['29 February of a common year', 'BDAY:2023-02-29', /birthday 29 February 2023 is skipped: 2023 was not a leap year/],
    ['a text birthday', 'BDAY;VALUE=text:circa 1800', /birthday 'circa 1800' is not a day of the year/],
    ['a day without a month', 'BDAY:---04', /is not a day of the year/],
    ['a year to come', 'ANNIVERSARY:2090-01-01', /anniversary 1 January 2090 is skipped: 2090 is in the future/],
    ['30 February', 'BDAY:--0230', /February has no day 30/],
  ];
  it.each(invalid)('skips %s but keeps the contact, saying why', (_, lines, why) => {
    const out = read(lines);
    expect(out.contacts.map((c) => c.key)).toEqual(['omar@globex.example']);
    expect(out.contacts[0]?.dates).toBeUndefined();
    expect(out.problems).toEqual([
      { where: 'card at line 1', problem: expect.stringMatching(why) },
    ]);
  });
});
