import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactJson } from '../../functions/cli/format';
import { contactItem } from '../../shared/adapters/dynamodb/items/contact-item';
import { Table } from '../../shared/adapters/dynamodb/table';
import { newContact } from '../../shared/domain/contact';
import { REDISCOVER_PER_DIGEST } from '../../shared/domain/limits';
import { pickRediscover } from '../../shared/domain/reconnect';
import type { Contact, Digest, User } from '../../shared/domain/types';
import { keys } from '../../shared/keys';
import { importContacts } from '../../shared/use-cases/import-contacts';
import { parseLinkedInConnections } from '../../shared/use-cases/import-linkedin';
import { htmlDraftLinks, textDraftLinks } from '../support/mailto-links';
import { createHarness, mail, type Harness } from '../support/tend-harness';

/**
 * SPEC 3: imported contacts (LinkedIn, vCard) are not due until something is logged with them;
 * each digest suggests up to 2 of them to rediscover, never the same one twice in 6 months, and
 * reads in proportion to what it shows.
 */

const DAY_MS = 86_400_000;
/** Monday 30 Nov 2026 08:00 UTC: the first digest slot of a UTC user registered the week before. */
const FIRST_SLOT = '2026-11-30T08:01:00Z';
const REGISTERED_AT = '2026-11-23T09:00:00Z';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A LinkedIn Connections.csv of `count` connections made 2015–2025; every third has no email. */
function connectionsCsv(count: number, domain: string): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const email = i % 3 === 2 ? '' : `conn${i}@${domain}`;
    const date = `${(i % 28) + 1} ${MONTHS[i % 12]} ${2015 + (i % 11)}`;
    return `Con,Nection ${i},https://www.linkedin.com/in/connection-${i},${email},Acme,Engineer,${date}`;
  });
  return [
    'Notes:',
    '"When exporting your connection data, you may notice that some of the email addresses are missing."',
    '',
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
    ...rows,
  ].join('\n');
}

async function importLinkedIn(h: Harness, user: User, count: number, domain: string) {
  const now = h.now();
  const parsed = parseLinkedInConnections(connectionsCsv(count, domain), {
    now,
    timezone: user.timezone,
  });
  return importContacts(h.app.contacts, user, 'linkedin', parsed, now);
}

/** Emails the user wrote `daysAgo` days before the first digest: due by then (cadence 90). */
async function coldContacts(h: Harness, me: string, people: Array<[string, number]>) {
  for (const [who, daysAgo] of people)
    await h.deliver(
      mail({
        from: me,
        to: who,
        subject: 'Catching up',
        date: new Date(new Date(FIRST_SLOT).getTime() - daysAgo * DAY_MS)
          .toUTCString()
          .replace('GMT', '+0000'),
      }),
    );
}

function rawItem(h: Harness, userId: string, email: string) {
  return new Table(h.ctx.dynamodb, h.ctx.table).get(keys.contact(userId, email));
}

const imported = (contacts: Contact[]) => contacts.filter((c) => c.source === 'linkedin');

