import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { sesMailer } from '../../shared/adapters/ses/ses-mailer';
import { createApp, type App } from '../../shared/app';
import { parseConfig } from '../../shared/config';
import type { User } from '../../shared/domain/types';
import { shardOf } from '../../shared/keys';
import { DUE_LANES } from '../../shared/ports/due-work';
import { type Mailer, SendDeferredError } from '../../shared/ports/mailer';
import type { SendQuota } from '../../shared/ports/sending-limits';
import { dispatch, type Deadline, STOP_CLAIMING_MS } from '../../shared/use-cases/dispatch-run';
import { createHarness, forwardedMail, mail, type Harness } from '../support/tend-harness';

/**
 * SPEC 3, scale: the dispatcher under the limits of a real account, on the real local engines.
 * Each scenario runs the dispatcher on an app of its own whose SDK client, mailer and sending
 * limits the test steers (faults through SDK middleware, SES refusals through the mailer: local
 * SES has no quota or rate of its own).
 */

const MONDAY = '2026-11-30T08:00:00Z';
const START = '2026-11-26T15:00:00Z';

interface Steered {
  app: App;
  /** Every address sent to, in order. */
  sent: string[];
  /** The subject of each of those sends. */
  subjects: string[];
  /** Throws this for the next sends to `to` (or to anyone), then sends again. */
  refuse(error: () => Error, times: number, to?: string): void;
  limits: SendQuota;
  /** DynamoDB refuses every read that names this user (AccessDeniedException), as it refused
   * the dispatcher's BatchGetItem before its role was granted it. */
  denyUser: string | null;
}

const READS = new Set(['GetItemCommand', 'BatchGetItemCommand']);

function steeredApp(h: Harness): Steered {
  const dynamodb = new DynamoDBClient({});
  const steered: Steered = {
    app: undefined as unknown as App,
    sent: [],
    subjects: [],
    refuse: () => undefined,
    limits: { maxSendRate: 1000, max24HourSend: null, sentLast24Hours: 0 },
    denyUser: null,
  };
  dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      const denied = steered.denyUser;
      if (
        denied &&
        READS.has(context.commandName ?? '') &&
        JSON.stringify(args.input).includes(`USER#${denied}`)
      ) {
        const error = new Error(`not authorized to perform this action on USER#${denied}`);
        error.name = 'AccessDeniedException';
        throw error;
      }
      return next(args);
    },
    { step: 'initialize', name: 'denyOneUser' },
  );
  const real = sesMailer(undefined);
  const refusals: Array<{ error: () => Error; left: number; to?: string }> = [];
  const mailer: Mailer = {
    sendRaw: async (message) => {
      const refusal = refusals.find((r) => r.left > 0 && (!r.to || r.to === message.to));
      if (refusal) {
        refusal.left--;
        throw refusal.error();
      }
      const out = await real.sendRaw(message);
      steered.sent.push(message.to);
      steered.subjects.push(/^Subject: (.*)$/m.exec(message.raw.toString('utf8'))?.[1] ?? '');
      return out;
    },
  };
  steered.refuse = (error, times, to) =>
    refusals.push({ error, left: times, ...(to ? { to } : {}) });
  steered.app = createApp(parseConfig(h.ctx.env), {
    dynamodb,
    mailer,
    clock: { now: () => h.now() },
    sendingLimits: { read: async () => steered.limits },
  });
  return steered;
}

/** A user whose one contact is long overdue: a digest is due at MONDAY. */
async function userWithDigest(h: Harness, email: string): Promise<User> {
  h.setNow(START);
  const user = await h.register(email, 'UTC');
  await h.deliver(
    mail({
      from: email,
      to: `old-friend@${email.split('@')[1]}`,
      date: 'Sat, 1 Aug 2026 09:00:00 +0000',
    }),
  );
  return user;
}

/** A user with a thank-you due a day after the help: Friday 27 Nov 09:00 UTC. */
async function userWithThanks(h: Harness, email: string): Promise<User> {
  h.setNow(START);
  const user = await h.register(email, 'UTC');
  await h.deliver(
    forwardedMail('Helper <helper@example.org>', email, 'Thu, Nov 26, 2026 at 9:00 AM'),
  );
  return user;
}

async function dueCount(app: App, at: string): Promise<number> {
  let n = 0;
  for (let shard = 0; shard < app.dueWork.shards; shard++)
    for (const lane of DUE_LANES) n += (await app.dueWork.query(lane, shard, at, 1000)).refs.length;
  return n;
}

const throttled = () => {
  const error = new Error('Maximum sending rate exceeded.');
  error.name = 'ThrottlingException';
  return new SendDeferredError('throttled', { cause: error });
};

