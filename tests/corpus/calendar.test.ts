import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planMeeting } from '../../shared/domain/calendar/plan-meeting';
import { parseMail } from '../../shared/mail/parse-mail';
import { testUser } from '../support/fixtures';

const OUTLOOK_INVITE = new URL(
  '../../../shared/corpus/eml/php-mime-mail-parser/m0020',
  import.meta.url,
);

describe('a real Outlook invite (corpus)', () => {
  it('is read as a meeting at its start in the zone its VTIMEZONE defines, organizer included', async () => {
    const facts = await parseMail(readFileSync(OUTLOOK_INVITE));
    expect(facts.calendar).toMatchObject({
      kind: 'invite',
      invite: {
        cancelled: false,
        start: { kind: 'instant', at: '2014-03-28T09:03:00.000Z' },
        organizer: { address: 'newsletter@finntack.com' },
        attendees: [{ address: 'clement.wong@finntack.com', declined: false }],
      },
    });
    // As the attendee forwarding it to Tend: the organizer is the one met.
    const plan = planMeeting({
      calendar: facts.calendar!,
      facts,
      user: testUser({ addresses: ['clement.wong@finntack.com'] }),
      hints: { cadenceDays: null, thanks: null, tags: [] },
      inboundDomain: 'in.tend.localhost',
      now: new Date('2026-11-26T10:00:00Z'),
    });
    expect(plan).toMatchObject({
      kind: 'log',
      interaction: { at: '2014-03-28T09:03:00.000Z', direction: 'meeting' },
      contacts: [{ address: 'newsletter@finntack.com', skipUnlessKnown: true }],
    });
  });
});