describe('a digest after a LinkedIn import of 500 connections', () => {
  let h: Harness;
  let me: User;
  let baseline: User;
  let raws: Buffer[];
  const ME = 'importer@rediscover.example';
  const COLD: Array<[string, number]> = [
    ['Olga Old <olga@cold.example>', 300],
    ['Mia Mid <mia@cold.example>', 200],
    ['Ravi Recent <ravi@cold.example>', 120],
  ];

  beforeAll(async () => {
    h = await createHarness('rediscover-import', REGISTERED_AT);
    me = await h.register(ME, 'UTC');
    // The same network without the import; its digest comes an hour earlier (08:00 Paris).
    baseline = await h.register('baseline@rediscover.example', 'Europe/Paris');
    await coldContacts(h, ME, COLD);
    await coldContacts(h, baseline.email, COLD);
    const report = await importLinkedIn(h, me, 500, 'conn.example');
    expect(report).toMatchObject({ created: 500, skipped: [] });
    raws = [];
    const send = h.app.mailer.sendRaw.bind(h.app.mailer);
    h.app.mailer.sendRaw = async (args) => {
      raws.push(args.raw);
      return send(args);
    };
  }, 120_000);

  it('leaves imported contacts undue, with no next due time, their connection date kept apart', async () => {
    const contacts = imported(await h.app.contacts.list(me.id));
    expect(contacts).toHaveLength(500);
    for (const c of contacts) {
      expect(c.lastInteractionAt).toBeNull();
      expect(c.connectedAt).toMatch(/^20(1[5-9]|2[0-5])-/);
      expect(contactJson(c, me).nextDueAt).toBeNull();
    }
  });

  it('lists the due contacts, then 2 imported ones numbered after them, reading only what it shows', async () => {
    const base = await h.requests.measure(() => h.tick('2026-11-30T07:01:00Z'));
    expect(base.result.sent).toBe(1);
    const all = await h.app.contacts.list(me.id);
    const at = new Date(FIRST_SLOT);

    const { result, counts } = await h.requests.measure(() => h.tick(FIRST_SLOT));

    expect(result.sent).toBe(1);
    // The 500 connections cost the two suggestions and nothing more.
    expect(counts.itemsRead - base.counts.itemsRead).toBeLessThanOrEqual(REDISCOVER_PER_DIGEST);
    const [digest] = await h.app.digests.list(me.id);
    const expected = pickRediscover(imported(all), at, REDISCOVER_PER_DIGEST);
    expect(digest?.items).toEqual([
      { n: 1, contactEmail: 'olga@cold.example', name: 'Olga Old' },
      { n: 2, contactEmail: 'mia@cold.example', name: 'Mia Mid' },
      { n: 3, contactEmail: 'ravi@cold.example', name: 'Ravi Recent' },
      ...expected.map((c, i) => ({ n: 4 + i, contactEmail: c.email, name: c.name })),
    ]);
    const [email] = (await h.ctx.sentTo(ME)).filter((e) => e.subject.startsWith('Tend:'));
    const text = email?.body.text ?? '';
    expect(email?.subject).toBe('Tend: 3 people to reconnect with');
    expect(text).toContain('3 due.');
    expect(text).toMatch(/\nRediscover\n[^\n]+\n\n4\. Con Nection \d+\n/);
    expect(text).toMatch(/\n5\. Con Nection \d+\n/);
    expect(text).not.toMatch(/\n6\. /);
    expect(text).not.toMatch(/Last contact \d+ years? ago/);
    // Recorded, so the next digests move on.
    for (const c of expected)
      expect((await h.app.contacts.get(me.id, c.email))?.contact.lastSuggestedAt).toBe(
        at.toISOString(),
      );
  });

  it('offers drafts to the due contacts and to suggestions with an address, in the real MIME', async () => {
    const parsed = await simpleParser(raws.at(-1)!);
    const links = htmlDraftLinks(String(parsed.html));
    const [digest] = await h.app.digests.list(me.id);
    const withAddress = digest!.items
      .map((i) => i.contactEmail)
      .filter((e) => !e.startsWith('linkedin:'));

    expect(links.map((l) => l.to)).toEqual(withAddress);
    expect(links[0]).toMatchObject({
      label: 'Write to Olga',
      subject: 'Catching up',
      body: 'Hi Olga,\r\n\r\nIt has been a while since we last talked. How are things with you?\r\n\r\n',
    });
    for (const link of links.slice(3))
      expect(link.body).toMatch(/^Hi Con,\r\n\r\nWe connected on LinkedIn back in 20\d\d, and/);
    expect(textDraftLinks(parsed.text ?? '')).toEqual(links);
  });

  it('takes "N done" and "N mute" on the suggestions, by the numbers the digest showed', async () => {
    const [digest] = await h.app.digests.list(me.id);
    const [four, five] = [digest!.items[3]!, digest!.items[4]!];
    const [sent] = (await h.ctx.sentTo(ME)).filter((e) => e.subject.startsWith('Tend: 3'));
    const replyTo = sent!.replyTo[0]!;
    h.setNow('2026-11-30T12:00:00Z');

    const outcome = await h.deliver(
      mail({ from: ME, to: replyTo, subject: `Re: ${sent!.subject}`, body: '4 done\n5 mute' }),
      { recipients: [replyTo] },
    );

    expect(outcome).toMatchObject({ outcome: 'reply' });
    const done = (await h.app.contacts.get(me.id, four.contactEmail))!.contact;
    expect(done).toMatchObject({
      interactionCount: 1,
      lastInteractionAt: '2026-11-30T12:00:00.000Z',
    });
    expect(contactJson(done, me).nextDueAt).toBe('2027-02-28T12:00:00.000Z');
    expect((await rawItem(h, me.id, four.contactEmail))?.gsi1pk).toBe(`RECONNECT#${me.id}#90`);
    const muted = await rawItem(h, me.id, five.contactEmail);
    expect(muted).toMatchObject({ status: 'muted' });
    expect(muted?.gsi1pk).toBeUndefined();
  });
});

