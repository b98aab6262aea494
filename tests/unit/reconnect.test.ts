import { describe, expect, it } from 'vitest';
import {
  cadenceOf,
  isDue,
  nextDueAt,
  pickDigestContacts,
  pickRediscover,
  rediscoverCutoff,
} from '../../shared/domain/reconnect';
import { newContact } from '../../shared/domain/contact';
import type { Contact } from '../../shared/domain/types';
import { testUser } from '../support/fixtures';

const NOW = new Date('2026-12-07T13:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

/** Seen once: the product's new contact (shared/domain/contact.ts), in touch once. */
function contact(email: string, o: Partial<Contact> = {}): Contact {
  return {
    ...newContact(email, daysAgo(400), 'email'),
    lastInteractionAt: daysAgo(100),
    interactionCount: 1,
    ...o,
  };
}

const user = testUser({ tagCadences: { mentor: 30, investor: 60 } });

describe('cadence: contact, else tag, else user default (SPEC 3)', () => {
  it.each([
    ['the contact’s own', { cadenceDays: 14, tags: ['mentor'] }, 14],
    ['the shortest of its tags', { tags: ['investor', 'mentor'] }, 30],
    ['the user default', { tags: ['unknown-tag'] }, 90],
  ])('uses %s', (_l, o, days) => {
    expect(cadenceOf(contact('a@x.org', o), user)).toBe(days);
  });
});

describe('reconnect rule', () => {
  it.each([
    ['due when last interaction + cadence <= now', {}, true],
    ['not due before', { lastInteractionAt: daysAgo(89) }, false],
    ['due exactly at the cadence', { lastInteractionAt: daysAgo(90) }, true],
    ['not due when muted', { status: 'muted' as const }, false],
    ['not due while snoozed', { snoozedUntil: daysAgo(-1) }, false],
    ['due again once the snooze ended', { snoozedUntil: daysAgo(1) }, true],
    ['not due after a recent skip', { clockResetAt: daysAgo(5) }, false],
  ])('%s', (_l, o, due) => {
    expect(isDue(contact('a@x.org', o), user, NOW)).toBe(due);
  });

  it('gives no next due time for a muted contact, and the snooze end for a snoozed one', () => {
    expect(nextDueAt(contact('a@x.org', { status: 'muted' }), user)).toBeNull();
    expect(nextDueAt(contact('a@x.org', { snoozedUntil: '2027-01-01T00:00:00.000Z' }), user)).toBe(
      '2027-01-01T00:00:00.000Z',
    );
  });

  it('lists the most overdue first (overdue time / cadence) and at most the limit', () => {
    const list = [
      contact('mid@x.org', { lastInteractionAt: daysAgo(150) }), // 60/90
      contact('old@x.org', { lastInteractionAt: daysAgo(300) }), // 210/90
      contact('mentor@x.org', { tags: ['mentor'], lastInteractionAt: daysAgo(75) }), // 45/30
      contact('fresh@x.org', { lastInteractionAt: daysAgo(3) }),
    ];
    expect(pickDigestContacts(list, user, NOW, 7).map((c) => c.email)).toEqual([
      'old@x.org',
      'mentor@x.org',
      'mid@x.org',
    ]);
    expect(pickDigestContacts(list, user, NOW, 2)).toHaveLength(2);
  });
});

/** An imported LinkedIn connection nothing was logged with (SPEC 3). */
function imported(email: string, o: Partial<Contact> = {}): Contact {
  return contact(email, {
    source: 'linkedin',
    firstSeenAt: daysAgo(2000),
    connectedAt: daysAgo(2000),
    lastInteractionAt: null,
    interactionCount: 0,
    ...o,
  });
}

describe('imported contacts (SPEC 3: not due until something is logged)', () => {
  it.each([
    ['connected 5 years ago', {}],
    ['imported from a vCard long ago', { source: 'vcard' as const, connectedAt: null }],
    ['skipped once, still never contacted', { clockResetAt: daysAgo(400) }],
    ['with a cadence of its own', { cadenceDays: 7 }],
  ])('is never due and has no next due time: %s', (_l, o) => {
    const c = imported('conn@x.org', o);
    expect(isDue(c, user, NOW)).toBe(false);
    expect(nextDueAt(c, user)).toBeNull();
    expect(pickDigestContacts([c], user, NOW, 7)).toEqual([]);
  });

  it('is due by the usual rule once something was logged with it', () => {
    const c = imported('conn@x.org', { lastInteractionAt: daysAgo(91), interactionCount: 1 });
    expect(isDue(c, user, NOW)).toBe(true);
    expect(nextDueAt(c, user)).toBe(new Date(NOW.getTime() - 86_400_000).toISOString());
  });
});

describe('rediscover suggestions (SPEC 3)', () => {
  it.each([
    ['an imported contact never suggested', imported('a@x.org'), true],
    ['one suggested 7 months ago', imported('a@x.org', { lastSuggestedAt: daysAgo(213) }), true],
    ['one suggested 5 months ago', imported('a@x.org', { lastSuggestedAt: daysAgo(152) }), false],
    ['a muted one', imported('a@x.org', { status: 'muted' }), false],
    ['a snoozed one', imported('a@x.org', { snoozedUntil: daysAgo(-3) }), false],
    ['one whose snooze ended', imported('a@x.org', { snoozedUntil: daysAgo(3) }), true],
    ['a contact something was logged with', contact('a@x.org'), false],
  ])('%s: suggested %s', (_l, c, suggested) => {
    expect(pickRediscover([c], NOW, 2)).toHaveLength(suggested ? 1 : 0);
  });

  it('suggests the never-suggested first, then the longest ago, at most the limit', () => {
    const list = [
      imported('late@x.org', { lastSuggestedAt: daysAgo(200) }),
      imported('early@x.org', { lastSuggestedAt: daysAgo(400) }),
      imported('never@x.org'),
    ];
    expect(pickRediscover(list, NOW, 2).map((c) => c.email)).toEqual([
      'never@x.org',
      'early@x.org',
    ]);
    expect(pickRediscover(list, NOW, 5).map((c) => c.email)).toEqual([
      'never@x.org',
      'early@x.org',
      'late@x.org',
    ]);
  });

  it('spreads the never-suggested over the whole import, not in alphabetical order', () => {
    const list = Array.from({ length: 50 }, (_, i) =>
      imported(`p${String(i).padStart(2, '0')}@x.org`),
    );
    const picked = pickRediscover(list, NOW, 10).map((c) => c.email);
    expect(picked).toHaveLength(10);
    expect(picked).not.toEqual([...picked].sort());
    expect(pickRediscover([...list].reverse(), NOW, 10).map((c) => c.email)).toEqual(picked);
  });

  it.each([
    ['2026-12-07T13:00:00.000Z', '2026-06-07T13:00:00.000Z'],
    ['2026-08-31T08:00:00.000Z', '2026-02-28T08:00:00.000Z'],
  ])('counts 6 calendar months back from %s', (now, cutoff) => {
    expect(rediscoverCutoff(new Date(now))).toBe(cutoff);
  });
});
