import { beforeAll, describe, expect, it } from 'vitest';
import {
  contactItem,
  contactWithWordItems,
} from '../../shared/adapters/dynamodb/items/contact-item';
import { Table } from '../../shared/adapters/dynamodb/table';
import { newContact } from '../../shared/domain/contact';
import { CONTACTS_PAGE_SIZE, type ContactQuery } from '../../shared/domain/contact-search';
import { contactWords } from '../../shared/domain/contact-words';
import type { Contact, User } from '../../shared/domain/types';
import { keys } from '../../shared/keys';
import { ConcurrentUpdateError } from '../../shared/ports/store-errors';
import { importContacts } from '../../shared/use-cases/import-contacts';
import { mergeContacts } from '../../shared/use-cases/merge-contacts';
import { removeUser } from '../../shared/use-cases/remove-user';
import { findContacts, WORD_LOOKUP_LIMIT } from '../../shared/use-cases/search-contacts';
import {
  contactQuery,
  expectPageAsReference,
  runContactCommand,
} from '../support/contact-fixtures';
import { createHarness, type Harness, mail } from '../support/tend-harness';

/**
 * Issue 12: the Contacts page's search reads the word index (`WORD#<word>#<email>` items in the
 * user's partition) when its words are rare, and shows what the reference rule (`searchContacts`
 * over every whole contact) shows; every write keeps the word items in step with the contact.
 */

const NOW = '2026-11-26T10:00:00Z';
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(new Date(NOW).getTime() - days * DAY_MS).toISOString();
const FIRST = ['Ana', 'Bo', 'Cy', 'Dee', 'Eli'];
/** Crowd contacts: each has two words starting `crowd` (its name's and its address's), so the
 * word is common (more than WORD_LOOKUP_LIMIT keys) and the search takes the ordered read. */
const CROWD = 220;

/** Crowd member i: a name shared by one in five, tagged mentor one in three, some muted, some
 * never contacted, cadences set on a few. */
function crowd(i: number): Contact {
  const email = `crowd${String(i).padStart(3, '0')}@crowd.example`;
  return {
    ...newContact(email, daysAgo(500), i % 10 === 9 ? 'linkedin' : 'email'),
    name: `${FIRST[i % FIRST.length]} Crowd`,
    tags: i % 3 === 0 ? ['mentor'] : [],
    status: i % 13 === 0 ? 'muted' : 'active',
    cadenceDays: i % 4 === 0 ? 30 : null,
    lastInteractionAt: i % 10 === 9 ? null : daysAgo((i * 37) % 300),
    interactionCount: i % 10 === 9 ? 0 : 1,
  };
}

function person(email: string, name: string, over: Partial<Contact> = {}): Contact {
  return {
    ...newContact(email, daysAgo(400), 'email'),
    name,
    lastInteractionAt: daysAgo(20),
    interactionCount: 1,
    ...over,
  };
}

const SPECIAL = [
  person('zoe@nordic.example', 'Zoë Ångström', { tags: ['climber'] }),
  person('jane.doe@acme.example', 'Jane Doe'),
  person('jim@acme.example', 'Jim Beam', { lastInteractionAt: daysAgo(200) }),
  // Merged before (its other address is an alias): found by that address too.
  person('omar@globex.example', 'Omar Haddad', { aliases: ['omar.h@initech.example'] }),
];

const query = contactQuery;

/** The word index's keys in a user's partition, as `<word>#<email>`. */
async function wordKeys(table: Table, userId: string): Promise<string[]> {
  const items = await table.queryAll({
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :w)',
    ExpressionAttributeValues: { ':p': keys.userPartition(userId), ':w': keys.wordPrefix('') },
  });
  return items.map((i) => String(i.sk).slice(keys.wordPrefix('').length));
}

