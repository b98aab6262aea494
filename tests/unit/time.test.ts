import { describe, expect, it } from 'vitest';
import {
  InvalidTimeZoneError,
  formatDateTime,
  formatShortDate,
  humanizeSince,
  isValidZone,
  nextWeeklySlot,
  zoneOffsetMinutes,
} from '../../shared/domain/time';
import type { Weekday } from '../../shared/domain/types';

// Expected instants are worked out from each zone's rules (2026: US DST 8 Mar–1 Nov, EU 29 Mar–25 Oct,
// New Zealand summer time until 5 Apr and from 27 Sep), not by calling the code under test.
// prettier-ignore
const slots: ReadonlyArray<[string, string, Weekday, number, string, string]> = [
  // [case, after, day, hour, zone, expected]
  ['New York winter: Monday 08:00 EST is 13:00Z', '2026-12-01T15:00:00Z', 'monday', 8, 'America/New_York', '2026-12-07T13:00:00.000Z'],
  ['New York summer: Monday 08:00 EDT is 12:00Z', '2026-07-01T12:00:00Z', 'monday', 8, 'America/New_York', '2026-07-06T12:00:00.000Z'],
  ['New York, the Monday after clocks spring forward', '2026-03-06T12:00:00Z', 'monday', 8, 'America/New_York', '2026-03-09T12:00:00.000Z'],
  ['New York, the spring-forward Sunday itself', '2026-03-07T12:00:00Z', 'sunday', 8, 'America/New_York', '2026-03-08T12:00:00.000Z'],
  ['New York, an hour that does not exist moves to 03:00 EDT', '2026-03-07T12:00:00Z', 'sunday', 2, 'America/New_York', '2026-03-08T07:00:00.000Z'],
  ['New York, the Monday after clocks fall back', '2026-10-30T12:00:00Z', 'monday', 8, 'America/New_York', '2026-11-02T13:00:00.000Z'],
  ['New York, the fall-back Sunday itself', '2026-10-30T12:00:00Z', 'sunday', 8, 'America/New_York', '2026-11-01T13:00:00.000Z'],
  ['New York, later the same day', '2026-12-07T12:59:59Z', 'monday', 8, 'America/New_York', '2026-12-07T13:00:00.000Z'],
  ['New York, exactly at the slot: strictly after means next week', '2026-12-07T13:00:00Z', 'monday', 8, 'America/New_York', '2026-12-14T13:00:00.000Z'],
  ['New York, Friday 18:00', '2026-12-01T15:00:00Z', 'friday', 18, 'America/New_York', '2026-12-04T23:00:00.000Z'],
  ['Berlin winter: 08:00 CET is 07:00Z', '2026-12-01T15:00:00Z', 'monday', 8, 'Europe/Berlin', '2026-12-07T07:00:00.000Z'],
  ['Berlin summer: 08:00 CEST is 06:00Z', '2026-07-01T12:00:00Z', 'monday', 8, 'Europe/Berlin', '2026-07-06T06:00:00.000Z'],
  ['Berlin, the Monday after clocks spring forward', '2026-03-27T12:00:00Z', 'monday', 8, 'Europe/Berlin', '2026-03-30T06:00:00.000Z'],
  ['Berlin, the Monday after clocks fall back', '2026-10-22T00:00:00Z', 'monday', 8, 'Europe/Berlin', '2026-10-26T07:00:00.000Z'],
  ['Tokyo (no DST), the local day is ahead of UTC', '2026-12-01T15:00:00Z', 'friday', 9, 'Asia/Tokyo', '2026-12-04T00:00:00.000Z'],
  ["Tokyo, this Monday's slot passed locally though it is Sunday in UTC", '2026-12-06T23:30:00Z', 'monday', 8, 'Asia/Tokyo', '2026-12-13T23:00:00.000Z'],
  ['Auckland summer (+13)', '2026-12-01T15:00:00Z', 'monday', 8, 'Pacific/Auckland', '2026-12-06T19:00:00.000Z'],
  ['Auckland winter (+12)', '2026-07-01T12:00:00Z', 'monday', 8, 'Pacific/Auckland', '2026-07-05T20:00:00.000Z'],
  ['Auckland, the Monday after summer time ends', '2026-04-02T00:00:00Z', 'monday', 8, 'Pacific/Auckland', '2026-04-05T20:00:00.000Z'],
  ['Auckland, the Monday after summer time starts', '2026-09-24T00:00:00Z', 'monday', 8, 'Pacific/Auckland', '2026-09-27T19:00:00.000Z'],
];

