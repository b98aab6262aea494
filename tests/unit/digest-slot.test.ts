import { describe, expect, it } from 'vitest';
import { decideDigest, latestDigestSlot, nextDigestSlot } from '../../shared/domain/digest-slot';
import type { DigestSchedule } from '../../shared/domain/types';

const MONDAY_8: DigestSchedule = { day: 'monday', hour: 8 };
const at = (iso: string) => new Date(iso);

describe('nextDigestSlot', () => {
  it.each([
    // after, last sent, expected: Monday 7 Dec 2026 08:00 UTC is a slot.
    ['the next slot when none was sent', '2026-12-03T10:00:00Z', null, '2026-12-07T08:00:00.000Z'],
    ['strictly after `after`', '2026-12-07T08:00:00Z', null, '2026-12-14T08:00:00.000Z'],
    [
      'a slot exactly 6 days after the last digest',
      '2026-12-02T00:00:00Z',
      '2026-12-01T08:00:00Z',
      '2026-12-07T08:00:00.000Z',
    ],
    [
      'not a slot less than 6 days after the last digest',
      '2026-12-02T00:00:00Z',
      '2026-12-01T08:00:01Z',
      '2026-12-14T08:00:00.000Z',
    ],
  ])('gives %s', (_label, after, last, expected) => {
    expect(nextDigestSlot(at(after), MONDAY_8, 'UTC', last ? at(last) : null).toISOString()).toBe(
      expected,
    );
  });

  it('keeps the local hour across a DST change', () => {
    // New York leaves DST on Sunday 1 Nov 2026: Monday 08:00 is 13:00Z, a week before 12:00Z.
    expect(
      nextDigestSlot(
        at('2026-10-26T12:05:00Z'),
        MONDAY_8,
        'America/New_York',
        at('2026-10-26T12:05:00Z'),
      ).toISOString(),
    ).toBe('2026-11-02T13:00:00.000Z');
  });
});

describe('decideDigest', () => {
  const base = { digest: MONDAY_8, zone: 'UTC' };
  it.each([
    [
      'sends on time',
      '2026-12-07T08:01:00Z',
      '2026-12-07T08:00:00Z',
      null,
      { send: true, slot: at('2026-12-07T08:00:00Z') },
    ],
    [
      'sends a slot missed by less than 24 h',
      '2026-12-08T07:59:00Z',
      '2026-12-07T08:00:00Z',
      null,
      { send: true, slot: at('2026-12-07T08:00:00Z') },
    ],
    [
      'sends the slot just passed after weeks with no tick, for that slot',
      '2026-12-28T08:05:00Z',
      '2026-12-07T08:00:00Z',
      null,
      { send: true, slot: at('2026-12-28T08:00:00Z') },
    ],
    [
      'sends a slot weeks after the stored one missed by 23 h',
      '2026-12-22T07:00:00Z',
      '2026-11-30T08:00:00Z',
      null,
      { send: true, slot: at('2026-12-21T08:00:00Z') },
    ],
    [
      'skips when even the latest slot was missed by more than 24 h',
      '2026-12-22T08:01:00Z',
      '2026-11-30T08:00:00Z',
      null,
      { send: false, why: 'missed', next: at('2026-12-28T08:00:00Z') },
    ],
    [
      'skips a slot missed by more than 24 h, for the next slot',
      '2026-12-08T08:01:00Z',
      '2026-12-07T08:00:00Z',
      null,
      { send: false, why: 'missed', next: at('2026-12-14T08:00:00Z') },
    ],
    [
      'skips a slot weeks old, for the very next slot, even minutes away',
      '2026-12-28T07:55:00Z',
      '2026-12-07T08:00:00Z',
      null,
      { send: false, why: 'missed', next: at('2026-12-28T08:00:00Z') },
    ],
    [
      'skips a slot less than 6 days after the last digest',
      '2026-12-11T09:00:00Z',
      '2026-12-11T09:00:00Z',
      '2026-12-07T08:00:00Z',
      { send: false, why: 'too-soon', next: at('2026-12-14T08:00:00Z') },
    ],
    [
      'sends 6 days after the last digest',
      '2026-12-07T08:00:00Z',
      '2026-12-07T08:00:00Z',
      '2026-12-01T08:00:00Z',
      { send: true, slot: at('2026-12-07T08:00:00Z') },
    ],
  ])('%s', (_label, now, slot, last, expected) => {
    expect(
      decideDigest({ ...base, now: at(now), slot: at(slot), lastSentAt: last ? at(last) : null }),
    ).toEqual(expected);
  });
});

describe('latestDigestSlot', () => {
  it.each([
    ['the slot itself, at its time', '2026-12-07T08:00:00Z', 'UTC', '2026-12-07T08:00:00.000Z'],
    [
      'the slot before, a minute earlier',
      '2026-12-07T07:59:00Z',
      'UTC',
      '2026-11-30T08:00:00.000Z',
    ],
    // New York leaves DST on Sunday 1 Nov 2026: Monday 08:00 is 13:00Z after it, 12:00Z before.
    [
      'the local hour across a DST change',
      '2026-11-02T13:30:00Z',
      'America/New_York',
      '2026-11-02T13:00:00.000Z',
    ],
  ])('gives %s', (_label, now, zone, expected) => {
    expect(latestDigestSlot(at(now), MONDAY_8, zone).toISOString()).toBe(expected);
  });
});