describe("the Contacts page's search by the word index", () => {
  let h: Harness;
  let user: User;
  let table: Table;

  beforeAll(async () => {
    h = await createHarness('contact-search-words', NOW);
    user = await h.register('searcher@words.example', 'UTC');
    table = new Table(h.ctx.dynamodb, h.ctx.table);
    // The crowd straight into the table, as the store writes contacts (the bench's way).
    await table.putMany(
      Array.from({ length: CROWD }, (_, i) => contactWithWordItems(user, crowd(i), 1)).flat(),
    );
    for (const c of SPECIAL)
      await h.app.contacts.save(user, { contact: c, version: 0, indexedWords: [] });
    // Merged as a merge does (an alias item): found by the common word of its other address.
    for (const c of [
      person('kim@kimco.example', 'Kim Park', { lastInteractionAt: daysAgo(0.5) }),
      person('kim@crowd.example', 'Kim'),
    ])
      await h.app.contacts.save(user, { contact: c, version: 0, indexedWords: [] });
    await mergeContacts(h.app, user, 'kim@kimco.example', 'kim@crowd.example');
  });

  it.each<[string, Partial<ContactQuery>]>([
    ['a rare word', { text: 'acme' }],
    ['a common word (the ordered read)', { text: 'crowd' }],
    ['a common word, by next due', { text: 'crowd', sort: 'due' }],
    ['two rare words', { text: 'jane doe' }],
    ['a rare word and a common one', { text: 'ana crowd' }],
    ['a word matching nobody', { text: 'nobody' }],
    ['a word and one matching nobody', { text: 'acme nobody' }],
    ['the start of a word', { text: 'ac' }],
    ['the middle of a word (not a match)', { text: 'cme' }],
    ['an address written out', { text: 'jane.doe@acme.example' }],
    ['the start of an address', { text: 'jane@acme' }],
    ['a word without its accents', { text: 'zoe angstrom' }],
    ['a word with its accents, in capitals', { text: 'ÅNGSTRÖM' }],
    ['an address merged into the contact', { text: 'initech' }],
    ['a tag as a word', { text: 'climber' }],
    ['a tag filter and a word', { text: 'ana', tag: 'mentor' }],
    ['a status and a word', { text: 'ana', status: 'muted' }],
    ['due only and a word', { text: 'bo', dueOnly: true }],
    ['due only and a word, by next due', { text: 'bo', dueOnly: true, sort: 'due' }],
    ['a word, by next due', { text: 'cy', sort: 'due' }],
    ['a word, page 2', { text: 'ana', page: 2 }],
    ['a word, a page past the last', { text: 'ana', page: 9 }],
    ['a word, page 2 by next due', { text: 'eli', sort: 'due', page: 2 }],
    ['punctuation only (no words: everyone)', { text: '@@' }],
  ])('shows what the reference shows for %s', async (_, over) => {
    await expectPageAsReference(h, user, query(over));
  });

  it('has what the queries above need: a common word, a rare one over two pages', async () => {
    const crowdWords = await h.app.contacts.contactsWithWord(user.id, 'crowd', WORD_LOOKUP_LIMIT);
    expect(crowdWords.complete).toBe(false);
    const ana = await h.app.contacts.contactsWithWord(user.id, 'ana', WORD_LOOKUP_LIMIT);
    expect(ana).toMatchObject({ complete: true });
    expect(ana.emails.length).toBeGreaterThan(CONTACTS_PAGE_SIZE);
  });

  it('reads one Query of keys per word and one BatchGetItem for a rare word', async () => {
    const { result, counts } = await h.requests.measure(() =>
      findContacts(h.app.contacts, user, query({ text: 'acme' }), h.now()),
    );
    expect(result).toMatchObject({ total: 2, exact: true });
    expect(counts.byKind).toEqual({ Query: 1, BatchGetItem: 1 });
    // 2 keys, then the 2 contacts.
    expect(counts.itemsRead).toBe(4);
  });

  it('reads the words in parallel, then only the contacts every rare word names', async () => {
    const { result, counts } = await h.requests.measure(() =>
      findContacts(h.app.contacts, user, query({ text: 'jane acme' }), h.now()),
    );
    expect(result.contacts.map((c) => c.email)).toEqual(['jane.doe@acme.example']);
    expect(counts.byKind).toEqual({ Query: 2, BatchGetItem: 1 });
    // jane: 1 key; acme: 2 keys; then the one contact both name.
    expect(counts.itemsRead).toBe(4);
  });

  it('reads no contact for a search matching nobody', async () => {
    const { result, counts } = await h.requests.measure(() =>
      findContacts(h.app.contacts, user, query({ text: 'nobody', page: 3 }), h.now()),
    );
    expect(result).toMatchObject({ contacts: [], total: 0, page: 1, pages: 1, exact: true });
    expect(counts.byKind).toEqual({ Query: 1 });
    expect(counts.itemsRead).toBe(0);
  });

  it('reads the index in order for a common word, after one Query of its keys', async () => {
    const { result, counts } = await h.requests.measure(() =>
      findContacts(h.app.contacts, user, query({ text: 'crowd' }), h.now()),
    );
    expect(result.exact).toBe(false);
    // The word's first WORD_LOOKUP_LIMIT + 1 keys, the user's alias items (1: Kim's), then 208
    // contacts of gsi2 (8 per match wanted): they all match.
    expect(counts.byKind).toEqual({ Query: 3 });
    expect(counts.itemsRead).toBe(WORD_LOOKUP_LIMIT + 1 + 1 + 208);
    // Kim is found by the other address alone, which the index does not project.
    expect(result.contacts.slice(0, 2).map((c) => c.email)).toEqual([
      'crowd000@crowd.example',
      'kim@kimco.example',
    ]);
  });
});

