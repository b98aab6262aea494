import { DateTime, Settings } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import {
  InvalidTimeZoneError,
  addMonths,
  daysBetween,
  formatDateTime,
  formatShortDate,
  fromWallClock,
  humanizeSince,
  isValidZone,
  nextWeeklySlot,
  readIsoWallClock,
  readRfc2822WallClock,
  startOfLocalDay,
  wallClock,
  weekdayOf,
  type WallClock,
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

// The helpers above are built on Intl (issue 9: luxon stays off the Lambda start path); luxon,
// which the CLI and the web still use, is the reference they are checked against here, across
// the DST changes of 2026: London (GMT/BST, 1 h at 01:00 UTC), New York (EST/EDT, 1 h at 02:00
// local), Lord Howe Island (+10:30/+11, half an hour at 02:00 local) and Kathmandu (+5:45, none).
const HOUR_MS = 3_600_000;

/** [zone, a local day the clocks spring forward, the day they fall back] */
const DST_ZONES: ReadonlyArray<[string, string, string]> = [
  ['Europe/London', '2026-03-29', '2026-10-25'],
  ['America/New_York', '2026-03-08', '2026-11-01'],
  ['Australia/Lord_Howe', '2026-10-04', '2026-04-05'],
  ['Asia/Kathmandu', '2026-03-29', '2026-10-25'],
];

/** Every quarter of an hour of a local day, as wall-clock readings. */
function quartersOf(day: string): WallClock[] {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return Array.from({ length: 96 }, (_, q) => ({
    year,
    month,
    day: date,
    hour: Math.floor(q / 4),
    minute: (q % 4) * 15,
    second: 0,
    millisecond: 0,
  }));
}

/** Instants from 12 hours before a local day's UTC midnight to 36 hours after, every 15 min. */
function instantsAround(day: string): Date[] {
  const start = Date.parse(`${day}T00:00:00Z`) - 12 * HOUR_MS;
  return Array.from({ length: 192 }, (_, q) => new Date(start + q * 15 * 60_000));
}

/**
 * luxon's reading of a wall-clock time in a zone. For a time that happens twice, luxon picks the
 * occurrence with the offset in force at its "now"; pinned to two days before, that is the first.
 */
function luxonInstant(local: WallClock, zone: string): Date {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  Settings.now = () => asUtc - 48 * HOUR_MS;
  return DateTime.fromObject(local, { zone }).toJSDate();
}

describe('zone arithmetic across DST changes, against luxon', () => {
  const realNow = Settings.now;
  afterEach(() => {
    Settings.now = realNow;
  });

  describe.each(DST_ZONES)('%s', (zone, spring, fall) => {
    it.each([spring, fall])('gives the offset luxon gives, every 15 minutes around %s', (day) => {
      for (const at of instantsAround(day))
        expect(zoneOffsetMinutes(zone, at), at.toISOString()).toBe(
          DateTime.fromJSDate(at, { zone }).offset,
        );
    });

    it.each([spring, fall])('reads the wall clock and weekday as luxon does around %s', (day) => {
      for (const at of instantsAround(day)) {
        const local = DateTime.fromJSDate(at, { zone });
        const clock = wallClock(at, zone);
        expect(clock, at.toISOString()).toEqual({
          year: local.year,
          month: local.month,
          day: local.day,
          hour: local.hour,
          minute: local.minute,
          second: local.second,
          millisecond: local.millisecond,
        });
        expect(weekdayOf(clock)).toBe(local.weekdayLong?.toLowerCase());
      }
    });

    it.each([spring, fall])(
      'turns each local quarter hour of %s into the instant luxon does',
      (day) => {
        for (const local of quartersOf(day))
          expect(fromWallClock(local, zone).toISOString(), JSON.stringify(local)).toBe(
            luxonInstant(local, zone).toISOString(),
          );
      },
    );

    it.each([spring, fall])(
      'starts the local day holding each instant around %s as luxon does',
      (day) => {
        for (const at of instantsAround(day))
          expect(startOfLocalDay(at, zone).toISOString(), at.toISOString()).toBe(
            DateTime.fromJSDate(at, { zone }).startOf('day').toJSDate().toISOString(),
          );
      },
    );

    it.each([spring, fall])('finds the weekly slots luxon finds in the week of %s', (day) => {
      const after = new Date(Date.parse(`${day}T00:00:00Z`) - 4 * 24 * HOUR_MS);
      for (const hour of [0, 1, 2, 3, 8, 23])
        for (const weekday of ['sunday', 'monday', 'saturday'] as const) {
          const local = DateTime.fromJSDate(after, { zone });
          const ahead =
            ([7, 1, 2, 3, 4, 5, 6].indexOf(local.weekday) -
              [
                'sunday',
                'monday',
                'tuesday',
                'wednesday',
                'thursday',
                'friday',
                'saturday',
              ].indexOf(weekday) +
              7) %
            7;
          const date = local.plus({ days: (7 - ahead) % 7 });
          let slot = luxonInstant(
            {
              year: date.year,
              month: date.month,
              day: date.day,
              hour,
              minute: 0,
              second: 0,
              millisecond: 0,
            },
            zone,
          );
          if (slot <= after) {
            const next = date.plus({ days: 7 });
            slot = luxonInstant(
              {
                year: next.year,
                month: next.month,
                day: next.day,
                hour,
                minute: 0,
                second: 0,
                millisecond: 0,
              },
              zone,
            );
          }
          expect(
            nextWeeklySlot(after, weekday, hour, zone).toISOString(),
            `${weekday} ${hour}:00`,
          ).toBe(slot.toISOString());
        }
    });
  });

  // Worked out from the rules, not by either library: a time in the gap moves on by the gap's
  // length; a time that happens twice is its first occurrence (summer time's offset).
  // prettier-ignore
  it.each([
    ['Europe/London', '2026-03-29T01:30', '2026-03-29T01:30:00.000Z', 'gap 01:00–02:00: 02:30 BST'],
    ['Europe/London', '2026-10-25T01:30', '2026-10-25T00:30:00.000Z', 'twice: 01:30 BST first'],
    ['America/New_York', '2026-03-08T02:30', '2026-03-08T07:30:00.000Z', 'gap 02:00–03:00: 03:30 EDT'],
    ['America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00.000Z', 'twice: 01:30 EDT first'],
    ['America/New_York', '2026-11-01T02:00', '2026-11-01T07:00:00.000Z', 'after the overlap: EST'],
    ['Australia/Lord_Howe', '2026-10-04T02:15', '2026-10-03T15:45:00.000Z', 'gap 02:00–02:30: 02:45 at +11'],
    ['Australia/Lord_Howe', '2026-04-05T01:45', '2026-04-04T14:45:00.000Z', 'twice: 01:45 at +11 first'],
    ['Australia/Lord_Howe', '2026-04-05T02:00', '2026-04-04T15:30:00.000Z', 'after the overlap: +10:30'],
    ['Asia/Kathmandu', '2026-07-01T09:00', '2026-07-01T03:15:00.000Z', '+5:45'],
  ])('%s %s is %s (%s)', (zone, local, expected) => {
    expect(fromWallClock(readIsoWallClock(local)!, zone).toISOString()).toBe(expected);
  });

  it.each([
    ['Australia/Lord_Howe', '2026-04-04T14:59:59Z', 660],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z', 630],
    ['Australia/Lord_Howe', '2026-10-03T15:29:59Z', 630],
    ['Australia/Lord_Howe', '2026-10-03T15:30:00Z', 660],
    ['Europe/London', '2026-03-29T00:59:59Z', 0],
    ['Europe/London', '2026-03-29T01:00:00Z', 60],
    ['Asia/Kathmandu', '2026-01-01T00:00:00Z', 345],
  ])('%s at %s is %i minutes ahead of UTC', (zone, at, expected) => {
    expect(zoneOffsetMinutes(zone, new Date(at))).toBe(expected);
  });

  it('rejects an unknown zone with a named error', () => {
    expect(() => fromWallClock(readIsoWallClock('2026-07-01T09:00')!, 'Mars/Olympus_Mons')).toThrow(
      InvalidTimeZoneError,
    );
    expect(() => zoneOffsetMinutes('Mars/Olympus_Mons', new Date())).toThrow(InvalidTimeZoneError);
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-05-31', -6, '2025-11-30'],
    ['2026-05-15', -17, '2024-12-15'],
  ])('%s plus %i months is %s, as luxon counts', (from, months, expected) => {
    const shifted = addMonths(readIsoWallClock(from)!, months);
    const iso = `${shifted.year}-${String(shifted.month).padStart(2, '0')}-${String(shifted.day).padStart(2, '0')}`;
    expect(iso).toBe(expected);
    expect(iso).toBe(DateTime.fromISO(from, { zone: 'utc' }).plus({ months }).toISODate());
  });

  it.each([
    ['2026-12-31', '2027-01-01', 1],
    ['2026-03-28', '2026-03-30', 2],
    ['2026-03-01', '2025-03-01', -365],
  ])('from %s to %s is %i days', (from, to, expected) => {
    expect(daysBetween(readIsoWallClock(from)!, readIsoWallClock(to)!)).toBe(expected);
  });
});

describe('reading wall-clock text', () => {
  it.each([
    ['2026-12-14', { hour: 0, minute: 0 }],
    ['2026-12-14T09:30', { hour: 9, minute: 30 }],
    ['2026-12-14T09:30:15.250', { hour: 9, minute: 30, second: 15, millisecond: 250 }],
  ])('reads ISO %j', (text, fields) => {
    expect(readIsoWallClock(text)).toMatchObject({ year: 2026, month: 12, day: 14, ...fields });
  });

  it.each(['2026-02-30', '2026-13-01', '2026-12-14T24:00', '2026-12-14T09:30Z', 'soon', ''])(
    'refuses ISO %j',
    (text) => {
      expect(readIsoWallClock(text)).toBeNull();
    },
  );

  it.each([
    [
      'Thu, 26 Nov 2026 09:30:05',
      { year: 2026, month: 11, day: 26, hour: 9, minute: 30, second: 5 },
    ],
    ['26 Nov 2026 09:30', { year: 2026, month: 11, day: 26, hour: 9, minute: 30, second: 0 }],
    ['Thu, 26 Nov 26 09:30 (a comment)', { year: 2026, month: 11, day: 26, hour: 9, minute: 30 }],
    ['Fri, 5 Dec 97 23:59:59', { year: 1997, month: 12, day: 5, hour: 23, minute: 59, second: 59 }],
  ])('reads RFC 5322 %j as luxon does', (text, fields) => {
    expect(readRfc2822WallClock(text)).toMatchObject(fields);
    const luxon = DateTime.fromRFC2822(`${text.replace(/\s*\([^)]*\)\s*$/, '')} +0000`, {
      zone: 'utc',
    });
    expect(luxon.isValid).toBe(true);
    expect(luxon.toObject()).toMatchObject(fields);
  });

  it.each(['Fri, 26 Nov 2026 09:30', '31 Nov 2026 09:30', '26 November 2026 09:30', '26 Nov 2026'])(
    'refuses RFC 5322 %j, as luxon does',
    (text) => {
      expect(readRfc2822WallClock(text)).toBeNull();
      expect(DateTime.fromRFC2822(`${text} +0000`).isValid).toBe(false);
    },
  );
});
