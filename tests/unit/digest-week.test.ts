import { describe, expect, it } from 'vitest';
import {
  type DayActivity,
  digestWeek,
  hourSlot,
  weekTotals,
} from '../../shared/domain/digest-week';

const day = (
  d: string,
  hours: Record<number, [number, string[]?]>,
  totals?: [number, string[]],
): DayActivity => {
  const map = new Map(
    Object.entries(hours).map(([h, [logged, reconnected = []]]) => [
      Number(h),
      { logged, reconnected },
    ]),
  );
  const [logged, reconnected] = totals ?? [
    [...map.values()].reduce((n, b) => n + b.logged, 0),
    [...new Set([...map.values()].flatMap((b) => b.reconnected))],
  ];
  return { day: d, logged, reconnected, hours: map };
};

describe('hourSlot', () => {
  it.each([
    ['2026-11-30T13:05:00.000Z', { day: '2026-11-30', hour: 13 }],
    ['2026-11-30T00:00:00.000Z', { day: '2026-11-30', hour: 0 }],
    ['2026-11-29T23:59:59.999Z', { day: '2026-11-29', hour: 23 }],
    // An offset other than Z is filed by its UTC instant.
    ['2026-11-30T08:30:00+09:00', { day: '2026-11-29', hour: 23 }],
  ])('files %s under its UTC day and hour', (at, slot) => {
    expect(hourSlot(at)).toEqual(slot);
  });

  it('refuses what is not a date', () => {
    expect(() => hourSlot('soon')).toThrow(RangeError);
  });
});

describe('digestWeek (SPEC 3: the 168 hours before the digest)', () => {
  it.each([
    // now, first bucket, last bucket, first and last day items, first day read by totals
    [
      '2026-11-30T13:05:00Z',
      '2026-11-23T13:00:00.000Z',
      '2026-11-30T13:00:00.000Z',
      '2026-11-23',
      '2026-11-30',
      '2026-11-24',
    ],
    [
      '2026-11-29T23:05:00Z',
      '2026-11-22T23:00:00.000Z',
      '2026-11-29T23:00:00.000Z',
      '2026-11-22',
      '2026-11-29',
      '2026-11-23',
    ],
    [
      '2026-11-30T00:00:00Z',
      '2026-11-23T00:00:00.000Z',
      '2026-11-30T00:00:00.000Z',
      '2026-11-23',
      '2026-11-30',
      '2026-11-24',
    ],
  ])('for a digest at %s counts buckets %s to %s', (now, from, to, firstDay, lastDay, legacy) => {
    expect(digestWeek(new Date(now))).toEqual({
      from: new Date(from),
      to: new Date(to),
      firstDay,
      lastDay,
      firstLegacyDay: legacy,
    });
  });

  it('is 168 hours across a DST change (New York, 8 March 2026)', () => {
    const week = digestWeek(new Date('2026-03-09T12:05:00Z'));
    expect(week.to.getTime() - week.from.getTime()).toBe(168 * 3_600_000);
  });
});

describe('weekTotals', () => {
  const week = digestWeek(new Date('2026-11-30T13:05:00Z'));

  it.each<[string, DayActivity[], { logged: number; reconnected: number }]>([
    [
      'the bucket holding now − 168 h (the previous send) and the bucket holding now',
      [day('2026-11-23', { 13: [1] }), day('2026-11-30', { 13: [1] })],
      { logged: 2, reconnected: 0 },
    ],
    [
      'not the hour before the first bucket, nor the hour after now',
      [day('2026-11-23', { 12: [1] }), day('2026-11-30', { 14: [1] })],
      { logged: 0, reconnected: 0 },
    ],
    [
      'a contact reconnected with in two hours once',
      [day('2026-11-24', { 9: [1, ['a@x']] }), day('2026-11-27', { 18: [2, ['a@x', 'b@x']] })],
      { logged: 3, reconnected: 2 },
    ],
    [
      'a day stored before hour buckets by its totals (one of the 7 UTC days to now)',
      [day('2026-11-24', {}, [4, ['a@x']])],
      { logged: 4, reconnected: 1 },
    ],
    [
      'not the 8th day back stored without hour buckets',
      [day('2026-11-23', {}, [4, ['a@x']])],
      { logged: 0, reconnected: 0 },
    ],
    [
      'a day with both: the hours in the week, and the rest of its totals by day',
      [day('2026-11-28', { 20: [1, ['new@x']] }, [3, ['new@x', 'old@x']])],
      { logged: 3, reconnected: 2 },
    ],
    [
      'the 8th day’s rest of totals not, but its hours in the week',
      [day('2026-11-23', { 10: [1], 20: [2, ['b@x']] }, [5, ['a@x', 'b@x']])],
      { logged: 2, reconnected: 1 },
    ],
    [
      'nothing from a day item outside the days read',
      [day('2026-11-22', { 20: [1] }), day('2026-12-01', { 1: [1] })],
      { logged: 0, reconnected: 0 },
    ],
  ])('counts %s', (_, days, totals) => {
    expect(weekTotals(week, days)).toEqual(totals);
  });
});
