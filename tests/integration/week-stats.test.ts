import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { keys } from '../../shared/keys';
import { createHarness, mail, type Harness } from '../support/tend-harness';

/**
 * SPEC 3: the digest's stats line counts the 168 hours before the digest is sent, read from the
 * day stats items' hour buckets on the real DynamoDB Local.
 */

let h: Harness;

beforeAll(async () => {
  h = await createHarness('week-stats', '2026-11-20T00:00:00Z');
});

/** An email the user sent at `iso`, delivered then (so its Date header is its time). */
async function wrote(user: User, to: string, iso: string) {
  h.setNow(iso);
  const date = new Date(iso).toUTCString().replace('GMT', '+0000');
  expect(await h.deliver(mail({ from: user.email, to, date }))).toMatchObject({
    outcome: 'logged',
  });
}

const stats = (text = '') => text.split('\n').find((l) => l.startsWith('This week:'));

describe('the digest week in New York (Monday 08:00 = 13:00 UTC)', () => {
  // The previous digest went out on Monday 23 November at 08:05 New York, the next one a week
  // later: a Monday whose UTC day starts 13 hours before the previous send.
  const PREVIOUS = '2026-11-23T13:05:00Z';
  const NEXT = '2026-11-30T13:05:00Z';

  it('counts in the next digest an interaction logged 1 hour after the previous was sent', async () => {
    const user = await h.register('ny-after@week-stats.example');
    await wrote(user, 'old@after.example', '2026-08-03T15:00:00Z');
    await wrote(user, 'old@after.example', '2026-11-23T14:05:00Z');
    await wrote(user, 'new@after.example', NEXT);

    // Old@ was known since August: a reconnection. New@ was written to at the moment of sending.
    expect(await h.app.contacts.weekActivity(user.id, new Date(NEXT))).toEqual({
      logged: 2,
      reconnected: 1,
    });
    // It happened after the previous digest: not in that one's week.
    expect(await h.app.contacts.weekActivity(user.id, new Date(PREVIOUS))).toEqual({
      logged: 0,
      reconnected: 0,
    });
  });

  it('leaves out an interaction logged 169 hours before the digest (it was in the previous one)', async () => {
    const user = await h.register('ny-before@week-stats.example');
    await wrote(user, 'early@before.example', '2026-11-23T12:05:00Z');

    expect(await h.app.contacts.weekActivity(user.id, new Date(NEXT))).toEqual({
      logged: 0,
      reconnected: 0,
    });
    expect(await h.app.contacts.weekActivity(user.id, new Date(PREVIOUS))).toEqual({
      logged: 1,
      reconnected: 0,
    });
  });

  it('counts a contact reconnected with on two days of the week once', async () => {
    const user = await h.register('ny-twice@week-stats.example');
    await wrote(user, 'twice@twice.example', '2026-06-01T12:00:00Z');
    await wrote(user, 'twice@twice.example', '2026-11-24T12:00:00Z');
    await wrote(user, 'twice@twice.example', '2026-11-27T18:00:00Z');

    expect(await h.app.contacts.weekActivity(user.id, new Date(NEXT))).toEqual({
      logged: 2,
      reconnected: 1,
    });
  });
});

describe('the digest week in Tokyo (Monday 08:00 = Sunday 23:00 UTC)', () => {
  it('counts the 168 hours before the Monday 08:05 digest, whatever UTC day they fall on', async () => {
    h.setNow('2026-11-20T00:00:00Z');
    const user = await h.register('tokyo@week-stats.example', 'Asia/Tokyo');
    // Overdue since 2021 (the default cadence is 90 days), so every Monday has a digest.
    await wrote(user, 'due@tokyo.example', '2021-03-01T01:00:00Z');
    expect(await h.tick('2026-11-22T23:05:00Z')).toMatchObject({ sent: 1 });

    // Monday 23 Nov 06:30 Tokyo: before the previous digest, 168.5 h before the next.
    await wrote(user, 'early@tokyo.example', '2026-11-22T21:30:00Z');
    // Monday 23 Nov 08:30 Tokyo: after the previous digest, on a UTC day (the 22nd) that the
    // old UTC-day week left out.
    await wrote(user, 'monday@tokyo.example', '2026-11-22T23:30:00Z');
    // Sunday 29 Nov 23:30 Tokyo.
    await wrote(user, 'sunday@tokyo.example', '2026-11-29T14:30:00Z');
    expect(await h.tick('2026-11-29T23:05:00Z')).toMatchObject({ sent: 1 });

    const digests = (await h.ctx.sentTo(user.email)).filter((e) => e.subject.startsWith('Tend: '));
    expect(digests.map((d) => stats(d.body.text))).toEqual([
      'This week: 0 interactions logged, 0 people reconnected, 1 due.',
      'This week: 2 interactions logged, 0 people reconnected, 1 due.',
    ]);
  });
});

describe('day stats written before hour buckets', () => {
  /** The day item as Tend wrote it before hour buckets: day totals only. */
  async function legacyDay(user: User, day: string, logged: number, outbound: string[]) {
    const doc = DynamoDBDocumentClient.from(h.ctx.dynamodb);
    await doc.send(
      new UpdateCommand({
        TableName: h.ctx.table,
        Key: keys.dayStats(user.id, day),
        UpdateExpression: 'SET #type = :type ADD logged :n, outbound :out',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'dayStats', ':n': logged, ':out': new Set(outbound) },
      }),
    );
  }

  it('counts a day without hour buckets by its totals when it is one of the 7 UTC days to the send', async () => {
    const user = await h.register('legacy@week-stats.example');
    const now = new Date('2026-11-30T13:05:00Z');
    // The 8th day back (the 23rd) holds hours on both sides of the window: without hours it
    // stays out, as it did when weeks were UTC days.
    await legacyDay(user, '2026-11-23', 5, ['eighth@legacy.example']);
    await legacyDay(user, '2026-11-27', 3, ['friday@legacy.example']);
    // The day the change shipped: 2 logged before it (totals only), 1 after (with its hour).
    await legacyDay(user, '2026-11-28', 2, ['saturday@legacy.example']);
    await wrote(user, 'new@legacy.example', '2026-11-28T20:00:00Z');

    expect(await h.app.contacts.weekActivity(user.id, now)).toEqual({
      logged: 3 + 2 + 1,
      reconnected: 2,
    });
  });
});