describe('the word items follow every write of a contact', () => {
  let h: Harness;
  let user: User;
  let table: Table;
  const ME = 'writer@words.example';

  const words = async (email: string) =>
    (await wordKeys(table, user.id))
      .filter((k) => k.endsWith(`#${email}`))
      .map((k) => k.slice(0, k.indexOf('#')));
  const command = (email: string, line: string, seed: string) =>
    runContactCommand(h, user, email, line, seed);
  const found = async (text: string) =>
    (await findContacts(h.app.contacts, user, query({ text }), h.now())).contacts.map(
      (c) => c.email,
    );

  beforeAll(async () => {
    h = await createHarness('contact-search-word-writes', NOW);
    user = await h.register(ME, 'UTC');
    table = new Table(h.ctx.dynamodb, h.ctx.table);
  });

  it('files a contact that ingest creates under its words, and the item lists them', async () => {
    await h.deliver(mail({ from: ME, to: 'Nina Novak <nina@novak.example>' }));
    expect(await words('nina@novak.example')).toEqual(['example', 'nina', 'novak']);
    const item = await table.get(keys.contact(user.id, 'nina@novak.example'));
    expect(item?.words).toEqual(['example', 'nina', 'novak']);
    expect(await found('nov')).toEqual(['nina@novak.example']);
  });

  it('writes no word items when a later email changes no word', async () => {
    const before = await h.app.contacts.get(user.id, 'nina@novak.example');
    await h.deliver(
      mail({ from: ME, to: 'Nina Novak <nina@novak.example>', subject: 'Again', date: null }),
    );
    const after = await h.app.contacts.get(user.id, 'nina@novak.example');
    expect(after!.version).toBe(before!.version + 1);
    expect(await words('nina@novak.example')).toEqual(['example', 'nina', 'novak']);
  });

  it('moves the words with a rename and with tag edits', async () => {
    await command('nina@novak.example', 'rename Tina Berg', 'r1');
    expect(await words('nina@novak.example')).toEqual(['berg', 'example', 'nina', 'novak', 'tina']);
    await command('nina@novak.example', 'tag climber', 't1');
    expect(await words('nina@novak.example')).toContain('climber');
    expect(await found('climb')).toEqual(['nina@novak.example']);
    await command('nina@novak.example', 'untag climber', 't2');
    expect(await words('nina@novak.example')).not.toContain('climber');
    expect(await found('climb')).toEqual([]);
  });

  it('leaves the words as they were when a write is refused by the lock', async () => {
    const stale = (await h.app.contacts.get(user.id, 'nina@novak.example'))!;
    await command('nina@novak.example', 'rename Tina Stone', 'r2');
    const filed = await words('nina@novak.example');
    expect(filed).toContain('stone');
    await expect(
      h.app.contacts.save(user, { ...stale, contact: { ...stale.contact, name: 'Wrong Name' } }),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await words('nina@novak.example')).toEqual(filed);
    expect(await found('wrong')).toEqual([]);
  });

  it('files an imported contact, and an import that renames one moves its words', async () => {
    const imported = (name: string) => ({
      contacts: [
        {
          key: 'ivy@import.example',
          name,
          linkedinUrl: null,
          connectedAt: null,
          tags: [],
          notes: [],
          where: 'card at line 1',
        },
      ],
      problems: [],
    });
    await importContacts(h.app.contacts, user, 'vcard', imported('Ivy Reed'), h.now());
    expect(await words('ivy@import.example')).toEqual(['example', 'import', 'ivy', 'reed']);
    expect(await found('reed')).toEqual(['ivy@import.example']);
  });

  it('files a merged contact under the other address, and drops the other', async () => {
    await h.deliver(mail({ from: ME, to: 'Tina B <tb@berg-home.example>' }));
    expect(await words('tb@berg-home.example')).toEqual(['berg', 'example', 'home', 'tb', 'tina']);
    await mergeContacts(h.app, user, 'nina@novak.example', 'tb@berg-home.example');
    expect(await words('tb@berg-home.example')).toEqual([]);
    const merged = (await h.app.contacts.get(user.id, 'nina@novak.example'))!;
    expect(await words('nina@novak.example')).toEqual(contactWords(merged.contact));
    expect(await words('nina@novak.example')).toEqual(expect.arrayContaining(['home', 'tb']));
    expect(await found('home')).toEqual(['nina@novak.example']);
  });

  it('deletes the words with a forgotten contact', async () => {
    await h.app.contacts.forget(user.id, 'nina@novak.example');
    expect(await words('nina@novak.example')).toEqual([]);
    expect(await found('tina')).toEqual([]);
  });

  it('keeps every transaction of an email to many new people within 100 items', async () => {
    const to = Array.from(
      { length: 40 },
      (_, i) => `Longname${i} Middlename Surname Other <guest${i}@party-many-words.example>`,
    ).join(', ');
    expect(await h.deliver(mail({ from: ME, to }))).toEqual({ outcome: 'logged', contacts: 40 });
    const guest = (await h.app.contacts.get(user.id, 'guest39@party-many-words.example'))!;
    expect(guest.contact.name).toBe('Longname39 Middlename Surname Other');
    expect(await words('guest39@party-many-words.example')).toEqual(contactWords(guest.contact));
    const page = await findContacts(h.app.contacts, user, query({ text: 'surname' }), h.now());
    expect(page).toMatchObject({ total: 40, exact: true });
  });

  it('files contacts written before the index, once (indexWords, the backfill)', async () => {
    const legacy = person('old@legacy.example', 'Olga Old');
    await table.put(contactItem(user, legacy, 3));
    expect(await found('olga')).toEqual([]);
    expect(await h.app.contacts.indexWords(user)).toBe(1);
    expect(await words('old@legacy.example')).toEqual(['example', 'legacy', 'old', 'olga']);
    expect(await found('olga')).toEqual(['old@legacy.example']);
    // Under its lock, which moved: a write read before must read again.
    expect((await h.app.contacts.get(user.id, 'old@legacy.example'))!.version).toBe(4);
    expect(await h.app.contacts.indexWords(user)).toBe(0);
  });

  it('leaves no word item behind when the user is removed', async () => {
    expect((await wordKeys(table, user.id)).length).toBeGreaterThan(0);
    await removeUser(h.app, user);
    expect(await wordKeys(table, user.id)).toEqual([]);
    const rest = await table.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.userPartition(user.id) },
    });
    expect(rest).toEqual([]);
  });
});
