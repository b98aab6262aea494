import { describe, expect, it } from 'vitest';
import { createHarness, mail } from '../support/tend-harness';

/**
 * SPEC 3: the dispatcher finds due work through the due-time index, so its reads grow with
 * the work due, never with the number of users or contacts.
 */
async function readsForOneTick(
  users: number,
): Promise<{ reads: number; requests: number; sent: number }> {
  const h = await createHarness(`reads-${users}`, '2026-11-26T15:00:00Z');
  const registered = [];
  for (let i = 0; i < users; i++) registered.push(await h.register(`u${i}@reads.example`, 'UTC'));
  // Every user has contacts; five of them have a thank-you due.
  for (const [i, user] of registered.entries()) {
    if (i >= 20 && i % 50 !== 0) continue;
    await h.deliver(
      mail({
        from: user.email,
        to: `colleague${i}@example.org`,
        date: 'Thu, 26 Nov 2026 09:00:00 +0000',
      }),
    );
  }
  for (const user of registered.slice(0, 5)) {
    await h.deliver(
      mail({
        from: user.email,
        to: 'log@in.tend.localhost',
        subject: 'Fwd: intro',
        body: [
          '---------- Forwarded message ---------',
          'From: Helper <helper@example.org>',
          'Date: Thu, Nov 26, 2026 at 9:00 AM',
          'Subject: intro',
          `To: <${user.email}>`,
          '',
          'Meet Jo.',
        ].join('\n'),
      }),
    );
  }
  // Thursday: no digest is due yet (they go out on Mondays), only the five thank-yous.
  const { result: report, counts } = await h.requests.measure(() => h.tick('2026-11-27T09:30:00Z'));
  return { reads: counts.itemsRead, requests: counts.total, sent: report.sent };
}

describe('dispatcher reads', () => {
  it('are the same for 10 users and for 1,000 users with the same work due', async () => {
    const small = await readsForOneTick(10);
    const large = await readsForOneTick(1000);
    expect(small.sent).toBe(5);
    expect(large.sent).toBe(5);
    expect(small.reads).toBeGreaterThan(0);
    expect(large.requests).toBe(small.requests);
    expect(large.reads).toBe(small.reads);
  }, 180_000);
});
