import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../shared/use-cases/export-csv';
import { ImportFormatError } from '../../shared/use-cases/import-contacts';
import { parseLinkedInConnections } from '../../shared/use-cases/import-linkedin';
import { parseVCards } from '../../shared/use-cases/import-vcard';
import { LINKEDIN_CSV, VCARD_30, VCARD_40 } from './fixtures';

const ctx = { now: new Date('2026-11-26T12:00:00Z'), timezone: 'UTC' };

describe('LinkedIn Connections.csv', () => {
  it('reads the rows after the notes preamble: email as key, else the profile slug', () => {
    const out = parseLinkedInConnections(LINKEDIN_CSV, ctx);
    expect(out.contacts).toEqual([
      {
        key: 'jane@example.com',
        name: 'Jane Doe',
        linkedinUrl: 'https://www.linkedin.com/in/jane-doe-1a2b3c',
        connectedAt: '2024-03-12T09:00:00.000Z',
        tags: [],
        notes: ['LinkedIn: CTO at Acme'],
        where: 'line 5',
      },
      {
        key: 'linkedin:ravi-kumar-42',
        name: 'Ravi Kumar',
        linkedinUrl: 'https://www.linkedin.com/in/ravi-kumar-42',
        connectedAt: '2023-01-03T09:00:00.000Z',
        tags: [],
        notes: ['LinkedIn: Head of Sales at Widgets, Inc.'],
        where: 'line 6',
      },
      expect.objectContaining({
        key: 'linkedin:zoë-müller',
        name: 'Zoë Müller',
        connectedAt: '2025-05-05T09:00:00.000Z',
        notes: [],
      }),
    ]);
    expect(out.problems).toEqual([
      {
        where: 'line 8',
        problem: 'Private Person has neither an email address nor a LinkedIn profile URL; skipped',
      },
    ]);
  });

  it('reads "Connected On" as 09:00 in the user\'s timezone', () => {
    const [jane] = parseLinkedInConnections(LINKEDIN_CSV, {
      ...ctx,
      timezone: 'America/New_York',
    }).contacts;
    expect(jane?.connectedAt).toBe('2024-03-12T13:00:00.000Z');
  });

  it('reads a file without the preamble, and reports what it cannot read', () => {
    const csv =
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nA,B,,not-an-email,,,someday\nC,D,https://example.com/in/c,c@example.com,,,2024-02-30\n';
    const out = parseLinkedInConnections(csv, ctx);
    expect(out.contacts).toEqual([
      expect.objectContaining({ key: 'c@example.com', linkedinUrl: null, connectedAt: null }),
    ]);
    expect(out.problems).toEqual([
      { where: 'line 2', problem: "'not-an-email' is not an email address; ignored" },
      {
        where: 'line 2',
        problem: 'A B has neither an email address nor a LinkedIn profile URL; skipped',
      },
      { where: 'line 3', problem: "cannot read the date '2024-02-30'; first seen is today" },
    ]);
  });

  it.each([
    [
      'not a LinkedIn export',
      'Name,Email\nJane,jane@example.com\n',
      /not a LinkedIn Connections.csv/,
    ],
    ['a vCard', 'BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n', /not a LinkedIn Connections.csv/],
    [
      'a header without URL',
      'First Name,Last Name,Email Address\nJ,D,j@example.com\n',
      /the header has no "URL" column/,
    ],
    ['an unclosed quote', 'First Name,Last Name,URL\n"Jane,Doe,x\n', /cannot read the CSV/],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseLinkedInConnections(text, ctx)).toThrow(ImportFormatError);
    expect(() => parseLinkedInConnections(text, ctx)).toThrow(message);
  });
});

