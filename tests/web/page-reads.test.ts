import { beforeAll, describe, expect, it } from 'vitest';
import type { ContactQuery } from '../../shared/domain/contact-search';
import { nextDueAt } from '../../shared/domain/reconnect';
import type { Contact, User } from '../../shared/domain/types';
import { FIRST_READ_CONTACTS } from '../../shared/use-cases/search-contacts';
import { seedNetwork } from '../../local/workload/seed-network';
import { NOW, seedUser } from './seed';
import { contactQuery, expectPageAsReference } from '../support/contact-fixtures';
import { createWebHarness, type WebClient, type WebHarness } from './web-harness';

/** Issue 12: every page is at most this much HTML (uncompressed). */
const PAGE_BYTES_BUDGET = 100 * 1024;
/** A modest network next to the seeded user's few people: enough for 13 pages of contacts. */
const NETWORK = { contacts: 300, perContact: 2 };

/**
 * Issue 12's "reads proportional to what it shows", pinned as exact counts (times are the
 * bench's: bench/web.ts). Every page reads the session and the user (2 GetItems) first.
 */
describe('what each web page reads (issue 12)', () => {
  let h: WebHarness;
  let user: User;
  let browser: WebClient;
  let networkSize: number;

  beforeAll(async () => {
    h = await createWebHarness('web-page-reads', NOW);
    ({ user } = await seedUser(h, 'ada@a.example', {
      overdue: 'Bob Stone <bob@globex.example>',
      due: 'Cy Ray <cy@initech.example>',
      recent: 'Dee Park <dee@globex.example>',
      helper: 'Ana Lopez <ana@helpers.example>',
    }));
    await seedNetwork(h.requests.client, h.app.config.TEND_TABLE, user, {
      ...NETWORK,
      now: h.now(),
    });
    // A few tagged the way an edit tags them: the tag filter has something to find.
    for (const email of [
      'person00003@seed.example',
      'person00150@seed.example',
      'bob@globex.example',
    ]) {
      const stored = (await h.app.contacts.get(user.id, email))!;
      await h.app.contacts.save(user, {
        ...stored,
        contact: { ...stored.contact, tags: ['mentor'] },
      });
    }
    networkSize = (await h.app.contacts.list(user.id)).length;
    browser = h.client();
    await browser.signIn(h, user);
  });

  async function measure(path: string) {
    const { result: page, counts } = await h.requests.measure(() => browser.get(path));
    expect(page.status).toBe(200);
    return { page, counts };
  }

  it('seeds the network the counts below are for', () => {
    // The 300 seeded and the 4 people seedUser logs (its introducer included).
    expect(networkSize).toBe(NETWORK.contacts + 4);
  });

  it('reads Today from the reconnect index and the sent prompts, not the contacts', async () => {
    const { page, counts } = await measure('/today');
    // The cadence groups (1 Query); each group's due contacts, most overdue first (14, 30, 90
    // and 180 days: 4 Queries, and 1 more page for the 90-day group, whose first 30 held a
    // snoozed contact); the thank-yous sent in the last 14 days (1 Query); the dates of the
    // next two weeks (1 Query).
    expect(counts.byKind).toEqual({ GetItem: 2, Query: 8 });
    // The due contacts shown (at most 30 a group) and those counted towards "99+", not all 304.
    expect(counts.itemsRead).toBe(139);
    expect(Buffer.byteLength(page.html)).toBeLessThan(PAGE_BYTES_BUDGET);
  });

  it.each<
    [string, string, { queries: number; batchGets?: number; items: number; heading: string }]
  >([
    // One Query of FIRST_READ_CONTACTS (100) from the index by last contact: four pages.
    ['the first page', '/contacts', { queries: 1, items: 100, heading: 'At least 100 contacts' }],
    // A rare word (WORD_LOOKUP_LIMIT: at most 400 keys): the 10 contacts whose words start
    // person0001 (1 Query of 10 keys of the word index), then those 10 (1 BatchGetItem): exact.
    [
      'a search by a rare word',
      '/contacts?q=person0001',
      { queries: 1, batchGets: 1, items: 20, heading: '10 contacts' },
    ],
    // 300 of 304 have the word seed (under 400 keys): still rare enough, 300 contacts by key in 3
    // BatchGetItems of 100 (in parallel), and the page's count is exact.
    [
      'a search by a word most contacts have',
      '/contacts?q=seed',
      { queries: 1, batchGets: 3, items: 600, heading: '300 contacts' },
    ],
    // Common: more than 400 keys (person and person00…, twice per seeded contact), so the search
    // reads the user's alias items (none: the index does not project aliases), then the index by
    // last contact: FILTERED_READ_FACTOR (8) contacts read per match wanted (26); nearly all match.
    [
      'a search by a common word',
      '/contacts?q=p',
      { queries: 3, items: 401 + 208, heading: 'At least ' },
    ],
    // No word starts so: 1 Query of the word index finds no key, and no contact is read.
    [
      'a search matching nobody',
      '/contacts?q=nobody',
      { queries: 1, items: 0, heading: '0 contacts' },
    ],
    // 3 of 304 match: the read goes on (208, then up to 416) to the end of the list.
    ['a rare tag', '/contacts?tag=mentor', { queries: 2, items: 304, heading: '3 contacts' }],
    ['next due first', '/contacts?sort=due', { queries: 1, items: 100, heading: 'At least 100' }],
    // Page 13: the 300 contacts of pages 1-12 passed over reading their keys only (1 Query),
    // then one Query for the page and one more: 4 are left. The list ended: counted.
    ['the last page', '/contacts?page=13', { queries: 2, items: 304, heading: 'page 13 of 13' }],
    // Page 7 by next due: 150 keys passed over, then 26 contacts; not the 304.
    [
      'page 7 by next due',
      '/contacts?sort=due&page=7',
      { queries: 2, items: 176, heading: 'page 7' },
    ],
    // A link past the last page (rare: typed, or a list that shrank): the keys to the end
    // (304), then the last page as above (304 again).
    [
      'a page past the last',
      '/contacts?page=40',
      { queries: 3, items: 608, heading: 'page 13 of 13' },
    ],
  ])('reads the Contacts page (%s) from its index, as far as the page', async (_, path, want) => {
    const { page, counts } = await measure(path);
    expect(counts.byKind).toEqual({
      GetItem: 2,
      Query: want.queries,
      ...(want.batchGets ? { BatchGetItem: want.batchGets } : {}),
    });
    expect(counts.itemsRead).toBe(2 + want.items);
    expect(page.text).toContain(want.heading);
    expect(Buffer.byteLength(page.html)).toBeLessThan(PAGE_BYTES_BUDGET);
  });

  it('reads the first page alike whatever the size of the network', async () => {
    // 304 contacts or 10,000 (bench/web.ts): one Query of FIRST_READ_CONTACTS.
    const { counts } = await measure('/contacts');
    expect(counts.itemsRead - 2).toBe(FIRST_READ_CONTACTS);
    expect(counts.itemsRead - 2).toBeLessThan(networkSize);
  });

  it('reads a contact, its interactions, notes and prompts for the Contact page', async () => {
    const { page, counts } = await measure(`/contacts/${encodeURIComponent('bob@globex.example')}`);
    // The interactions, notes, prompts and whom Bob introduced (none: one Query of the index).
    expect(counts.byKind).toEqual({ GetItem: 3, Query: 4 });
    // Session, user, contact, Bob's one interaction, and the user's one prompt (the prompts
    // are filtered by contact on the server: DynamoDB reads them all).
    expect(counts.itemsRead).toBe(5);
    expect(Buffer.byteLength(page.html)).toBeLessThan(PAGE_BYTES_BUDGET);
  });

  it('reads the session, the user and their claimed addresses (none) for Settings', async () => {
    const { page, counts } = await measure('/settings');
    expect(counts.byKind).toEqual({ GetItem: 2, Query: 1 });
    expect(counts.itemsRead).toBe(2);
    expect(Buffer.byteLength(page.html)).toBeLessThan(PAGE_BYTES_BUDGET);
  });

  describe('the index read shows what searching every whole contact would', () => {
    const shown = (c: Contact) => ({
      email: c.email,
      name: c.name,
      tags: c.tags,
      status: c.status,
      lastInteractionAt: c.lastInteractionAt,
      nextDue: nextDueAt(c, user),
    });

    it.each<[string, Partial<ContactQuery>]>([
      ['the first page', {}],
      ['a search', { text: 'person 12' }],
      ['a search by a rare word', { text: 'person0001' }],
      ['a search by a common word', { text: 'p' }],
      ['a search by a word and a tag', { text: 'seed', tag: 'mentor' }],
      ['a search matching nobody', { text: 'nobody' }],
      ['a tag filter', { tag: 'mentor' }],
      ['due only, next due first', { dueOnly: true, sort: 'due' }],
      ['due only, last contact first', { dueOnly: true }],
      ['muted', { status: 'muted' }],
      ['page 7 by next due', { sort: 'due', page: 7 }],
      ['a page past the last', { page: 40 }],
    ])('for %s', async (_, over) => {
      await expectPageAsReference(h, user, contactQuery(over), shown);
    });
  });
});
