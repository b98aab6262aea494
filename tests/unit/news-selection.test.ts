import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../shared/domain/commands';
import { routeRecipients } from '../../shared/domain/ingest/address-hints';
import {
  checklistItems,
  introductionsOf,
  MAX_NEWS_CHARS,
  NEWS_MAX_PEOPLE,
  readNews,
  selectHelpers,
  thankedToRead,
  toldNewsSnippet,
  type HelperCandidates,
} from '../../shared/domain/news';
import { newContact } from '../../shared/domain/contact';
import type { Contact } from '../../shared/domain/types';

const NOW = new Date('2026-12-01T12:00:00Z');
const RECENT = '2026-06-01T10:00:00.000Z';
const OLD = '2024-06-01T10:00:00.000Z'; // more than 2 years before NOW

/** Seen once: the product's new contact (shared/domain/contact.ts), in touch once. */
function contact(email: string, over: Partial<Contact> = {}): Contact {
  return {
    ...newContact(email, '2025-01-01T00:00:00.000Z', 'email'),
    lastInteractionAt: RECENT,
    interactionCount: 1,
    ...over,
  };
}

function select(contacts: Contact[], over: Partial<HelperCandidates> = {}) {
  return selectHelpers({
    now: NOW,
    contacts: new Map(contacts.map((c) => [c.email, c])),
    thanked: [],
    introductions: [],
    userAddresses: ['me@example.com'],
    ...over,
  });
}

describe('selectHelpers: who helped, most helpful first (SPEC 9)', () => {
  it('credits help recorded under an address since merged to the contact it now belongs to, once', () => {
    // jo@old.example was merged into jo@new.example: the read maps both addresses to the survivor.
    const jo = contact('jo@new.example', { name: 'Jo Park', aliases: ['jo@old.example'] });
    const got = selectHelpers({
      now: NOW,
      contacts: new Map([
        ['jo@new.example', jo],
        ['jo@old.example', jo],
      ]),
      thanked: [{ email: 'jo@new.example', sentAt: RECENT }],
      introductions: [{ introducer: 'jo@old.example', at: RECENT }],
      userAddresses: ['me@example.com'],
    });
    expect(got.people).toEqual([
      expect.objectContaining({
        email: 'jo@new.example',
        kinds: ['introduced', 'thanked'],
        helpCount: 2,
      }),
    ]);
  });

  it('takes those thanked, mentors and advisors, ranking more kinds of help first', () => {
    const got = select(
      [
        contact('ana@example.org', { name: 'Ana Lopez', tags: ['mentor'], interactionCount: 2 }),
        contact('ben@example.org', { interactionCount: 40 }),
        contact('cy@example.org', { tags: ['advisor'], interactionCount: 9 }),
        contact('dee@example.org', { tags: ['investor'], interactionCount: 90 }),
      ],
      {
        thanked: [
          { email: 'ana@example.org', sentAt: RECENT },
          { email: 'ben@example.org', sentAt: RECENT },
        ],
      },
    );
    expect(got.people.map((p) => [p.email, p.kinds])).toEqual([
      ['ana@example.org', ['mentor', 'thanked']],
      ['ben@example.org', ['thanked']],
      ['cy@example.org', ['advisor']],
    ]);
    expect(got.more).toBe(0);
  });

  it('ranks equal kinds by help given, then by interactions, then by recency, then address', () => {
    const got = select(
      [
        contact('few@example.org', { interactionCount: 3 }),
        contact('many@example.org', { interactionCount: 30 }),
        contact('twice@example.org', { interactionCount: 1 }),
        contact('b@example.org', { interactionCount: 3, lastInteractionAt: RECENT }),
        contact('a@example.org', { interactionCount: 3, lastInteractionAt: RECENT }),
      ],
      {
        thanked: [
          { email: 'few@example.org', sentAt: '2026-01-01T00:00:00.000Z' },
          { email: 'many@example.org', sentAt: RECENT },
          { email: 'twice@example.org', sentAt: RECENT },
          { email: 'twice@example.org', sentAt: '2026-02-01T00:00:00.000Z' },
          { email: 'b@example.org', sentAt: '2026-01-01T00:00:00.000Z' },
          { email: 'a@example.org', sentAt: '2026-01-01T00:00:00.000Z' },
        ],
      },
    );
    expect(got.people.map((p) => p.email)).toEqual([
      'twice@example.org',
      'many@example.org',
      'a@example.org',
      'b@example.org',
      'few@example.org',
    ]);
  });

  it.each([
    ['a thank-you sent more than 2 years ago', contact('x@example.org'), { sentAt: OLD }],
    [
      'a mentor last in touch more than 2 years ago',
      contact('x@example.org', { tags: ['mentor'], lastInteractionAt: OLD }),
      null,
    ],
    [
      'a muted contact',
      contact('x@example.org', { tags: ['mentor'], status: 'muted' }),
      { sentAt: RECENT },
    ],
    [
      'a LinkedIn-only contact (no address to write to)',
      contact('linkedin:x', { tags: ['advisor'] }),
      null,
    ],
    ['one of the user’s own addresses', contact('me@example.com', { tags: ['mentor'] }), null],
    ['someone with no tag and no thank-you', contact('x@example.org', { tags: ['friend'] }), null],
  ])('leaves out %s', (_, c, thanks) => {
    const got = select([c], { thanked: thanks ? [{ email: c.email, ...thanks }] : [] });
    expect(got.people).toEqual([]);
  });

  it('leaves out a thanked contact that is no longer there (forgotten)', () => {
    const got = select([], { thanked: [{ email: 'gone@example.org', sentAt: RECENT }] });
    expect(got.people).toEqual([]);
  });

  it('counts a mentor with nothing logged by when they were first seen', () => {
    const fresh = contact('new@example.org', {
      tags: ['mentor'],
      lastInteractionAt: null,
      firstSeenAt: RECENT,
    });
    const stale = contact('old@example.org', {
      tags: ['mentor'],
      lastInteractionAt: null,
      firstSeenAt: OLD,
    });
    expect(select([fresh, stale]).people.map((p) => p.email)).toEqual(['new@example.org']);
  });

  it('credits introducers once introductions are known (the introducedBy seam)', () => {
    const got = select([contact('intro@example.org'), contact('thx@example.org')], {
      thanked: [{ email: 'thx@example.org', sentAt: RECENT }],
      introductions: [
        { introducer: 'intro@example.org', at: RECENT },
        { introducer: 'intro@example.org', at: OLD },
      ],
    });
    expect(got.people.map((p) => [p.email, p.kinds, p.helpCount])).toEqual([
      ['intro@example.org', ['introduced'], 1],
      ['thx@example.org', ['thanked'], 1],
    ]);
    // Each contact an introduction brought in credits its introducer, dated when it came in.
    expect(
      introductionsOf([
        contact('x@example.org'),
        contact('new@example.org', { introducedBy: 'intro@example.org', firstSeenAt: RECENT }),
      ]),
    ).toEqual([{ introducer: 'intro@example.org', at: RECENT }]);
  });

  it(`lists at most ${NEWS_MAX_PEOPLE} and counts the rest`, () => {
    const many = Array.from({ length: NEWS_MAX_PEOPLE + 4 }, (_, i) =>
      contact(`p${String(i).padStart(2, '0')}@example.org`, {
        tags: ['mentor'],
        interactionCount: i,
      }),
    );
    const got = select(many);
    expect(got.people).toHaveLength(NEWS_MAX_PEOPLE);
    expect(got.more).toBe(4);
    expect(got.people[0]?.email).toBe(`p${NEWS_MAX_PEOPLE + 3}@example.org`);
    expect(checklistItems(got.people).map((i) => i.n)).toEqual(
      Array.from({ length: NEWS_MAX_PEOPLE }, (_, i) => i + 1),
    );
  });

  it('reads the most thanked, then the most recently thanked, first', () => {
    expect(
      thankedToRead(
        [
          { email: 'once-old@x.org', sentAt: '2025-01-01T00:00:00Z' },
          { email: 'TWICE@x.org', sentAt: '2025-01-01T00:00:00Z' },
          { email: 'twice@x.org', sentAt: '2025-02-01T00:00:00Z' },
          { email: 'once-new@x.org', sentAt: '2026-01-01T00:00:00Z' },
        ],
        2,
      ),
    ).toEqual(['twice@x.org', 'once-new@x.org']);
  });
});