describe('vCard', () => {
  it('reads FN, the preferred EMAIL, unfolded NOTE and CATEGORIES from 3.0 and 4.0 cards', () => {
    const out = parseVCards(`${VCARD_30}\r\n${VCARD_40}\n`);
    expect(out.problems).toEqual([]);
    expect(out.contacts).toEqual([
      {
        key: 'chidi@example.org',
        name: 'Dr. Chidi Okafor',
        linkedinUrl: null,
        connectedAt: null,
        tags: ['mentor', 'work-friends'],
        notes: [
          'Met at the ethics conference, Lisbon.\nWants an intro to the philosophy department.',
        ],
        where: 'card at line 1',
      },
      expect.objectContaining({
        key: 'amelie@example.fr',
        name: 'Amélie Laurent',
        tags: ['investor'],
        notes: [],
        where: 'card at line 12',
      }),
    ]);
  });

  it('unfolds a line folded inside a multi-byte UTF-8 character', () => {
    const bytes = Buffer.from(
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zoë\r\nEMAIL:zoe@example.com\r\nNOTE:café\r\nEND:VCARD\r\n',
      'utf8',
    );
    // Fold between the two bytes of "é" (0xC3 0xA9), as naive writers do.
    const at = bytes.indexOf(Buffer.from([0xc3, 0xa9]));
    const folded = Buffer.concat([
      bytes.subarray(0, at + 1),
      Buffer.from('\r\n '),
      bytes.subarray(at + 1),
    ]);
    expect(parseVCards(folded).contacts[0]?.notes).toEqual(['café']);
  });

  it('builds the name from N when there is no FN, and reads 2.1 quoted-printable', () => {
    const card = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:G=C3=B3mez;Luc=C3=ADa;;;',
      'EMAIL;INTERNET;PREF:lucia@example.es',
      'EMAIL;INTERNET:other@example.es',
      'NOTE;ENCODING=QUOTED-PRINTABLE:First line=0D=0A=',
      'second line',
      'END:VCARD',
    ].join('\r\n');
    expect(parseVCards(card).contacts).toEqual([
      expect.objectContaining({
        key: 'lucia@example.es',
        name: 'Lucía Gómez',
        notes: ['First line\nsecond line'],
      }),
    ]);
  });

  it('skips a card without a usable email and ignores a nested AGENT card', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Phone Only',
      'TEL:+1 555 0100',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'FN:Boss',
      'EMAIL:boss@example.com',
      'AGENT:',
      'BEGIN:VCARD',
      'FN:Assistant',
      'EMAIL:assistant@example.com',
      'END:VCARD',
      'END:VCARD',
      'BEGIN:VCARD',
      'FN:Typo',
      'EMAIL:typo.example.com',
      'END:VCARD',
    ].join('\n');
    const out = parseVCards(text);
    expect(out.contacts.map((c) => [c.key, c.name])).toEqual([['boss@example.com', 'Boss']]);
    expect(out.problems).toEqual([
      { where: 'card at line 1', problem: 'Phone Only is skipped: it has no email address' },
      {
        where: 'card at line 16',
        problem: "Typo is skipped: 'typo.example.com' is not an email address",
      },
    ]);
  });

  it('skips only a card that cannot be read, past a BOM and text between cards', () => {
    const text = [
      '\uFEFFBEGIN:VCARD',
      'VERSION:3.0',
      'FN:Broken',
      'this line has no colon',
      'EMAIL:broken@example.com',
      'END:VCARD',
      'exported by some phone',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Kept',
      'EMAIL:kept@example.com',
      'NOTE:lunch\\; then coffee',
      'END:VCARD',
    ].join('\r\n');
    const out = parseVCards(text);
    expect(out.contacts).toEqual([
      expect.objectContaining({
        key: 'kept@example.com',
        notes: ['lunch; then coffee'],
        where: 'card at line 8',
      }),
    ]);
    expect(out.problems).toEqual([
      {
        where: 'card at line 1',
        problem: expect.stringMatching(/^a card is skipped: it cannot be read \(.*no colon/),
      },
    ]);
  });

  it('refuses a file with no card in it', () => {
    expect(() => parseVCards('First Name,Last Name\n')).toThrow(/not a vCard file/);
  });
});

describe('CSV export', () => {
  it('quotes what needs quoting, joins arrays, leaves null empty and defuses formulas', () => {
    const csv = toCsv(
      ['email', 'name', 'tags', 'count', 'note'],
      [
        {
          email: 'a@example.com',
          name: 'Doe, Jane "JD"',
          tags: ['mentor', 'vc'],
          count: 3,
          note: null,
        },
        {
          email: 'b@example.com',
          name: '=HYPERLINK("http://evil")',
          tags: [],
          count: 0,
          note: 'two\nlines',
        },
      ],
    );
    expect(csv).toBe(
      'email,name,tags,count,note\r\n' +
        'a@example.com,"Doe, Jane ""JD""",mentor vc,3,\r\n' +
        `b@example.com,"'=HYPERLINK(""http://evil"")",,0,"two\nlines"\r\n`,
    );
    expect(parse(csv, { columns: true })).toHaveLength(2);
  });
});
