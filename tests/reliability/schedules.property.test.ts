import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUserCommand, parseCommands } from '../../shared/domain/commands';
import { nextWeeklySlot } from '../../shared/domain/time';
import { WEEKDAYS, type DigestSchedule, type User } from '../../shared/domain/types';
import { DUE_LANES } from '../../shared/ports/due-work';
import { applySetting } from '../../shared/use-cases/settings';
import { applyUserCommand } from '../../shared/use-cases/user-commands';
import { createHarness, forwardedMail, mail } from '../support/tend-harness';
import { fcParameters, timeoutFor } from './support';

/**
 * SPEC 3, digest slots, and the thank-you rule over time: two simulated years of a user's life
 * with random outages of the dispatcher, pauses, digest settings, timezone changes and
 * forwarded intros, on the real engines. The dispatcher runs the way its 5-minute schedule
 * would (a minute or so after each due time), except during outages. At most one digest per
 * 6 days, none outside its slot's hour unless the dispatcher was down at the slot (and then at
 * most a day late), every thank-you sent exactly once.
 */

const RUNS = 2;
/** One case is two years of a user's life: about as much work as 25 emails or replies. */
const WEIGHT = 25;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SIMULATED_DAYS = 2 * 365;
const DOMAIN = 'in.tend.localhost';
/** Zones with DST both ways, half-hour and 45-minute offsets, and the date line's two sides. */
const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/St_Johns',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
];

type Event =
  | { kind: 'outage'; hours: number }
  | { kind: 'mail-outage'; hours: number }
  | { kind: 'command'; text: string }
  | { kind: 'timezone'; zone: string }
  | { kind: 'forward' }
  | { kind: 'double-tick' };

const event: fc.Arbitrary<Event> = fc.oneof(
  fc
    .oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 20, max: 60 * 24 }))
    .map((hours) => ({ kind: 'outage' as const, hours })),
  fc.integer({ min: 1, max: 48 }).map((hours) => ({ kind: 'mail-outage' as const, hours })),
  fc
    .tuple(fc.integer({ min: 1, max: 8 }), fc.constantFrom('d', 'w'))
    .map(([n, unit]) => ({ kind: 'command' as const, text: `pause ${n}${unit}` })),
  fc.constant({ kind: 'command' as const, text: 'resume' }),
  fc.constantFrom('digest off', 'digest on').map((text) => ({ kind: 'command' as const, text })),
  fc
    .tuple(fc.constantFrom(...WEEKDAYS), fc.integer({ min: 0, max: 23 }))
    .map(([day, hour]) => ({ kind: 'command' as const, text: `digest ${day} ${hour}:00` })),
  fc.constantFrom(...ZONES).map((zone) => ({ kind: 'timezone' as const, zone })),
  fc.constant({ kind: 'forward' as const }),
  fc.constant({ kind: 'double-tick' as const }),
);

const life = fc.record({
  /** Minutes after 2026-12-01T00:00Z: any weekday and time of day. */
  startOffset: fc.integer({ min: 0, max: 7 * 24 * 60 }),
  zone: fc.constantFrom(...ZONES),
  events: fc.array(fc.tuple(fc.integer({ min: 0, max: SIMULATED_DAYS * 24 * 60 }), event), {
    minLength: 10,
    maxLength: 40,
  }),
  /** How long after a due time the 5-minute dispatcher happens to run. */
  lag: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 7, maxLength: 7 }),
});

interface Sent {
  at: number;
  to: string;
  kind: string;
  ref: string;
}

/** What the user's settings were from `from` on. */
interface Settings {
  from: number;
  zone: string;
  digest: DigestSchedule | null;
  pausedUntil: number;
}

let runNumber = 0;

type Life = {
  startOffset: number;
  zone: string;
  events: Array<[number, Event]>;
  lag: number[];
};

