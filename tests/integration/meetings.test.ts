import { beforeAll, describe, expect, it } from 'vitest';
import { holdMeeting } from '../../shared/use-cases/hold-meeting';
import { ics, inviteMail } from '../support/calendar-mail';
import { createHarness, type Harness } from '../support/tend-harness';

/**
 * SPEC 9, meetings, against DynamoDB Local: what each step costs (docs/data-model.md, patterns
 * 37 to 39) and that holding a meeting is safe to run again.
 */

const ME = 'me@example.com';
let h: Harness;

function invite(lines: string[], calendar?: string[]) {
  return inviteMail({ from: ME, to: 'x@example.org', calendar: ics(lines, calendar) });
}

beforeAll(async () => {
  h = await createHarness('meetings', '2026-11-26T12:00:00Z');
  await h.register(ME, 'UTC');
  await h.deliver(
    invite(['DTSTART:20261101T100000Z', `ORGANIZER:mailto:${ME}`, 'ATTENDEE:mailto:w@example.org']),
  ); // the user is now cached
});

describe('meetings on the table', () => {
  it('keeps a future meeting in one transaction, reading no contact', async () => {
    const { result, counts } = await h.requests.measure(() =>
      h.deliver(
        invite([
          'UID:cost-1',
          'DTSTART:20261203T100000Z',
          `ORGANIZER:mailto:${ME}`,
          ...Array.from({ length: 10 }, (_, i) => `ATTENDEE:mailto:p${i}@example.org`),
        ]),
      ),
    );
    expect(result).toEqual({ outcome: 'meeting', result: 'scheduled', contacts: 10 });
    expect(counts.byKind).toEqual({ TransactWriteItems: 1 });
  });

  it('cancels it in one transaction, and a second cancellation finds nothing to cancel', async () => {
    const cancel = () =>
      h.deliver(invite(['UID:cost-1', 'DTSTART:20261203T100000Z'], ['METHOD:CANCEL']));
    const { result, counts } = await h.requests.measure(cancel);
    expect(result).toEqual({ outcome: 'meeting', result: 'cancelled', contacts: 0 });
    expect(counts.byKind).toEqual({ TransactWriteItems: 1 });
    expect(await cancel()).toEqual({ outcome: 'meeting', result: 'none', contacts: 0 });
    const report = await h.tick('2026-12-03T10:05:00Z');
    expect(report.held).toBe(0);
    const user = (await h.app.users.findByAddress(ME))!;
    expect(await h.app.contacts.get(user.id, 'p0@example.org')).toBeNull();
  });

  it('holds a meeting once, even when a crashed run held part of it before', async () => {
    h.setNow('2026-11-26T12:00:00Z');
    await h.deliver(
      invite([
        'UID:hold-1',
        'DTSTART:20261204T100000Z',
        `ORGANIZER:mailto:${ME}`,
        'ATTENDEE:mailto:ana@example.org',
        'ATTENDEE:mailto:bo@example.org',
      ]),
    );
    const user = (await h.app.users.findByAddress(ME))!;
    const due = (
      await Promise.all(
        Array.from({ length: h.app.dueWork.shards }, (_, s) =>
          h.app.dueWork.query('prompts', s, '2026-12-04T10:01:00Z', 100),
        ),
      )
    )
      .flatMap((page) => page.refs)
      .filter((r) => r.kind === 'meeting' && r.userId === user.id);
    expect(due).toHaveLength(1);
    // A run claims it and crashes after logging it with Ana only.
    const claimed = await h.app.dueWork.claim(
      due[0]!,
      '2026-12-04T10:01:00.000Z',
      '2026-12-04T10:11:00.000Z',
    );
    if (claimed?.kind !== 'meeting') throw new Error('expected to claim the meeting');
    await holdMeeting(
      { ...h.app, meetings: { ...h.app.meetings, finish: async () => undefined } },
      user.id,
      { ...claimed.meeting, contacts: claimed.meeting.contacts.slice(0, 1) },
      new Date('2026-12-04T10:01:00Z'),
    );
    // The claim has expired: the next run holds it whole.
    expect((await h.tick('2026-12-04T10:20:00Z')).held).toBe(1);
    expect((await h.tick('2026-12-04T10:25:00Z')).held).toBe(0);
    for (const email of ['ana@example.org', 'bo@example.org']) {
      const stored = await h.app.contacts.get(user.id, email);
      expect(stored?.contact).toMatchObject({
        lastInteractionAt: '2026-12-04T10:00:00.000Z',
        interactionCount: 1,
      });
      expect(await h.app.contacts.listInteractions(user.id, email)).toHaveLength(1);
    }
  });
});
