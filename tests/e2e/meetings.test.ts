import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ics, inviteMail, PACIFIC_VTIMEZONE } from '../support/calendar-mail';
import { type LocalTend, startLocalTend } from './realistic-week/local-tend';

/**
 * SPEC 9, meetings and the committee of advisors, end to end: invites and emails sent over SMTP
 * to the local inbound stand-in, results read through the CLI (`contacts show|list --json`),
 * the dispatcher run with `tend tick --now`.
 */

const START = '2026-12-07T15:00:00Z';
const ME = 'meet-me@example.com';
const ME_TOO = 'meet-me@home.example';
const TIMEOUT_MS = 120_000;

interface ContactJson {
  email: string;
  tags: string[];
  lastInteractionAt: string | null;
  interactionCount: number;
  nextDueAt: string | null;
  interactions?: Array<{ at: string; direction: string; subject: string | null }>;
}

let tend: LocalTend;
let log: string;

async function send(raw: string, to = log) {
  const delivery = await tend.deliver(Buffer.from(raw), { from: ME, to: [to] });
  expect(delivery.accepted).toEqual([to]);
  return delivery.outcomes;
}

async function show(email: string): Promise<ContactJson | null> {
  const r = await tend.tend(['contacts', 'show', email, '--json']);
  if (r.code !== 0) return null;
  return JSON.parse(r.stdout) as ContactJson;
}