describe('nextWeeklySlot', () => {
  it.each(slots)('%s', (_case, after, day, hour, zone, expected) => {
    const slot = nextWeeklySlot(new Date(after), day, hour, zone);

    expect(slot.toISOString()).toBe(expected);
  });

  it('keeps the same local hour on consecutive weeks across a DST change', () => {
    const first = nextWeeklySlot(new Date('2026-02-27T00:00:00Z'), 'monday', 8, 'America/New_York');

    const second = nextWeeklySlot(first, 'monday', 8, 'America/New_York');
    const third = nextWeeklySlot(second, 'monday', 8, 'America/New_York');

    expect([first, second, third].map((d) => d.toISOString())).toEqual([
      '2026-03-02T13:00:00.000Z',
      '2026-03-09T12:00:00.000Z',
      '2026-03-16T12:00:00.000Z',
    ]);
  });

  it('rejects an unknown zone with a named error', () => {
    expect(() =>
      nextWeeklySlot(new Date('2026-12-01T15:00:00Z'), 'monday', 8, 'Mars/Olympus_Mons'),
    ).toThrow(InvalidTimeZoneError);
  });

  it.each([-1, 24, 8.5])('rejects the hour %s', (hour) => {
    expect(() => nextWeeklySlot(new Date('2026-12-01T15:00:00Z'), 'monday', hour, 'UTC')).toThrow(
      RangeError,
    );
  });
});

describe('zoneOffsetMinutes', () => {
  it.each([
    ['America/New_York', '2026-12-01T15:00:00Z', -300],
    ['America/New_York', '2026-07-01T12:00:00Z', -240],
    ['Europe/Berlin', '2026-12-01T15:00:00Z', 60],
    ['Europe/Berlin', '2026-07-01T12:00:00Z', 120],
    ['Asia/Tokyo', '2026-07-01T12:00:00Z', 540],
    ['Asia/Kolkata', '2026-07-01T12:00:00Z', 330],
    ['Asia/Kathmandu', '2026-07-01T12:00:00Z', 345],
    ['Pacific/Auckland', '2026-12-01T15:00:00Z', 780],
    ['Pacific/Auckland', '2026-07-01T12:00:00Z', 720],
    ['UTC', '2026-07-01T12:00:00Z', 0],
  ])('gives %s at %s as %i minutes', (zone, at, expected) => {
    expect(zoneOffsetMinutes(zone, new Date(at))).toBe(expected);
  });

  it('changes at the exact instant of the switch (New York, 2026-03-08 07:00Z)', () => {
    expect(zoneOffsetMinutes('America/New_York', new Date('2026-03-08T06:59:59Z'))).toBe(-300);
    expect(zoneOffsetMinutes('America/New_York', new Date('2026-03-08T07:00:00Z'))).toBe(-240);
  });
});

describe('isValidZone', () => {
  it.each(['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Pacific/Auckland', 'UTC'])(
    'accepts %s',
    (zone) => {
      expect(isValidZone(zone)).toBe(true);
    },
  );

  it.each(['', ' ', 'Mars/Olympus_Mons', 'America/Gotham', 'not a zone'])('rejects %j', (zone) => {
    expect(isValidZone(zone)).toBe(false);
  });
});

describe('formatting', () => {
  it.each([
    ['2026-12-14T14:00:00Z', 'America/New_York', 'Mon 14 Dec'],
    ['2026-12-14T23:30:00Z', 'Asia/Tokyo', 'Tue 15 Dec'],
    ['2026-12-15T02:00:00Z', 'America/New_York', 'Mon 14 Dec'],
    ['2026-07-06T06:00:00Z', 'Europe/Berlin', 'Mon 6 Jul'],
  ])('formatShortDate(%s, %s) is %j', (at, zone, expected) => {
    expect(formatShortDate(new Date(at), zone)).toBe(expected);
  });

  it.each([
    ['2026-12-14T14:00:00Z', 'America/New_York', 'Mon 14 Dec 2026, 09:00'],
    ['2026-07-06T06:00:00Z', 'Europe/Berlin', 'Mon 6 Jul 2026, 08:00'],
    ['2026-12-31T23:30:00Z', 'Pacific/Auckland', 'Fri 1 Jan 2027, 12:30'],
    ['2026-12-14T19:05:00Z', 'UTC', 'Mon 14 Dec 2026, 19:05'],
  ])('formatDateTime(%s, %s) is %j', (at, zone, expected) => {
    expect(formatDateTime(new Date(at), zone)).toBe(expected);
  });
});

describe('humanizeSince', () => {
  const now = new Date('2026-12-01T15:00:00Z');
  const daysAgo = (days: number): Date => new Date(now.getTime() - days * 86_400_000);

  it.each([
    [0, 'today'],
    [0.9, 'today'],
    [1, '1 day'],
    [5, '5 days'],
    [13, '13 days'],
    [14, '2 weeks'],
    [20, '2 weeks'],
    [59, '8 weeks'],
    [60, '2 months'],
    [92, '3 months'],
    [364, '12 months'],
    [365, '1 year'],
    [800, '2 years'],
    [-3, 'today'],
  ])('%s days ago reads %j', (days, expected) => {
    expect(humanizeSince(daysAgo(days), now)).toBe(expected);
  });
});
