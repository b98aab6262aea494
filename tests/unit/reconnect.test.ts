import { describe, expect, it } from 'vitest';
import { cadenceOf, isDue, nextDueAt, pickDigestContacts } from '../../shared/domain/reconnect';
import type { Contact } from '../../shared/domain/types';
import { testUser } from '../support/fixtures';

const NOW = new Date('2026-12-07T13:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

function contact(email: string, o: Partial<Contact> = {}): Contact {
  return {
    email,
    name: null,
    nameSetByUser: false,
    tags: [],
    cadenceDays: null,
    status: 'active',
    snoozedUntil: null,
    firstSeenAt: daysAgo(400),
    lastInteractionAt: daysAgo(100),
    lastInboundAt: null,
    lastOutboundAt: null,
    interactionCount: 1,
    clockResetAt: null,
    lastSubject: null,
    latestNote: null,
    pendingThanks: null,
    source: 'email',
    linkedinUrl: null,
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
