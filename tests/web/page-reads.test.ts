import { beforeAll, describe, expect, it } from 'vitest';
import { type ContactQuery, searchContacts } from '../../shared/domain/contact-search';
import { nextDueAt } from '../../shared/domain/reconnect';
import type { Contact, User } from '../../shared/domain/types';
import { findContacts } from '../../shared/use-cases/search-contacts';
import { seedNetwork } from '../../local/workload/seed-network';
import { NOW, seedUser } from './seed';
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

  it.each([
    ['the first page', '/contacts'],
    ['a search', '/contacts?q=seed'],
    ['a tag filter', '/contacts?tag=mentor'],
    ['next due first', '/contacts?sort=due'],
    ['the last page', '/contacts?page=13'],
  ])(
    'reads the Contacts page (%s) as one projected Query per part of the key range',
    async (_, path) => {
      const { page, counts } = await measure(path);
      // SUMMARY_PART_STARTS: 8 parts read at once, each one page at this size. A search by any
      // word of a name, address or tag has no index: every contact item is read (projected).
      expect(counts.byKind).toEqual({ GetItem: 2, Query: 8 });
      expect(counts.itemsRead).toBe(2 + networkSize);
      expect(Buffer.byteLength(page.html)).toBeLessThan(PAGE_BYTES_BUDGET);
    },
  );

  it('reads a contact, its interactions, notes and prompts for the Contact page', async () => {
    const { page, counts } = await measure(`/contacts/${encodeURIComponent('bob@globex.example')}`);
    expect(counts.byKind).toEqual({ GetItem: 3, Query: 3 });
    // Session, user, contact, Bob's one interaction, and the user's one prompt (the prompts
    // are filtered by contact on the server: DynamoDB reads them all).
    expect(counts.itemsRead).toBe(5);
    expect(Buffer.byteLength(page.html)).toBeLessThan(PAGE_BYTES_BUDGET);
  });

  it('reads nothing but the session and the user for Settings', async () => {
    const { page, counts } = await measure('/settings');
    expect(counts.byKind).toEqual({ GetItem: 2 });
    expect(counts.itemsRead).toBe(2);
    expect(Buffer.byteLength(page.html)).toBeLessThan(PAGE_BYTES_BUDGET);
  });

  describe('the projected read shows what the whole contacts would', () => {
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
      ['a tag filter', { tag: 'mentor' }],
      ['due only, next due first', { dueOnly: true, sort: 'due' }],
      ['muted', { status: 'muted' }],
      ['page 7 by next due', { sort: 'due', page: 7 }],
    ])('for %s', async (_, over) => {
      const q: ContactQuery = {
        text: '',
        tag: null,
        status: null,
        dueOnly: false,
        sort: 'last',
        page: 1,
        ...over,
      };
      const now = h.now();
      const fromSummaries = await findContacts(h.app.contacts, user, q, now);
      const fromWhole = searchContacts(await h.app.contacts.list(user.id), q, user, now);
      expect(fromSummaries.contacts.map(shown)).toEqual(fromWhole.contacts.map(shown));
      expect(fromSummaries).toMatchObject({
        total: fromWhole.total,
        page: fromWhole.page,
        pages: fromWhole.pages,
      });
    });
  });
});
