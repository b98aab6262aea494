import { beforeAll, describe, expect, it } from 'vitest';
import type { ContactCommand } from '../../shared/domain/commands';
import type { User } from '../../shared/domain/types';
import { applyContactCommand } from '../../shared/use-cases/contact-commands';
import { importContacts } from '../../shared/use-cases/import-contacts';
import { parseVCards } from '../../shared/use-cases/import-vcard';
import { upcomingDates } from '../../shared/use-cases/upcoming-dates';
import { createHarness, type Harness } from '../support/tend-harness';

/**
 * The date index (docs/data-model.md, "The date index") on DynamoDB Local: each contact's dates
 * are filed under their month-day in the same transaction that changes the contact, stale
 * copies go, and the digest's read costs what it shows.
 */

const VCF = [
  'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Omar Haddad\r\nEMAIL:omar@globex.example\r\nBDAY:1985-12-31\r\nX-ANNIVERSARY:2010-06-12\r\nEND:VCARD',
  'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Kim Cole\r\nEMAIL:kim@cole.example\r\nBDAY:--1225\r\nEND:VCARD',
].join('\r\n');
const WHOLE_YEAR = [{ from: '01-01', to: '12-31' }];

let h: Harness;
let user: User;

beforeAll(async () => {
  h = await createHarness('date-index', '2026-12-01T15:00:00Z');
  user = await h.register('dee@example.com');
});

async function filed() {
  const { dates } = await h.app.contacts.datesIn(user.id, WHOLE_YEAR, 100);
  return dates.map(
    (d) => `${d.date.month}-${d.date.day}/${d.date.year ?? '-'} ${d.email} ${d.date.kind}`,
  );
}

function command(email: string, c: ContactCommand, seed: string) {
  return applyContactCommand(h.app, {
    user,
    email,
    command: c,
    now: h.now(),
    door: 'cli',
    idSeed: seed,
  });
}

describe('the date index', () => {
  it("follows every change of a contact's dates, and forgets them with the contact", async () => {
    await importContacts(h.app.contacts, user, 'vcard', parseVCards(VCF, h.now()), h.now());
    expect(await filed()).toEqual([
      '6-12/2010 omar@globex.example anniversary',
      '12-25/- kim@cole.example birthday',
      '12-31/1985 omar@globex.example birthday',
    ]);

    await command(
      'omar@globex.example',
      { kind: 'birthday', date: { month: 5, day: 4, year: null } },
      'a',
    );
    await command(
      'omar@globex.example',
      { kind: 'birthday', date: { month: 5, day: 4, year: 1990 } },
      'b',
    );
    await command('kim@cole.example', { kind: 'birthday', date: null }, 'c');
    expect(await filed()).toEqual([
      '5-4/1990 omar@globex.example birthday',
      '6-12/2010 omar@globex.example anniversary',
    ]);

    // Importing the file again changes no date the user set.
    const again = await importContacts(
      h.app.contacts,
      user,
      'vcard',
      parseVCards(VCF, h.now()),
      h.now(),
    );
    expect(again.updated).toBe(1); // Kim gets her birthday back: she had none.
    expect(await filed()).toEqual([
      '5-4/1990 omar@globex.example birthday',
      '6-12/2010 omar@globex.example anniversary',
      '12-25/- kim@cole.example birthday',
    ]);

    await command('omar@globex.example', { kind: 'forget' }, 'd');
    expect(await filed()).toEqual(['12-25/- kim@cole.example birthday']);
  });

  it('reads the next 14 days with one Query per range and one BatchGetItem, and says when there were more', async () => {
    // Monday 21 Dec 2026 in New York: the window runs into January.
    const now = new Date('2026-12-21T13:05:00Z');
    const reader = await h.register('reader@example.com');
    const card = (name: string, email: string, bday: string) =>
      `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:${name}\r\nEMAIL:${email}\r\nBDAY:${bday}\r\nEND:VCARD`;
    const vcf = [
      card('Kim Cole', 'kim@cole.example', '--1225'),
      card('Jan One', 'jan@one.example', '--0102'),
      card('Feb Later', 'feb@later.example', '--0202'),
    ].join('\r\n');
    await importContacts(h.app.contacts, reader, 'vcard', parseVCards(vcf, now), now);

    const { result, counts } = await h.requests.measure(() =>
      upcomingDates(h.app.contacts, reader, now),
    );

    expect(result.dates.map((d) => [d.contact.email, d.upcoming.inDays])).toEqual([
      ['kim@cole.example', 4],
      ['jan@one.example', 12],
    ]);
    expect(result.more).toBe(false);
    expect(counts.byKind).toEqual({ Query: 2, BatchGetItem: 1 });
    expect(counts.itemsRead).toBe(4);

    const limited = await h.app.contacts.datesIn(
      reader.id,
      [
        { from: '12-21', to: '12-31' },
        { from: '01-01', to: '01-03' },
      ],
      1,
    );
    expect(limited.dates.map((d) => d.email)).toEqual(['kim@cole.example']);
    expect(limited.more).toBe(true);
  });
});

describe('a digest with dates', () => {
  it('is sent for a birthday alone, and not for nothing', async () => {
    const d = await createHarness('date-digest', '2026-12-17T15:00:00Z');
    const quiet = await d.register('quiet@example.com');
    const dated = await d.register('dated@example.com');
    for (const [u, bday] of [
      [quiet, '--0301'],
      [dated, '--1225'],
    ] as const)
      await importContacts(
        d.app.contacts,
        u,
        'vcard',
        parseVCards(
          `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Kim Cole\r\nEMAIL:kim@cole.example\r\nBDAY:${bday}\r\nEND:VCARD`,
          d.now(),
        ),
        d.now(),
      );

    const report = await d.tick('2026-12-21T13:05:00Z');

    expect(report).toMatchObject({ sent: 1, empty: 1 });
    expect(await d.ctx.sentTo('quiet@example.com')).toEqual([]);
    const [email] = await d.ctx.sentTo('dated@example.com');
    expect(email?.subject).toBe('Tend: 1 date coming up');
    expect(email?.body.text).toContain('Birthday on Fri 25 Dec');
  });
});