async function simulate(l: Life) {
  const start = Date.parse('2026-12-01T00:00:00Z') + l.startOffset * MINUTE;
  const end = start + SIMULATED_DAYS * DAY;
  const h = await createHarness(`schedules-${++runNumber}`, new Date(start).toISOString());
  const me = `life-${runNumber}@schedules.example`;
  let user = await h.register(me, l.zone);
  for (const old of ['old1', 'old2'])
    await h.deliver(
      mail({
        from: me,
        to: `${old}@cold.example`,
        date: new Date(start - 200 * DAY).toUTCString().replace('GMT', '+0000'),
      }),
      { recipients: [`log+nothanks@${DOMAIN}`] },
    );

  // Every email Tend sends, with the simulated time and what its token says it is about.
  // SES refusing to send is a fault the local engine cannot make on cue: injected here.
  const sent: Sent[] = [];
  const mailOutages: Array<[number, number]> = [];
  const sendRaw = h.app.mailer.sendRaw.bind(h.app.mailer);
  h.app.mailer.sendRaw = async (args) => {
    const now = h.now().getTime();
    if (mailOutages.some(([a, b]) => a <= now && now < b))
      throw Object.assign(new Error('injected: SES unavailable'), { name: 'ServiceUnavailable' });
    const token = /^Reply-To:\s*reply\+([0-9a-z]+)@/im.exec(args.raw.toString('utf8'))?.[1] ?? '';
    sent.push({
      at: h.now().getTime(),
      to: args.to,
      kind: token.slice(0, 1),
      ref: token.slice(1, 27),
    });
    return sendRaw(args);
  };

  const settings: Settings[] = [];
  const remember = (u: User, at: number) =>
    settings.push({
      from: at,
      zone: u.timezone,
      digest: u.digest,
      pausedUntil: u.pausedUntil ? Date.parse(u.pausedUntil) : 0,
    });
  remember(user, start);
  const outages: Array<[number, number]> = [];
  let forwards = 0;

  const at = (t: number) => h.setNow(new Date(t).toISOString());
  const tick = async (t: number) => {
    at(t);
    await h.tick();
  };
  /** The earliest due time in the due index, as the dispatcher's next run would find it. */
  const nextDue = async (): Promise<number> => {
    const firsts = await Promise.all(
      Array.from({ length: h.app.dueWork.shards }, (_, s) =>
        DUE_LANES.map((lane) => h.app.dueWork.query(lane, s, '9999', 1)),
      ).flat(),
    );
    return Math.min(...firsts.flatMap((page) => page.refs.map((r) => Date.parse(r.dueAt))));
  };

  // At the end the user comes back from any pause and the dispatcher from any outage; two
  // more days of runs then send everything still owed.
  const events: Array<[number, Event | 'the end']> = [
    ...[...l.events].sort((a, b) => a[0] - b[0]),
    [SIMULATED_DAYS * 24 * 60, 'the end'],
  ];
  const stop = end + 2 * DAY;
  let t = start;
  let lastTick = -Infinity;
  let downUntil = -Infinity;
  let ticks = 0;
  let next = 0;
  for (;;) {
    const eventAt = next < events.length ? start + events[next]![0] * MINUTE : stop;
    const due = await nextDue();
    let tickAt = Number.isFinite(due) ? due + l.lag[ticks % l.lag.length]! * MINUTE : Infinity;
    tickAt = Math.max(tickAt, lastTick + 5 * MINUTE, downUntil);
    if (tickAt <= eventAt && tickAt <= stop) {
      t = tickAt;
      await tick(t);
      lastTick = t;
      ticks++;
      expect(ticks, 'the simulation runs away').toBeLessThan(3_000);
      continue;
    }
    if (next >= events.length) break;
    const [, e] = events[next++]!;
    t = eventAt;
    at(t);
    if (e === 'the end') {
      downUntil = Math.min(downUntil, t);
      for (const o of mailOutages) o[1] = Math.min(o[1], t);
      user = (await applyUserCommand(h.app, user, { kind: 'resume' }, new Date(t))).user;
      remember(user, t);
      continue;
    }
    switch (e.kind) {
      case 'outage':
        downUntil = Math.max(downUntil, t + e.hours * HOUR);
        outages.push([t, t + e.hours * HOUR]);
        break;
      case 'mail-outage':
        mailOutages.push([t, t + e.hours * HOUR]);
        break;
      case 'command': {
        const [parsed] = parseCommands(e.text, { now: new Date(t), timezone: user.timezone });
        if (!parsed || 'error' in parsed || !isUserCommand(parsed.command))
          throw new Error(`'${e.text}': ${JSON.stringify(parsed)}`);
        user = (await applyUserCommand(h.app, user, parsed.command, new Date(t))).user;
        break;
      }
      case 'timezone':
        user = (await applySetting(h.app, user, { key: 'timezone', timezone: e.zone }, new Date(t)))
          .user;
        break;
      case 'forward':
        forwards++;
        await h.deliver(
          forwardedMail(
            `Helper ${forwards} <helper${forwards}@intro.example>`,
            me,
            new Date(t).toUTCString().replace('GMT', '+0000'),
          ),
        );
        break;
      case 'double-tick':
        if (t >= downUntil) await Promise.all([h.tick(), h.tick()]);
        break;
    }
    remember(user, t);
  }
  return { h, me, user, sent, mailOutages, settings, outages, forwards, start, end };
}

