import { describe, expect, it } from 'vitest';
import type { CalendarReading } from '../../shared/domain/calendar/invite';
import { meetingStart } from '../../shared/domain/calendar/meeting-start';
import { planMeeting, type MeetingPlan } from '../../shared/domain/calendar/plan-meeting';
import type { LogHints } from '../../shared/domain/ingest/address-hints';
import { newContact } from '../../shared/domain/contact';
import { cadenceOf } from '../../shared/domain/reconnect';
import { parseMail } from '../../shared/mail/parse-mail';
import { readCalendar } from '../../shared/mail/parse-calendar';
import { testUser } from '../support/fixtures';
import { ics, inviteMail, PACIFIC_VTIMEZONE } from '../support/calendar-mail';

const DOMAIN = 'in.tend.localhost';
const NOW = new Date('2026-11-26T10:00:00Z');
const user = testUser({
  addresses: ['me@example.com', 'me@work.example'],
  timezone: 'America/New_York',
});
const NO_HINTS: LogHints = { cadenceDays: null, thanks: null, tags: [] };
const ANA = 'ATTENDEE;CN=Ana Lopez;PARTSTAT=ACCEPTED:mailto:ana@example.org';
const ME_ORGANIZING = 'ORGANIZER;CN=Me:mailto:me@example.com';

function invite(reading: CalendarReading) {
  if (reading.kind !== 'invite') throw new Error(`unreadable: ${reading.why}`);
  return reading.invite;
}

async function plan(calendar: string, hints: LogHints = NO_HINTS): Promise<MeetingPlan> {
  const facts = await parseMail(
    Buffer.from(inviteMail({ from: 'me@example.com', to: 'ana@example.org', calendar })),
  );
  if (!facts.calendar) throw new Error('no calendar part found');
  return planMeeting({
    calendar: facts.calendar,
    facts,
    user,
    hints,
    inboundDomain: DOMAIN,
    now: NOW,
  });
}

function logged(p: MeetingPlan) {
  if (p.kind !== 'log' && p.kind !== 'schedule')
    throw new Error(`expected a meeting, got ${p.kind}`);
  return p;
}