describe('the news as written', () => {
  it.each([
    ['I started at Acme as Head of Product.', 'Hi', 'I started at Acme as Head of Product.'],
    ['', 'News: I started at Acme', 'I started at Acme'],
    ['', 'Fwd: news - shipped v2', 'shipped v2'],
    ['\n  Line one\n\n\n\nLine two  \n', null, 'Line one\n\nLine two'],
    ['', null, ''],
    ['   ', '  ', ''],
  ])('reads body %j with subject %j as %j', (body, subject, expected) => {
    expect(readNews(body, subject)).toBe(expected);
  });

  it(`keeps at most ${MAX_NEWS_CHARS} characters`, () => {
    const news = readNews('x'.repeat(MAX_NEWS_CHARS * 2), null);
    expect(news).toHaveLength(MAX_NEWS_CHARS);
    expect(news.endsWith('…')).toBe(true);
  });

  it('says in the "told them" interaction what the user told', () => {
    expect(toldNewsSnippet('I started\nat Acme', 280)).toBe(
      'Told them your news: I started at Acme',
    );
    expect(toldNewsSnippet('y'.repeat(400), 280)).toHaveLength(280);
  });
});

describe('news@ and the news command', () => {
  const D = 'in.tend.localhost';
  it.each([
    [[`news@${D}`], 'news'],
    [[`NEWS@${D.toUpperCase()}`], 'news'],
    [[`news+x@${D}`], 'log'],
    [[`news@elsewhere.example`], null],
    [[`log@${D}`, `news@${D}`], 'news'],
  ])('routes mail to %j as %j', (recipients, kind) => {
    expect(routeRecipients(recipients, D)?.kind ?? null).toBe(kind);
  });

  const ctx = { now: NOW, timezone: 'Europe/London' };
  it.each([
    ['news I started at Acme!', { command: { kind: 'news', text: 'I started at Acme!' } }],
    ['News: Shipped v2 & more', { command: { kind: 'news', text: 'Shipped v2 & more' } }],
    [
      'news told omar@globex.example first',
      { command: { kind: 'news', text: 'told omar@globex.example first' } },
    ],
    ['news', { error: "news needs your news, like 'news I started at Acme'" }],
    [
      '2 news I started',
      { error: "'news' applies to all your prompts, so it takes no item number" },
    ],
    [`news ${'z'.repeat(MAX_NEWS_CHARS + 1)}`, { error: /at most 500 characters/ }],
    ['newsletter', { error: "I don't know the command 'newsletter'" }],
  ])('parses %j', (line, expected) => {
    const got = parseCommandLine(line, ctx);
    if ('command' in expected) {
      expect(got).toMatchObject({ item: null, command: expected.command });
      expect('contact' in got).toBe(false);
    } else expect('error' in got ? got.error : null).toMatch(expected.error);
  });
});
