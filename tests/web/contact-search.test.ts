import { describe, expect, it } from 'vitest';
import {
  type ContactQuery,
  CONTACTS_PAGE_SIZE,
  contactOrderKey,
  isFiltered,
  pageOf,
  searchContacts,
} from '../../shared/domain/contact-search';
import { newContact } from '../../shared/domain/contact';
import type { Contact, User } from '../../shared/domain/types';
import { contactQuery } from '../support/contact-fixtures';
import { readContactQuery } from '../../functions/web/routes/contacts';

const NOW = new Date('2026-11-26T10:00:00Z');
const user = { defaultCadenceDays: 90, tagCadences: {} } as unknown as User;

/** Seen once: the product's new contact (shared/domain/contact.ts), in touch once. */
function contact(email: string, over: Partial<Contact> = {}): Contact {
  return {
    ...newContact(email, '2026-01-01T00:00:00Z', 'email'),
    lastInteractionAt: '2026-10-01T00:00:00Z',
    interactionCount: 1,
    ...over,
  };
}

const PEOPLE = [
  contact('ana@acme.example', { name: 'Ana Lopez', tags: ['climber'] }),
  contact('bo@globex.example', { name: 'Bo Chen', lastInteractionAt: '2026-05-01T00:00:00Z' }),
  contact('cy@acme.example', { name: 'Cy Ray', status: 'muted' }),
  contact('li:123', { name: 'Dee Park', lastInteractionAt: null, source: 'linkedin' }),
];

const query = contactQuery;

const emails = (q: Partial<ContactQuery>) =>
  searchContacts(PEOPLE, query(q), user, NOW).contacts.map((c) => c.email);

describe('finding contacts (the Contacts page)', () => {
  it.each<[string, Partial<ContactQuery>, string[]]>([
    ['a company domain', { text: 'acme' }, ['ana@acme.example', 'cy@acme.example']],
    ['a name, any case, every word', { text: 'ana LOPEZ' }, ['ana@acme.example']],
    ['a tag as a word', { text: 'climber' }, ['ana@acme.example']],
    ['words that do not all match', { text: 'ana globex' }, []],
    ['the start of a word', { text: 'ac' }, ['ana@acme.example', 'cy@acme.example']],
    ['the start of an address', { text: 'ana@acme' }, ['ana@acme.example']],
    ['a word without its accents', { text: 'LÓPEZ' }, ['ana@acme.example']],
    ['not the middle of a word', { text: 'cme' }, []],
    ['a tag filter', { tag: 'climber' }, ['ana@acme.example']],
    ['a status filter', { status: 'muted' }, ['cy@acme.example']],
    [
      'due only (last contact + 90 days passed, not muted)',
      { dueOnly: true },
      ['bo@globex.example'],
    ],
  ])('finds by %s', (_, q, expected) => {
    expect(emails(q).sort()).toEqual(expected.sort());
  });

  it('sorts by last contact, most recent first, never-contacted last', () => {
    expect(emails({})).toEqual([
      'ana@acme.example',
      'cy@acme.example',
      'bo@globex.example',
      'li:123',
    ]);
  });

  it('sorts by next due, soonest first; muted and never-contacted (never due) last', () => {
    expect(emails({ sort: 'due' })).toEqual([
      'bo@globex.example',
      'ana@acme.example',
      'cy@acme.example',
      'li:123',
    ]);
  });

  it('cuts pages of CONTACTS_PAGE_SIZE and keeps the page within range', () => {
    const many = Array.from({ length: CONTACTS_PAGE_SIZE + 3 }, (_, i) =>
      contact(`p${String(i).padStart(2, '0')}@crowd.example`),
    );
    const second = searchContacts(many, query({ page: 2 }), user, NOW);
    expect(second).toMatchObject({ total: CONTACTS_PAGE_SIZE + 3, page: 2, pages: 2 });
    expect(second.contacts).toHaveLength(3);
    expect(searchContacts(many, query({ page: 9 }), user, NOW).page).toBe(2);
    expect(searchContacts([], query({ page: 3 }), user, NOW)).toMatchObject({ page: 1, pages: 1 });
  });
});