describe('readCalendar: when the meeting starts', () => {
  it.each([
    ['UTC', ['DTSTART:20261124T150000Z'], '2026-11-24T15:00:00.000Z'],
    [
      'a TZID the calendar defines (Outlook, Windows zone name)',
      ['DTSTART;TZID=Pacific Standard Time:20260701T090000'],
      '2026-07-01T16:00:00.000Z',
    ],
    [
      'the same zone in winter',
      ['DTSTART;TZID=Pacific Standard Time:20261124T090000'],
      '2026-11-24T17:00:00.000Z',
    ],
  ])('reads %s as an instant', (_, lines, at) => {
    expect(
      invite(readCalendar(ics(lines, ['METHOD:REQUEST', ...PACIFIC_VTIMEZONE]))).start,
    ).toEqual({
      kind: 'instant',
      at,
    });
  });

  it('keeps a TZID without VTIMEZONE, a floating time and a date for the plan to place', () => {
    expect(invite(readCalendar(ics(['DTSTART;TZID=Europe/Paris:20261124T090000']))).start).toEqual({
      kind: 'local',
      dateTime: '2026-11-24T09:00:00',
      zone: 'Europe/Paris',
    });
    expect(invite(readCalendar(ics(['DTSTART:20261124T090000']))).start).toEqual({
      kind: 'local',
      dateTime: '2026-11-24T09:00:00',
      zone: null,
    });
    expect(invite(readCalendar(ics(['DTSTART;VALUE=DATE:20261124']))).start).toEqual({
      kind: 'date',
      date: '2026-11-24',
    });
  });

  it('takes the first occurrence of a recurring invite, after any EXDATE', () => {
    const weekly = invite(readCalendar(ics(['DTSTART:20261201T150000Z', 'RRULE:FREQ=WEEKLY'])));
    expect(weekly).toMatchObject({
      recurring: true,
      start: { kind: 'instant', at: '2026-12-01T15:00:00.000Z' },
    });
    const skipped = readCalendar(
      ics(['DTSTART:20261201T150000Z', 'RRULE:FREQ=WEEKLY', 'EXDATE:20261201T150000Z']),
    );
    expect(invite(skipped).start).toEqual({ kind: 'instant', at: '2026-12-08T15:00:00.000Z' });
  });

  it('reads attendees as people: rooms, resources and non-participants left out, declines marked', () => {
    const read = invite(
      readCalendar(
        ics([
          'DTSTART:20261124T150000Z',
          'ORGANIZER;CN=Bo:MAILTO:Bo@Example.net',
          ANA,
          'ATTENDEE;CN=Cy;PARTSTAT=DECLINED:mailto:cy@example.org',
          'ATTENDEE;CUTYPE=ROOM;CN=Room 4:mailto:room4@example.org',
          'ATTENDEE;ROLE=NON-PARTICIPANT:mailto:fyi@example.org',
          'ATTENDEE;EMAIL=dee@example.org:urn:uuid:123',
          'ATTENDEE:mailto:not-an-address',
        ]),
      ),
    );
    expect(read.organizer).toEqual({ address: 'bo@example.net', name: 'Bo', declined: false });
    expect(read.attendees).toEqual([
      { address: 'ana@example.org', name: 'Ana Lopez', declined: false },
      { address: 'cy@example.org', name: 'Cy', declined: true },
      { address: 'dee@example.org', name: null, declined: false },
    ]);
    expect(read.unreadableAttendees).toBe(1);
  });

  it.each([
    ['not iCalendar at all', 'hello, this is not a calendar'],
    ['a vCard', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD'],
    ['no event', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR'],
    ['no DTSTART', ics(['SUMMARY:Coffee'])],
    ['a broken DTSTART', ics(['DTSTART:2026112'])],
    [
      'every occurrence excluded',
      ics(['DTSTART:20261201T150000Z', 'RRULE:FREQ=DAILY;COUNT=1', 'EXDATE:20261201T150000Z']),
    ],
    ['too large', ics(['DTSTART:20261201T150000Z', `DESCRIPTION:${'x'.repeat(300_000)}`])],
  ])('never throws on %s: it is unreadable', (_, text) => {
    expect(readCalendar(text).kind).toBe('unreadable');
  });

  it('reads METHOD:CANCEL and STATUS:CANCELLED as cancelled', () => {
    const lines = ['DTSTART:20261201T150000Z', 'UID:evt-1'];
    expect(invite(readCalendar(ics(lines, ['METHOD:CANCEL']))).cancelled).toBe(true);
    expect(invite(readCalendar(ics([...lines, 'STATUS:CANCELLED']))).cancelled).toBe(true);
    expect(invite(readCalendar(ics(lines))).cancelled).toBe(false);
  });
});

describe('meetingStart', () => {
  it.each([
    [
      { kind: 'local', dateTime: '2026-11-24T09:00:00', zone: 'Europe/Paris' } as const,
      '2026-11-24T08:00:00.000Z',
    ],
    // A Windows name without its VTIMEZONE is not a zone Tend knows: the user's is used.
    [
      { kind: 'local', dateTime: '2026-11-24T09:00:00', zone: 'W. Europe Standard Time' } as const,
      '2026-11-24T14:00:00.000Z',
    ],
    [
      { kind: 'local', dateTime: '2026-11-24T09:00:00', zone: null } as const,
      '2026-11-24T14:00:00.000Z',
    ],
    // All day: the date starts at midnight in the user's zone (New York, UTC-5 in November).
    [{ kind: 'date', date: '2026-11-24' } as const, '2026-11-24T05:00:00.000Z'],
    [{ kind: 'date', date: '2026-07-04' } as const, '2026-07-04T04:00:00.000Z'],
  ])('places %j at %s', (start, at) => {
    expect(meetingStart(start, 'America/New_York')?.toISOString()).toBe(at);
  });

  it('is null for a date that is not one', () => {
    expect(
      meetingStart({ kind: 'local', dateTime: '2026-13-45T09:00:00', zone: null }, 'UTC'),
    ).toBeNull();
  });
});

describe('planMeeting', () => {
  it('logs a past meeting with each attendee but the user, at its start, as a meeting', async () => {
    const p = logged(
      await plan(
        ics([
          'DTSTART:20261124T150000Z',
          'SUMMARY:Coffee with Ana',
          'DESCRIPTION:Talk about the role',
          ME_ORGANIZING,
          ANA,
          'ATTENDEE;CN=Me:mailto:me@work.example',
        ]),
      ),
    );
    expect(p.kind).toBe('log');
    expect(p.contacts.map((c) => c.address)).toEqual(['ana@example.org']);
    expect(p.interaction).toMatchObject({
      at: '2026-11-24T15:00:00.000Z',
      direction: 'meeting',
      subject: 'Coffee with Ana',
      snippet: 'Talk about the role',
    });
  });

  it('counts the organizer as an attendee when it is not the user', async () => {
    const p = logged(
      await plan(
        ics([
          'DTSTART:20261124T150000Z',
          'ORGANIZER;CN=Bo:mailto:bo@example.net',
          'ATTENDEE:mailto:me@example.com',
        ]),
      ),
    );
    expect(p.contacts.map((c) => c.address)).toEqual(['bo@example.net']);
  });

  it('schedules a meeting that has not started yet', async () => {
    const p = logged(await plan(ics(['DTSTART:20261203T150000Z', ME_ORGANIZING, ANA])));
    expect(p.kind).toBe('schedule');
    expect(p.interaction.at).toBe('2026-12-03T15:00:00.000Z');
  });

  it('logs an all-day event at the start of its date in the user zone', async () => {
    const p = logged(await plan(ics(['DTSTART;VALUE=DATE:20261125', ME_ORGANIZING, ANA])));
    expect(p.interaction.at).toBe('2026-11-25T05:00:00.000Z');
  });

  it('leaves declined attendees out, and is not a meeting when the user declined', async () => {
    const p = logged(
      await plan(
        ics([
          'DTSTART:20261124T150000Z',
          ME_ORGANIZING,
          ANA,
          'ATTENDEE;PARTSTAT=DECLINED:mailto:cy@example.org',
        ]),
      ),
    );
    expect(p.contacts.map((c) => c.address)).toEqual(['ana@example.org']);
    expect(
      await plan(
        ics([
          'DTSTART:20261124T150000Z',
          'ORGANIZER:mailto:ana@example.org',
          'ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.com',
        ]),
      ),
    ).toEqual({ kind: 'not-a-meeting', why: 'the user declined it' });
  });

  it('is not a meeting when nobody else is invited or the calendar is unreadable', async () => {
    expect(await plan(ics(['DTSTART:20261124T150000Z', ME_ORGANIZING]))).toEqual({
      kind: 'not-a-meeting',
      why: 'nobody else is invited',
    });
    expect((await plan('BEGIN:VCALENDAR\r\nEND:VCALENDAR')).kind).toBe('not-a-meeting');
  });

  it('applies the ingest rules: the never-log list, role addresses, Tend’s own addresses, the cap', async () => {
    const never = planMeeting({
      calendar: readCalendar(ics(['DTSTART:20261124T150000Z', ME_ORGANIZING, ANA])),
      facts: await parseMail(
        Buffer.from(inviteMail({ from: 'me@example.com', to: 'x@example.org', calendar: '' })),
      ),
      user: { ...user, neverLog: ['ana@example.org'] },
      hints: NO_HINTS,
      inboundDomain: DOMAIN,
      now: NOW,
    });
    expect(never).toMatchObject({ kind: 'quarantine', reason: 'no-contacts' });

    const roles = logged(
      await plan(
        ics([
          'DTSTART:20261124T150000Z',
          ME_ORGANIZING,
          ANA,
          'ATTENDEE:mailto:support@example.org',
          `ATTENDEE:mailto:log@${DOMAIN}`,
        ]),
      ),
    );
    expect(roles.contacts.map((c) => [c.address, c.skipUnlessKnown])).toEqual([
      ['ana@example.org', false],
      ['support@example.org', true],
    ]);

    const crowd = Array.from({ length: 51 }, (_, i) => `ATTENDEE:mailto:p${i}@example.org`);
    expect(await plan(ics(['DTSTART:20261124T150000Z', ME_ORGANIZING, ...crowd]))).toMatchObject({
      kind: 'quarantine',
      reason: 'too-many-recipients',
    });
  });

  it('carries the log+ tags onto the meeting', async () => {
    const p = logged(
      await plan(ics(['DTSTART:20261124T150000Z', ME_ORGANIZING, ANA]), {
        ...NO_HINTS,
        tags: ['advisor'],
      }),
    );
    expect(p.interaction.tags).toEqual(['advisor']);
  });

  it('plans a cancellation by UID, of one occurrence when RECURRENCE-ID names it', async () => {
    expect(
      await plan(ics(['UID:evt-9', 'DTSTART:20261203T150000Z', ANA], ['METHOD:CANCEL'])),
    ).toEqual({
      kind: 'cancel',
      uid: 'evt-9',
      occurrenceAt: null,
    });
    expect(
      await plan(
        ics(
          ['UID:evt-9', 'RECURRENCE-ID:20261210T150000Z', 'DTSTART:20261210T150000Z', ANA],
          ['METHOD:CANCEL'],
        ),
      ),
    ).toEqual({ kind: 'cancel', uid: 'evt-9', occurrenceAt: '2026-12-10T15:00:00.000Z' });
  });
});

describe('committee of advisors: tag cadences', () => {
  const contact = (tags: string[]) => ({
    ...newContact('ana@example.org', NOW.toISOString(), 'email'),
    tags,
  });

  it.each([
    [['mentor'], {}, 30],
    [['advisor'], {}, 30],
    [['advisor', 'friend'], {}, 30],
    [['friend'], {}, 90],
    [['mentor'], { mentor: 14 }, 14],
    [['advisor'], { advisor: 60 }, 60],
    [['constructor'], {}, 90],
  ])('tags %j with the user’s %j: every %i days', (tags, tagCadences, days) => {
    expect(cadenceOf(contact(tags), { ...user, defaultCadenceDays: 90, tagCadences })).toBe(days);
  });

  it('lets the contact’s own cadence win over the default', () => {
    expect(cadenceOf({ ...contact(['mentor']), cadenceDays: 7 }, user)).toBe(7);
  });
});