describe('suggestions over half a year', () => {
  it('never suggests the same contact twice in 6 months, then starts over', async () => {
    const h = await createHarness('rediscover-months', REGISTERED_AT);
    const ME = 'months@rediscover.example';
    const user = await h.register(ME, 'UTC');
    await coldContacts(h, ME, [['Olga Old <olga@cold.example>', 300]]);
    await importLinkedIn(h, user, 3, 'few.example');
    const all = imported(await h.app.contacts.list(user.id));
    const order = pickRediscover(all, new Date(FIRST_SLOT), 3).map((c) => c.email);

    const weeks: string[][] = [];
    for (let week = 0; week < 29; week++) {
      const at = new Date(new Date(FIRST_SLOT).getTime() + week * 7 * DAY_MS).toISOString();
      expect(await h.tick(at)).toMatchObject({ sent: 1 });
      const [digest] = await h.app.digests.list(user.id);
      expect(digest?.items[0]?.contactEmail).toBe('olga@cold.example');
      weeks.push(digest!.items.slice(1).map((i) => i.contactEmail));
    }

    // 30 Nov: two; 7 Dec: the third; then none until 6 months after the first two (7 Jun).
    expect(weeks[0]).toEqual(order.slice(0, 2));
    expect(weeks[1]).toEqual(order.slice(2));
    expect(weeks.slice(2, 27).every((w) => w.length === 0)).toBe(true);
    expect(weeks[27]).toEqual(order.slice(0, 2));
    expect(weeks[28]).toEqual(order.slice(2));
  }, 120_000);
});

describe('contacts imported by the previous version', () => {
  let h: Harness;
  let user: User;
  const ME = 'legacy@rediscover.example';
  const CONNECTED = '2019-05-06T09:00:00.000Z';

  /** What the import used to write: the connection date as the last interaction, filed as due. */
  function legacy(email: string, o: Partial<Contact>): Record<string, unknown> {
    const contact: Contact = {
      ...newContact(email, CONNECTED, 'linkedin'),
      name: `Legacy ${email.slice(0, 4)}`,
      lastInteractionAt: CONNECTED,
      ...o,
    };
    const item = contactItem(user, contact, 1);
    delete item.connectedAt;
    delete item.lastSuggestedAt;
    return {
      ...item,
      ...keys.reconnectIndex(user.id, 90, contact.lastInteractionAt ?? contact.firstSeenAt, email),
    };
  }

  beforeAll(async () => {
    h = await createHarness('rediscover-legacy', REGISTERED_AT);
    user = await h.register(ME, 'UTC');
    await coldContacts(h, ME, [['Olga Old <olga@cold.example>', 300]]);
    await new Table(h.ctx.dynamodb, h.ctx.table).putMany([
      legacy('linkedin:old-one', {}),
      legacy('old2@legacy.example', {}),
      legacy('card@legacy.example', { source: 'vcard', lastInteractionAt: null }),
    ]);
  });

  it('reads them as never contacted, with their connection date', async () => {
    const stored = (await h.app.contacts.get(user.id, 'old2@legacy.example'))!.contact;

    expect(stored).toMatchObject({ connectedAt: CONNECTED, lastInteractionAt: null });
    expect(contactJson(stored, user).nextDueAt).toBeNull();
  });

  it('does not list them as due, re-files them once, and suggests them instead', async () => {
    expect(await h.tick(FIRST_SLOT)).toMatchObject({ sent: 1 });

    const [digest] = await h.app.digests.list(user.id);
    expect(digest?.items[0]).toMatchObject({ n: 1, contactEmail: 'olga@cold.example' });
    expect(digest?.items.slice(1).map((i) => i.n)).toEqual([2, 3]);
    const [email] = await h.ctx.sentTo(ME);
    expect(email?.body.text).toContain('1 due.');
    for (const key of ['linkedin:old-one', 'old2@legacy.example', 'card@legacy.example']) {
      const item = await rawItem(h, user.id, key);
      expect(item?.gsi1pk).toBe(`REDISCOVER#${user.id}`);
      expect(item?.lastInteractionAt).toBeNull();
    }
    expect((await rawItem(h, user.id, 'old2@legacy.example'))?.connectedAt).toBe(CONNECTED);

    // The next digest reads only its own work: the old items left the reconnect index.
    const next = await h.requests.measure(() => h.tick('2026-12-07T08:01:00Z'));
    expect(next.result.sent).toBe(1);
    const [latest]: Array<Digest | undefined> = await h.app.digests.list(user.id);
    expect(latest?.items.map((i) => i.n)).toEqual([1, 2]);
    expect(next.counts.byKind.PutItem ?? 0).toBe(0);
    expect(next.counts.byKind.TransactWriteItems).toBe(1);
  });
});