describe('the order key the indexes sort by (contactOrderKey)', () => {
  const key = (c: Contact, sort: 'last' | 'due') => `${contactOrderKey(c, sort, user)}#${c.email}`;
  const ordered = (sort: 'last' | 'due') =>
    [...PEOPLE]
      .sort((x, y) => (key(x, sort) < key(y, sort) ? -1 : key(x, sort) > key(y, sort) ? 1 : 0))
      .map((c) => c.email);

  it.each(['last', 'due'] as const)('sorts as the page does, by %s', (sort) => {
    expect(ordered(sort)).toEqual(emails({ sort }));
  });

  it('puts later last contacts first, whatever the year, and never-contacted last', () => {
    const at = (iso: string | null) =>
      contactOrderKey(contact('x@y.example', { lastInteractionAt: iso }), 'last', user);
    expect(at('2026-11-26T10:00:00.001Z') < at('2026-11-26T10:00:00.000Z')).toBe(true);
    expect(at('2031-01-01T00:00:00Z') < at('1999-12-31T23:59:59Z')).toBe(true);
    expect(at('1999-12-31T23:59:59Z') < at(null)).toBe(true);
    expect(at('2026-01-01T00:00:00Z')).toHaveLength(13);
  });

  it('is the next due time by next due, snooze included; never due (muted) last', () => {
    const snoozed = contact('s@y.example', { snoozedUntil: '2027-03-01T00:00:00.000Z' });
    expect(contactOrderKey(snoozed, 'due', user)).toBe('2027-03-01T00:00:00.000Z');
    // Due 90 days after the last contact (1 Oct).
    expect(contactOrderKey(contact('d@y.example'), 'due', user)).toBe('2026-12-30T00:00:00.000Z');
    expect(contactOrderKey(contact('m@y.example', { status: 'muted' }), 'due', user)).toBe('~');
  });
});

describe('a page of what a read found (pageOf)', () => {
  const many = Array.from({ length: 60 }, (_, i) => contact(`p${i}@crowd.example`));

  it('counts exactly when the read reached the end, keeping the page in range', () => {
    expect(pageOf(many, 9, true)).toMatchObject({ page: 3, pages: 3, total: 60, exact: true });
    expect(pageOf(many, 9, true)?.contacts).toHaveLength(10);
  });

  it('gives lower bounds when the read stopped early, and a next page', () => {
    const page = pageOf(many.slice(0, 51), 2, false);
    expect(page).toMatchObject({ page: 2, pages: 3, total: 51, exact: false });
    expect(page?.contacts.map((c) => c.email)).toEqual(many.slice(25, 50).map((c) => c.email));
  });
});

describe('a page of a read that passed over the pages before it (pageOf, skipped)', () => {
  const rest = Array.from({ length: 10 }, (_, i) => contact(`q${i}@crowd.example`));

  it('places what was read after the skipped contacts', () => {
    expect(pageOf(rest, 3, true, 50)).toMatchObject({ page: 3, pages: 3, total: 60, exact: true });
    expect(pageOf(rest, 3, true, 50)?.contacts).toHaveLength(10);
  });

  it('says to read again when the page to show starts among the skipped ones', () => {
    // Asked for page 4 of a list of 50: the last page (2) was passed over unread.
    expect(pageOf([], 4, true, 50)).toBeNull();
  });
});

describe('whether a query passes over contacts (isFiltered)', () => {
  it.each<[Partial<ContactQuery>, boolean]>([
    [{}, false],
    [{ sort: 'due' }, false],
    [{ dueOnly: true, sort: 'due' }, false],
    [{ dueOnly: true }, true],
    [{ text: '  ' }, false],
    [{ text: '@ -' }, false],
    [{ text: 'acme' }, true],
    [{ tag: 'mentor' }, true],
    [{ status: 'active' }, true],
  ])('%j: %s', (over, filtered) => {
    expect(isFiltered(query(over))).toBe(filtered);
  });
});

describe('reading the Contacts query string', () => {
  it.each<[Record<string, string>, Partial<ContactQuery>]>([
    [{}, { text: '', tag: null, status: null, dueOnly: false, sort: 'last', page: 1 }],
    [
      { q: 'acme', tag: 'Mentor', status: 'muted', due: 'yes', sort: 'due', page: '3' },
      { text: 'acme', tag: 'mentor', status: 'muted', dueOnly: true, sort: 'due', page: 3 },
    ],
    [
      { status: 'deleted', sort: 'name', page: '-2', due: 'on' },
      { status: null, sort: 'last', page: 1, dueOnly: false },
    ],
    [{ page: '1.5' }, { page: 1 }],
    [{ tag: 'not a tag!' }, { tag: 'not a tag!' }],
  ])('reads %j leniently', (params, expected) => {
    expect(readContactQuery(params)).toMatchObject(expected);
  });
});