async function list(args: string[] = []): Promise<ContactJson[]> {
  const r = await tend.tend(['contacts', 'list', ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ContactJson[];
}

beforeAll(async () => {
  tend = await startLocalTend(START);
  log = `log@${tend.domain}`;
  const add = await tend.tend(['users', 'add', ME, '--tz', 'America/New_York', '--also', ME_TOO]);
  expect(add.code, add.stderr).toBe(0);
}, TIMEOUT_MS);

afterAll(async () => {
  await tend?.stop();
});

describe('meetings (SPEC 9)', () => {
  it(
    'logs a past meeting from an Outlook invite with each attendee but the user, at its start, once',
    async () => {
      const calendar = ics(
        [
          'UID:outlook-past-1',
          'DTSTART;TZID=Pacific Standard Time:20261203T090000',
          'SUMMARY:Portfolio review',
          `ORGANIZER;CN=Me:mailto:${ME}`,
          'ATTENDEE;CN=Lopez, Ana:mailto:ana@meet.example',
          `ATTENDEE;CN=Me at home:mailto:${ME_TOO}`,
          'ATTENDEE;CUTYPE=ROOM;CN=Room 4:mailto:room4@meet.example',
        ],
        ['METHOD:REQUEST', ...PACIFIC_VTIMEZONE],
      );
      const raw = inviteMail({ from: ME, to: 'ana@meet.example', calendar, as: 'attachment' });
      expect(await send(raw)).toEqual([{ outcome: 'logged', contacts: 1 }]);
      // The same invite again (a retry by the mail server, or forwarded once more).
      expect(await send(raw)).toEqual([{ outcome: 'duplicate' }]);

      const ana = await show('ana@meet.example');
      expect(ana).toMatchObject({
        lastInteractionAt: '2026-12-03T17:00:00.000Z',
        interactionCount: 1,
        interactions: [
          { at: '2026-12-03T17:00:00.000Z', direction: 'meeting', subject: 'Portfolio review' },
        ],
      });
      expect(await show('room4@meet.example')).toBeNull();
      expect(await show(ME_TOO)).toBeNull();
    },
    TIMEOUT_MS,
  );

  it(
    'logs a future meeting only when it starts, and not at all once it is cancelled',
    async () => {
      // Bo was written to in September, and is due: the invite must not make him look met
      // (or not due) before the meeting happens.
      tend.setNow('2026-12-07T15:05:00Z');
      await send(
        [
          `From: Me <${ME}>`,
          'To: Bo Chen <bo@meet.example>',
          'Subject: Lunch soon?',
          'Date: Mon, 7 Sep 2026 10:00:00 -0400',
          '',
          'We should catch up.',
          '',
        ].join('\r\n'),
      );
      const before = { lastInteractionAt: '2026-09-07T14:00:00.000Z', interactionCount: 1 };
      const isDue = async () => (await list(['--due'])).some((c) => c.email === 'bo@meet.example');
      expect(await show('bo@meet.example')).toMatchObject(before);
      expect(await isDue()).toBe(true);
      const friday = ics([
        'UID:gcal-bo-1',
        'DTSTART:20261211T170000Z',
        'SUMMARY:Lunch with Bo',
        `ORGANIZER:mailto:${ME}`,
        'ATTENDEE;CN=Bo Chen:mailto:bo@meet.example',
      ]);
      const cyCall = ics([
        'UID:gcal-cy-1',
        'DTSTART;TZID=Europe/Paris:20261210T100000',
        'SUMMARY:Call with Cy',
        `ORGANIZER:mailto:${ME}`,
        'ATTENDEE:mailto:cy@meet.example',
      ]);
      expect(await send(inviteMail({ from: ME, to: 'bo@meet.example', calendar: friday }))).toEqual(
        [{ outcome: 'meeting', result: 'scheduled', contacts: 1 }],
      );
      expect(await send(inviteMail({ from: ME, to: 'cy@meet.example', calendar: cyCall }))).toEqual(
        [{ outcome: 'meeting', result: 'scheduled', contacts: 1 }],
      );
      expect(await show('bo@meet.example')).toMatchObject(before);
      expect(await isDue()).toBe(true);

      // Cy's call is called off.
      const cancel = ics(
        [
          'UID:gcal-cy-1',
          'DTSTART;TZID=Europe/Paris:20261210T100000',
          'STATUS:CANCELLED',
          `ORGANIZER:mailto:${ME}`,
          'ATTENDEE:mailto:cy@meet.example',
        ],
        ['METHOD:CANCEL'],
      );
      expect(
        await send(
          inviteMail({
            from: ME,
            to: 'cy@meet.example',
            calendar: cancel,
            subject: 'Canceled: Call with Cy',
          }),
        ),
      ).toEqual([{ outcome: 'meeting', result: 'cancelled', contacts: 0 }]);

      // Lunch moves an hour later: the updated invite (same UID) moves the meeting.
      const moved = ics([
        'UID:gcal-bo-1',
        'SEQUENCE:1',
        'DTSTART:20261211T180000Z',
        'SUMMARY:Lunch with Bo',
        `ORGANIZER:mailto:${ME}`,
        'ATTENDEE;CN=Bo Chen:mailto:bo@meet.example',
      ]);
      expect(await send(inviteMail({ from: ME, to: 'bo@meet.example', calendar: moved }))).toEqual([
        { outcome: 'meeting', result: 'scheduled', contacts: 1 },
      ]);

      // Before lunch (and at the time it was first set for): a tick changes nothing.
      for (const at of ['2026-12-10T12:00:00Z', '2026-12-11T17:03:00Z']) {
        tend.setNow(at);
        expect((await tend.tend(['tick'])).code).toBe(0);
        expect(await show('bo@meet.example')).toMatchObject(before);
        expect(await isDue()).toBe(true);
        expect(await show('cy@meet.example')).toBeNull();
      }

      // After it started: the dispatcher logs it, once however often it runs.
      tend.setNow('2026-12-11T18:03:00Z');
      expect((await tend.tend(['tick'])).code).toBe(0);
      tend.setNow('2026-12-11T18:08:00Z');
      expect((await tend.tend(['tick'])).code).toBe(0);
      const bo = await show('bo@meet.example');
      expect(bo).toMatchObject({
        lastInteractionAt: '2026-12-11T18:00:00.000Z',
        interactionCount: 2,
        interactions: [
          { at: '2026-12-11T18:00:00.000Z', direction: 'meeting', subject: 'Lunch with Bo' },
          { at: '2026-09-07T14:00:00.000Z', direction: 'outbound', subject: 'Lunch soon?' },
        ],
      });
      expect(await isDue()).toBe(false);
      expect(await show('cy@meet.example')).toBeNull();

      // A cancellation that comes after the meeting changes nothing.
      const late = ics(
        ['UID:gcal-bo-1', 'DTSTART:20261211T180000Z', 'ATTENDEE:mailto:bo@meet.example'],
        ['METHOD:CANCEL'],
      );
      expect(await send(inviteMail({ from: ME, to: 'bo@meet.example', calendar: late }))).toEqual([
        { outcome: 'meeting', result: 'none', contacts: 0 },
      ]);
      expect((await show('bo@meet.example'))?.interactionCount).toBe(2);

      // The invite forwarded again in another email after the meeting: the same event, once.
      await send(inviteMail({ from: ME, to: `log@${tend.domain}`, calendar: moved }));
      expect((await show('bo@meet.example'))?.interactionCount).toBe(2);
    },
    TIMEOUT_MS,
  );

  it(
    'logs an unreadable calendar as the email it came in',
    async () => {
      const raw = inviteMail({
        from: ME,
        to: 'dee@meet.example',
        calendar:
          'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:no start\r\nEND:VEVENT\r\nEND:VCALENDAR',
        subject: 'Agenda',
      });
      expect(await send(raw)).toEqual([{ outcome: 'logged', contacts: 1 }]);
      expect((await show('dee@meet.example'))?.interactions?.[0]).toMatchObject({
        direction: 'outbound',
        subject: 'Agenda',
      });
    },
    TIMEOUT_MS,
  );
});

describe('committee of advisors (SPEC 9)', () => {
  it(
    'keeps contacts tagged advisor or mentor on a monthly cadence, others on the default',
    async () => {
      tend.setNow('2026-12-14T15:00:00Z');
      const email = (to: string) =>
        [
          `From: Me <${ME}>`,
          `To: ${to}`,
          'Subject: Catching up',
          'Date: Mon, 14 Dec 2026 10:00:00 -0500',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Good to talk today.',
          '',
        ].join('\r\n');
      await send(email('Eve <eve@meet.example>'), `log+advisor@${tend.domain}`);
      await send(email('Fay <fay@meet.example>'), `log+mentor@${tend.domain}`);
      await send(email('Gus <gus@meet.example>'));

      const byEmail = new Map((await list()).map((c) => [c.email, c]));
      expect(byEmail.get('eve@meet.example')?.nextDueAt).toBe('2027-01-13T15:00:00.000Z');
      expect(byEmail.get('fay@meet.example')?.nextDueAt).toBe('2027-01-13T15:00:00.000Z');
      expect(byEmail.get('gus@meet.example')?.nextDueAt).toBe('2027-03-14T15:00:00.000Z');

      tend.setNow('2027-01-14T12:00:00Z');
      const due = (await list(['--due'])).map((c) => c.email);
      expect(due).toEqual(expect.arrayContaining(['eve@meet.example', 'fay@meet.example']));
      expect(due).not.toContain('gus@meet.example');

      // The user's own cadence for the tag wins.
      const set = await tend.tend(['settings', 'set', 'tag-cadence.advisor', '60d']);
      expect(set.code, set.stderr).toBe(0);
      const eve = (await list()).find((c) => c.email === 'eve@meet.example');
      expect(eve?.nextDueAt).toBe('2027-02-12T15:00:00.000Z');
    },
    TIMEOUT_MS,
  );
});
