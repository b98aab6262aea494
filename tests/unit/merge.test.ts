import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../shared/domain/commands';
import { newContact } from '../../shared/domain/contact';
import { byContact, combineContacts, likelyDuplicates } from '../../shared/domain/merge';

const ctx = { now: new Date('2026-11-26T10:00:00Z'), timezone: 'UTC' };

describe('merge (SPEC 9)', () => {
  it('combines two contacts, keeping the primary cadence and the earliest first-seen', () => {
    const a = {
      ...newContact('a@x.example', '2026-05-01T00:00:00Z', 'email'),
      cadenceDays: 30,
      tags: ['work'],
      interactionCount: 2,
      lastInteractionAt: '2026-06-01T00:00:00Z',
    };
    const b = {
      ...newContact('b@y.example', '2026-01-01T00:00:00Z', 'email'),
      cadenceDays: 90,
      tags: ['friend', 'work'],
      interactionCount: 3,
      lastInteractionAt: '2026-07-01T00:00:00Z',
      lastSubject: 'later',
      aliases: ['c@z.example'],
    };
    const m = combineContacts(a, b);
    expect(m).toMatchObject({
      email: 'a@x.example',
      cadenceDays: 30,
      tags: ['work', 'friend'],
      interactionCount: 5,
      firstSeenAt: '2026-01-01T00:00:00Z',
      lastInteractionAt: '2026-07-01T00:00:00Z',
      lastSubject: 'later',
      aliases: ['b@y.example', 'c@z.example'],
    });
  });

  it('suggests same-name contacts at different addresses, never names that are addresses', () => {
    const c = (email: string, name: string | null) => ({ email, name });
    expect(
      likelyDuplicates([
        c('a@x.example', 'José Pérez'),
        c('b@y.example', ' jose  perez '),
        c('d@z.example', 'Other'),
        c('e@z.example', 'e@z.example'),
        c('f@z.example', 'e@z.example'),
      ]),
    ).toEqual([{ name: 'José Pérez', emails: ['a@x.example', 'b@y.example'] }]);
  });

  it('maps aliases to their contact and logs a person once', () => {
    const planned = [
      { address: 'b@y.example', thanksEligible: true, skipUnlessKnown: false },
      { address: 'a@x.example', thanksEligible: false, skipUnlessKnown: false },
    ];
    expect(byContact(planned, (x) => (x === 'b@y.example' ? 'a@x.example' : x))).toEqual([
      { address: 'a@x.example', thanksEligible: true, skipUnlessKnown: false },
    ]);
  });

  it('parses the merge reply command', () => {
    expect(parseCommandLine('merge <Ana@Home.example>', ctx)).toMatchObject({
      command: { kind: 'merge', other: 'ana@home.example' },
    });
    expect(parseCommandLine('2 merge ana@home.example', ctx)).toMatchObject({
      item: 2,
      command: { kind: 'merge' },
    });
    expect(parseCommandLine('merge ana', ctx)).toMatchObject({
      error: expect.stringContaining('merge needs the other address'),
    });
  });
});
