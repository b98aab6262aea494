import { describe, expect, it } from 'vitest';
import { SendDeferredError } from '../../shared/ports/mailer';
import { QuotaGauge, SendPacer, shareOf } from '../../shared/use-cases/send-pacer';

describe('SendPacer', () => {
  it('spaces sends taken at once 1/rate apart, and saves up no burst when idle', async () => {
    let now = 0;
    const pacer = new SendPacer(4, new QuotaGauge(Infinity), () => now);
    await pacer.turn(); // the first slot is now
    expect(pacer.waitMs()).toBe(250);
    now = 10_000; // idle for a long time: the next slot is now, not a burst of 40
    await pacer.turn();
    expect(pacer.waitMs()).toBe(250);
  });

  it('counts the quota down, shared by every pacer of the gauge, then defers', async () => {
    const gauge = new QuotaGauge(2);
    const a = new SendPacer(1000, gauge);
    const b = new SendPacer(1000, gauge);
    await a.turn();
    await b.turn();
    expect(a.exhausted).toBe(true);
    await expect(b.turn()).rejects.toBeInstanceOf(SendDeferredError);
  });

  it('stops every pacer of the gauge when SES says the quota is used', async () => {
    const gauge = new QuotaGauge(Infinity);
    const a = new SendPacer(1000, gauge);
    const b = new SendPacer(1000, gauge);
    a.exhaust();
    expect(b.exhausted).toBe(true);
    await expect(b.turn()).rejects.toMatchObject({ reason: 'quota' });
  });

  it('moves the next slot back a second when SES throttles', () => {
    let now = 0;
    const pacer = new SendPacer(10, new QuotaGauge(Infinity), () => now);
    pacer.throttled();
    expect(pacer.waitMs()).toBe(1000);
    now = 400;
    expect(pacer.waitMs()).toBe(600);
  });
});

describe('shareOf', () => {
  it.each([
    // quota, shards, running in this process, expected
    [
      'a quarter of the rate per shard',
      [14, null, 0],
      4,
      1,
      { ratePerShard: 3.5, quota: Infinity },
    ],
    [
      'the quota left, for one shard of four, rounded up',
      [14, 200, 197],
      4,
      1,
      { ratePerShard: 3.5, quota: 1 },
    ],
    [
      'the whole quota left for every shard at once',
      [1, 200, 150],
      4,
      4,
      { ratePerShard: 0.25, quota: 50 },
    ],
    [
      'nothing when more was sent than the quota',
      [1, 200, 260],
      4,
      4,
      { ratePerShard: 0.25, quota: 0 },
    ],
  ] as const)(
    '%s',
    (_label, [maxSendRate, max24HourSend, sentLast24Hours], shards, running, expected) => {
      expect(shareOf({ maxSendRate, max24HourSend, sentLast24Hours }, shards, running)).toEqual(
        expected,
      );
    },
  );
});