describe('the dispatcher under a real account', () => {
  let h: Harness;
  let s: Steered;

  beforeEach(async () => {
    h = await createHarness('dispatch-scale', START);
    s = steeredApp(h);
  });

  it("records one item's error on that item and sends everyone else, then retries it", async () => {
    const users = [];
    for (let i = 0; i < 6; i++) users.push(await userWithDigest(h, `u${i}@iso.example`));
    const broken = users[2]!;
    s.denyUser = broken.id;
    h.setNow(MONDAY);

    const report = await dispatch(s.app, new Date(MONDAY));

    expect(report).toMatchObject({ sent: 5, errors: 1 });
    expect(s.sent.sort()).toEqual(
      users
        .filter((u) => u !== broken)
        .map((u) => u.email)
        .sort(),
    );
    s.denyUser = null;
    // Its own schedule says so: the same slot, tried once, due again in a minute.
    expect(await h.app.digests.getSchedule(broken.id)).toMatchObject({
      attempts: 1,
      slotDueAt: '2026-11-30T08:00:00.000Z',
      dueAt: '2026-11-30T08:01:00.000Z',
    });
    // Backed off a minute, then sent once; nobody else gets a second digest.
    expect(await dispatch(s.app, new Date('2026-11-30T08:00:30Z'))).toMatchObject({ sent: 0 });
    expect(await dispatch(s.app, new Date('2026-11-30T08:02:00Z'))).toMatchObject({ sent: 1 });
    expect(s.sent.filter((to) => to === broken.email)).toHaveLength(1);
    expect(s.sent).toHaveLength(6);
  });

  it('defers a send SES throttles without spending a try, more times than a send may fail', async () => {
    const user = await userWithThanks(h, 'throttled@defer.example');
    s.refuse(throttled, 7, user.email);
    let at = Date.parse('2026-11-27T09:01:00Z');
    for (let i = 0; i < 7; i++, at += 2 * 60_000)
      expect(await dispatch(s.app, new Date(at))).toMatchObject({
        sent: 0,
        deferred: 1,
        failed: 0,
      });
    const [prompt] = await h.app.prompts.listFor(user.id, 'helper@example.org');
    expect(prompt).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await dispatch(s.app, new Date(at))).toMatchObject({ sent: 1 });
    expect(s.sent).toEqual([user.email]);
  });

  it("claims nothing once the day's quota is used, and sends it all when the quota is back", async () => {
    for (let i = 0; i < 3; i++) await userWithThanks(h, `q${i}@quota.example`);
    s.limits = { maxSendRate: 14, max24HourSend: 200, sentLast24Hours: 200 };
    const at = '2026-11-27T09:01:00Z';

    expect(await dispatch(s.app, new Date(at))).toMatchObject({ sent: 0, quotaUsed: true });
    expect(await dueCount(h.app, at)).toBe(3);

    s.limits = { maxSendRate: 14, max24HourSend: 200, sentLast24Hours: 0 };
    expect(await dispatch(s.app, new Date('2026-11-27T09:06:00Z'))).toMatchObject({ sent: 3 });
    expect(s.sent).toHaveLength(3);
  });

  it('stops claiming when SES says the daily quota is used mid-run: the rest stays due, untried', async () => {
    const users = [];
    for (let i = 0; i < 16; i++) users.push(await userWithThanks(h, `m${i}@quota.example`));
    // Slow enough that sends wait for their slot when SES says the quota is used.
    s.limits = { maxSendRate: 8, max24HourSend: null, sentLast24Hours: 0 };
    const quotaError = () =>
      new SendDeferredError('quota', { cause: new Error('Daily message quota exceeded.') });
    s.refuse(quotaError, 1);
    const at = '2026-11-27T09:01:00Z';

    const report = await dispatch(s.app, new Date(at));

    expect(report).toMatchObject({ failed: 0, quotaUsed: true });
    // What waited for its slot is deferred, not sent; the rest was never claimed.
    expect(report.deferred).toBeGreaterThanOrEqual(1);
    expect(report.sent).toBeLessThan(users.length / 2);
    expect(await dueCount(h.app, '2026-11-27T09:10:00Z')).toBe(users.length - report.sent);
    const prompts = await Promise.all(
      users.map(async (u) => (await h.app.prompts.listFor(u.id, 'helper@example.org'))[0]!),
    );
    expect(prompts.filter((p) => p.status === 'failed' || p.attempts > 0)).toEqual([]);
    s.limits = { maxSendRate: 1000, max24HourSend: null, sentLast24Hours: 0 };
    expect(await dispatch(s.app, new Date('2026-11-27T09:06:00Z'))).toMatchObject({
      sent: users.length - report.sent,
    });
    expect(new Set(s.sent).size).toBe(users.length);
    expect(s.sent).toHaveLength(users.length);
  });

  it('sends a thank-you before the digests due earlier: prompts have their own lane, read first', async () => {
    const thanked = await userWithThanks(h, 'thanks@lanes.example');
    // Digests in the thanked user's shard (each shard is its own run).
    const shard = shardOf(thanked.id);
    const digestUsers: User[] = [];
    for (let i = 0; digestUsers.length < 6; i++) {
      const u = await userWithDigest(h, `d${i}@lanes.example`);
      if (shardOf(u.id) === shard) digestUsers.push(u);
    }
    const inShard = new Set([thanked.email, ...digestUsers.map((u) => u.email)]);
    // Its help was on Sunday: the thank-you is due Monday 08:01, after every digest.
    h.setNow('2026-11-29T08:01:00Z');
    await h.deliver(
      forwardedMail(
        'Late Helper <late@example.org>',
        thanked.email,
        'Sun, Nov 29, 2026 at 8:01 AM',
      ),
    );
    await dispatch(s.app, new Date('2026-11-27T09:01:00Z')); // Friday's thank-you, out of the way
    s.sent.length = 0;
    s.subjects.length = 0;

    await dispatch(s.app, new Date('2026-11-30T08:02:00Z'), { shards: [shard] });

    // The thank-you, then the six digests and the thanked user's own (its pending thank-you).
    expect(s.sent.filter((to) => inShard.has(to))).toHaveLength(8);
    expect(s.sent).toHaveLength(8);
    expect(s.subjects[0]).toContain('Late Helper');
    expect(s.subjects.slice(1).filter((subject) => subject.includes('Late Helper'))).toEqual([]);
  });

  it('stops claiming before its deadline; what it claimed is finished, the rest is sent by the next run', async () => {
    const users = [];
    for (let i = 0; i < 12; i++) users.push(await userWithThanks(h, `t${i}@deadline.example`));
    // A shard keeps one item in flight at this rate; the deadline comes after the third send.
    s.limits = { maxSendRate: 8, max24HourSend: null, sentLast24Hours: 0 };
    const deadline: Deadline = {
      remainingMs: () => (s.sent.length >= 3 ? STOP_CLAIMING_MS - 1 : 60_000),
    };
    const at = '2026-11-27T09:01:00Z';

    const first = await dispatch(s.app, new Date(at), { deadline });

    expect(first.sent).toBeGreaterThanOrEqual(3);
    expect(first.sent).toBeLessThan(users.length);
    // Nothing is left claimed: every item is either sent or due and free for the next run.
    expect(await dueCount(h.app, at)).toBe(users.length - first.sent);
    const second = await dispatch(s.app, new Date('2026-11-27T09:02:00Z'));
    expect(first.sent + second.sent).toBe(users.length);
    expect(new Set(s.sent).size).toBe(users.length);
    expect(s.sent).toHaveLength(users.length);
  });

  it("never sends faster than the account's rate", async () => {
    const users = [];
    for (let i = 0; i < 16; i++) users.push(await userWithThanks(h, `r${i}@rate.example`));
    const rate = 8;
    s.limits = { maxSendRate: rate, max24HourSend: null, sentLast24Hours: 0 };
    const times: number[] = [];
    const real = s.app.mailer.sendRaw.bind(s.app.mailer);
    s.app.mailer.sendRaw = async (m) => {
      times.push(performance.now());
      return real(m);
    };

    expect(await dispatch(s.app, new Date('2026-11-27T09:01:00Z'))).toMatchObject({ sent: 16 });

    // Each shard's run keeps its quarter of the rate: in any second, at most `rate` sends (one
    // more per shard at a window's edge, where a slot falls just inside it).
    const most = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
    expect(most).toBeLessThanOrEqual(rate + s.app.dueWork.shards);
    const perShard = new Map<number, number>();
    for (const u of users) perShard.set(shardOf(u.id), (perShard.get(shardOf(u.id)) ?? 0) + 1);
    const busiest = Math.max(...perShard.values());
    // The busiest shard's sends are spaced 1/(rate/4) s apart.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(
      ((busiest - 1) * 1000 * s.app.dueWork.shards) / rate - 50,
    );
  });
});

describe('the dispatch handler', () => {
  it('drains only the shard its schedule target names', async () => {
    const h = await createHarness('dispatch-handler', START);
    const users = [];
    for (let i = 0; i < 8; i++) users.push(await userWithThanks(h, `h${i}@handler.example`));
    const shard = shardOf(users[0]!.id);
    h.ctx.applyEnv();
    process.env.TEND_NOW = '2026-11-27T09:01:00Z';
    try {
      const { handler } = await import('../../functions/dispatch/handler');
      const report = await handler({ shard }, { getRemainingTimeInMillis: () => 300_000 });
      const inShard = users.filter((u) => shardOf(u.id) === shard);
      expect(report.sent).toBe(inShard.length);
      for (const u of users)
        expect(await h.ctx.sentTo(u.email)).toHaveLength(shardOf(u.id) === shard ? 1 : 0);
    } finally {
      delete process.env.TEND_NOW;
    }
  });
});