function settingsAt(settings: Settings[], t: number): Settings {
  let found = settings[0]!;
  for (const s of settings) if (s.from <= t) found = s;
  return found;
}

function isSlot(t: number, s: Settings): boolean {
  if (!s.digest) return false;
  return nextWeeklySlot(new Date(t - 1), s.digest.day, s.digest.hour, s.zone).getTime() === t;
}

describe('two simulated years of ticks, pauses, digest settings and timezone changes (SPEC 3)', () => {
  it(
    'sends at most one digest per 6 days, each in its slot hour or at most a day late after an outage, and every thank-you once',
    async () => {
      let digests = 0;
      let thanks = 0;
      await fc.assert(
        fc.asyncProperty(life, async (l) => {
          const { h, me, user, sent, mailOutages, settings, outages, forwards, start, end } =
            await simulate(l);
          const covered = (list: Array<[number, number]>, t: number) =>
            list.some(([a, b]) => a <= t && t < b);
          for (const s of sent) expect(s.to, 'Tend emails only its user').toBe(me);

          // Digests: at least 6 days apart.
          const sentDigests = sent.filter((s) => s.kind === 'd').sort((a, b) => a.at - b.at);
          for (let i = 1; i < sentDigests.length; i++)
            expect(
              sentDigests[i]!.at - sentDigests[i - 1]!.at,
              `digests at ${new Date(sentDigests[i - 1]!.at).toISOString()} and ${new Date(sentDigests[i]!.at).toISOString()}`,
            ).toBeGreaterThanOrEqual(6 * DAY);

          // Each in its slot: a slot of the settings in force, sent within 5 minutes of it, or
          // at most a day late when the dispatcher was down at that moment.
          for (const d of sentDigests) {
            const digest = await h.app.digests.get(user.id, d.ref.toUpperCase());
            const slot = Date.parse(digest!.scheduledFor);
            const s = settingsAt(settings, d.at);
            const what = `digest sent ${new Date(d.at).toISOString()} for ${digest!.scheduledFor} (${JSON.stringify(s)})`;
            expect(isSlot(slot, s), what).toBe(true);
            expect(s.pausedUntil <= d.at, what).toBe(true);
            const late = d.at - slot;
            expect(late, what).toBeGreaterThanOrEqual(0);
            const down = covered(outages, slot) || covered(mailOutages, slot);
            expect(late, what).toBeLessThanOrEqual(down ? DAY : 5 * MINUTE);
          }

          // No long quiet stretch without a digest: between changes, with the digest on and
          // the dispatcher up, one at least every 15 days.
          const changes = [
            ...settings.map((s) => s.from),
            ...settings.map((s) => s.pausedUntil),
            ...outages.flat(),
            ...mailOutages.flat(),
            end,
          ]
            .filter((x) => x >= start && x <= end)
            .sort((a, b) => a - b);
          for (let i = 1; i < changes.length; i++) {
            const [a, b] = [changes[i - 1]!, changes[i]!];
            const s = settingsAt(settings, a);
            const quiet =
              s.digest !== null &&
              s.pausedUntil <= a &&
              ![...outages, ...mailOutages].some(([x, y]) => x < b && a < y);
            if (quiet && b - a >= 15 * DAY)
              expect(
                sentDigests.some((d) => d.at >= a && d.at <= b),
                `no digest from ${new Date(a).toISOString()} to ${new Date(b).toISOString()}`,
              ).toBe(true);
          }

          // Thank-yous: one per forwarded intro, each sent exactly once, or marked failed after
          // 5 refused sends (SPEC 3) when SES was down long enough.
          const thanksSent = sent.filter((s) => s.kind === 't');
          const perPrompt = new Map<string, number>();
          for (const s of thanksSent) perPrompt.set(s.ref, (perPrompt.get(s.ref) ?? 0) + 1);
          for (const [ref, n] of perPrompt) expect(n, `thank-you ${ref}`).toBe(1);
          let failed = 0;
          for (let i = 1; i <= forwards; i++)
            for (const p of await h.app.prompts.listFor(user.id, `helper${i}@intro.example`))
              if (p.status === 'failed') failed++;
          expect(perPrompt.size + failed).toBe(forwards);
          digests += sentDigests.length;
          thanks += thanksSent.length;
        }),
        fcParameters(RUNS, WEIGHT),
      );
      console.info(`schedules property: ${digests} digests, ${thanks} thank-yous checked`);
    },
    timeoutFor(RUNS, 40_000, WEIGHT),
  );
});
