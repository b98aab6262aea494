import { describe, expect, it } from 'vitest';
import { readCalendarDate } from '../../shared/domain/date-phrase';
import {
  occurrenceIn,
  upcomingOccurrence,
  upcomingWindow,
  type DateWindow,
} from '../../shared/domain/date-window';
import {
  calendarDateProblem,
  formatCalendarDate,
  type CalendarDate,
  type ImportantDate,
  withDate,
  withoutDate,
} from '../../shared/domain/important-dates';
import { newContact } from '../../shared/domain/contact';
import type { Contact } from '../../shared/domain/types';
import { datesToList } from '../../shared/domain/upcoming-dates';

const day = (month: number, d: number, year: number | null = null): CalendarDate => ({
  month,
  day: d,
  year,
});
const birthday = (month: number, d: number, year: number | null = null): ImportantDate => ({
  kind: 'birthday',
  ...day(month, d, year),
});

describe('reading a date phrase (birthday DATE, --birthday DATE)', () => {
  // prettier-ignore
  const valid: ReadonlyArray<[string, CalendarDate]> = [
    ['May 4', day(5, 4)],
    ['may 4th', day(5, 4)],
    ['4 May', day(5, 4)],
    ['4th of May', day(5, 4)],
    ['is the 4th of May', day(5, 4)],
    ['on May 4', day(5, 4)],
    ['MAY 4', day(5, 4)],
    ['May 4 1990', day(5, 4, 1990)],
    ['May 4, 1990', day(5, 4, 1990)],
    ['1990-05-04', day(5, 4, 1990)],
    ['5/4', day(5, 4)],
    ['5/4/1990', day(5, 4, 1990)],
    ['march 3rd 1985', day(3, 3, 1985)],
    ['feb 29', day(2, 29)],
    ['29 February 1988', day(2, 29, 1988)],
    ['2024-02-29', day(2, 29, 2024)],
    ['christmas', day(12, 25)],
    ['dec 31', day(12, 31)],
    ['jan 1 2026', day(1, 1, 2026)],
  ];
  it.each(valid)('reads %j', (text, expected) => {
    expect(readCalendarDate(text, 2026)).toEqual({ ok: expected });
  });

  // prettier-ignore
  const invalid: ReadonlyArray<[string, string | RegExp]> = [
    ['feb 30', 'February has no day 30'],
    ['31 april', 'April has no day 31'],
    ['feb 29 2023', '2023 was not a leap year: it had no 29 February'],
    ['May 4 2027', '2027 is in the future'],
    ['May 4 1850', /give a year from 1901 on/],
    ['tomorrow', /give a month and a day/],
    ['today', /give a month and a day/],
    ['next friday', /give a month and a day/],
    ['may', /give a month and a day/],
    ['banana', /I couldn't read 'banana'/],
    ['may 4 or 5', /I couldn't read/],
    ['may 4 - may 6', /give a month and a day/],
    ['', /give a month and a day/],
  ];
  it.each(invalid)('refuses %j, saying why', (text, why) => {
    const read = readCalendarDate(text, 2026);
    expect(read).toHaveProperty('error');
    if ('error' in read) expect(read.error).toMatch(why);
  });
});

describe('what a date is', () => {
  it.each<[CalendarDate, string | null]>([
    [day(2, 29), null],
    [day(2, 29, 2000), null], // divisible by 400
    [day(2, 29, 1900), /give a year from/.source],
    [day(2, 29, 2023), /2023 was not a leap year/.source],
    [day(5, 4, 2027), '2027 is in the future'],
    [day(13, 1), 'there is no such month'],
    [day(0, 1), 'there is no such month'],
    [day(6, 31), 'June has no day 31'],
    [day(6, 0), 'June has no day 0'],
  ])('%j', (date, problem) => {
    const found = calendarDateProblem(date, 2026);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(new RegExp(problem));
  });

  it('formats with and without the year', () => {
    expect(formatCalendarDate(day(5, 4))).toBe('4 May');
    expect(formatCalendarDate(day(2, 29, 1988))).toBe('29 February 1988');
  });

  it('keeps one date per kind, birthday first', () => {
    const anniversary: ImportantDate = { kind: 'anniversary', ...day(6, 12, 2015) };
    const dates = withDate(withDate([], anniversary), birthday(5, 4));
    expect(dates).toEqual([birthday(5, 4), anniversary]);
    expect(withDate(dates, birthday(7, 1))).toEqual([birthday(7, 1), anniversary]);
    expect(withoutDate(dates, 'birthday')).toEqual([anniversary]);
  });
});

describe('the next 14 days, in the user calendar', () => {
  it('is one month-day range inside a year', () => {
    const w = upcomingWindow(new Date('2026-05-01T12:00:00Z'), 'UTC');
    expect(w.days).toHaveLength(14);
    expect(w.ranges).toEqual([{ from: '05-01', to: '05-14' }]);
  });

  it('splits in two across New Year, December first', () => {
    const w = upcomingWindow(new Date('2026-12-21T13:00:00Z'), 'America/New_York');
    expect(w.ranges).toEqual([
      { from: '12-21', to: '12-31' },
      { from: '01-01', to: '01-03' },
    ]);
    expect(w.days.at(-1)).toEqual({ year: 2027, month: 1, day: 3 });
  });

  it("starts on the user's today: already New Year's Day in Tokyo, still 31 December in New York", () => {
    const now = new Date('2026-12-31T16:00:00Z');
    expect(upcomingWindow(now, 'Asia/Tokyo').ranges).toEqual([{ from: '01-01', to: '01-14' }]);
    expect(upcomingWindow(now, 'America/New_York').ranges).toEqual([
      { from: '12-31', to: '12-31' },
      { from: '01-01', to: '01-13' },
    ]);
  });

  it('takes 29 February into a window that ends on 28 February of a common year', () => {
    const common = upcomingWindow(new Date('2027-02-15T12:00:00Z'), 'UTC');
    expect(common.ranges).toEqual([{ from: '02-15', to: '02-29' }]);
    const leap = upcomingWindow(new Date('2028-02-15T12:00:00Z'), 'UTC');
    expect(leap.ranges).toEqual([{ from: '02-15', to: '02-28' }]);
  });
});

describe('when a date falls', () => {
  const window = (iso: string, zone = 'UTC'): DateWindow => upcomingWindow(new Date(iso), zone);

  it('keeps 29 February on 28 February in a common year, and on the 29th in a leap year', () => {
    expect(occurrenceIn(day(2, 29), 2027)).toEqual({ month: 2, day: 28 });
    expect(occurrenceIn(day(2, 29), 2028)).toEqual({ month: 2, day: 29 });

    const common = upcomingOccurrence(birthday(2, 29, 1988), window('2027-02-20T12:00:00Z'));
    expect(common).toMatchObject({ on: { year: 2027, month: 2, day: 28 }, inDays: 8, years: 39 });
    const leap = upcomingOccurrence(birthday(2, 29, 1988), window('2028-02-20T12:00:00Z'));
    expect(leap).toMatchObject({ on: { year: 2028, month: 2, day: 29 }, inDays: 9, years: 40 });
    // A window that starts on 1 March of a common year has passed it.
    expect(upcomingOccurrence(birthday(2, 29), window('2027-03-01T12:00:00Z'))).toBeNull();
    // 28 February itself is not doubled in a leap year.
    expect(upcomingOccurrence(birthday(2, 28), window('2028-02-20T12:00:00Z'))).toMatchObject({
      on: { day: 28 },
    });
  });

  it('finds a January date from a December window, with the years it marks then', () => {
    const found = upcomingOccurrence(
      { kind: 'anniversary', ...day(1, 2, 2015) },
      window('2026-12-21T13:00:00Z', 'America/New_York'),
    );
    expect(found).toMatchObject({ on: { year: 2027, month: 1, day: 2 }, inDays: 12, years: 12 });
  });

  it('leaves out what falls after the 14th day and what has passed', () => {
    const w = window('2026-05-01T12:00:00Z');
    expect(upcomingOccurrence(birthday(5, 14), w)).toMatchObject({ inDays: 13 });
    expect(upcomingOccurrence(birthday(5, 15), w)).toBeNull();
    expect(upcomingOccurrence(birthday(4, 30), w)).toBeNull();
  });

  it('counts the day in the user zone: 23:30 on 3 May in New York is already 4 May in UTC', () => {
    const now = '2026-05-04T03:30:00Z';
    expect(upcomingOccurrence(birthday(5, 3), window(now, 'America/New_York'))).toMatchObject({
      inDays: 0,
    });
    expect(upcomingOccurrence(birthday(5, 3), window(now, 'UTC'))).toBeNull();
  });

  it('gives no age for a date without a year, or with this very year', () => {
    const w = window('2026-05-01T12:00:00Z');
    expect(upcomingOccurrence(birthday(5, 4), w)?.years).toBeNull();
    expect(upcomingOccurrence({ kind: 'anniversary', ...day(5, 4, 2026) }, w)?.years).toBeNull();
  });
});

describe('which dates the digest lists', () => {
  const w = upcomingWindow(new Date('2026-12-21T13:00:00Z'), 'America/New_York');
  const person = (email: string, name: string, o: Partial<Contact> = {}): Contact => ({
    ...newContact(email, '2026-01-01T00:00:00.000Z', 'vcard'),
    name,
    ...o,
  });

  it('lists each contact own date, soonest first, and passes over muted, forgotten and changed ones', () => {
    const omar = person('omar@globex.example', 'Omar', { dates: [birthday(12, 31, 1985)] });
    const ana = person('ana@x.example', 'Ana', { dates: [birthday(12, 22)] });
    const muted = person('m@x.example', 'Muted', { dates: [birthday(12, 23)], status: 'muted' });
    const moved = person('moved@x.example', 'Moved', { dates: [birthday(3, 1)] });
    const dana = person('dana@x.example', 'Dana', {
      dates: [{ kind: 'anniversary', ...day(1, 2, 2015) }],
    });
    const contacts = new Map([omar, ana, muted, moved, dana].map((c) => [c.email, c]));
    const filed = [
      { email: ana.email, date: birthday(12, 22) },
      { email: muted.email, date: birthday(12, 23) },
      { email: 'gone@x.example', date: birthday(12, 24) },
      { email: moved.email, date: birthday(12, 25) }, // the index copy of an older date
      { email: omar.email, date: birthday(12, 31, 1985) },
      { email: dana.email, date: { kind: 'anniversary' as const, ...day(1, 2, 2015) } },
    ];

    const listed = datesToList(filed, contacts, w);

    expect(listed.map((l) => [l.contact.email, l.upcoming.inDays, l.upcoming.years])).toEqual([
      ['ana@x.example', 1, null],
      ['omar@globex.example', 10, 41],
      ['dana@x.example', 12, 12],
    ]);
  });
});
