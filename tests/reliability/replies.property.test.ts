import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { sesStore } from '../../local/services';
import { issueToken, TOKEN_LENGTH } from '../../shared/domain/tokens';
import { readTag, MAX_CADENCE_DAYS, MIN_CADENCE_DAYS } from '../../shared/domain/vocabulary';
import { WEEKDAYS, type User } from '../../shared/domain/types';
import { createHarness, forwardedMail, mail, type Harness } from '../support/tend-harness';
import { fcParameters, timeoutFor } from './support';

/**
 * SPEC 4: a reply is acted on only if its token verifies for the user its (authenticated) From
 * address belongs to. Random command lines under valid, forged, tampered, foreign, expired and
 * garbage tokens, from the user, another user and a stranger, with passing and failing sender
 * checks: no forged or foreign token is ever accepted, nothing outside the SPEC's ranges is
 * stored (snooze and pause within 5 years, cadence 1 day to 5 years), and Tend emails nobody
 * but the user who wrote.
 */

const RUNS = 50;
const DOMAIN = 'in.tend.localhost';
const ALICE = 'alice@replies-property.example';
const BOB = 'bob@replies-property.example';
const STRANGER = 'mallory@replies-property.example';
/** Contacts never get email from Tend (SPEC: it only ever emails its own users). */
const CONTACTS = [
  'ana@people-property.example',
  'old1@people-property.example',
  'old2@people-property.example',
  'ben@people-property.example',
];
const WATCHED = new Set([ALICE, BOB, STRANGER, ...CONTACTS]);
const TOKEN_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

type TokenKind =
  | 'valid-prompt'
  | 'valid-digest'
  /** Bob's valid token: foreign to Alice, valid only from Bob. */
  | 'bobs'
  | 'forged'
  | 'tampered'
  | 'wrong-secret'
  | 'expired'
  | 'garbage';

const duration = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 100_000 })),
    fc.constantFrom('d', 'w', 'm', 'y', ' days', ' weeks', ' months', ' years', ' fortnights', ''),
  )
  .map(([n, unit]) => `${n}${unit}`);
const when = fc.oneof(
  duration,
  fc.constantFrom(
    'until jan 5',
    'until 2099-01-01',
    'next monday',
    'in 10 years',
    'until yesterday',
    'for 4 years 11 months',
    'until christmas',
    'tomorrow',
    '',
  ),
  fc.string({ maxLength: 40 }),
);
const word = fc.oneof(
  fc.constantFrom('mentor', 'advisor', 'Recruiter', '#vc', 'a'.repeat(41), 'two words'),
  fc.string({ maxLength: 60 }),
);
const contactRef = fc.constantFrom('', ...CONTACTS.map((c) => `${c} `), 'nobody@example.org ');

/** Each kind of line, equally likely; `forget` (which ends a prompt for good) rarely. */
const line: fc.Arbitrary<string> = fc.oneof(
  ...[
    fc.constantFrom(
      'done',
      'thanked',
      'followed up',
      'skip',
      'mute',
      'unmute',
      'help',
      'resume',
      'unsubscribe',
      'subscribe',
      'digest off',
      'digest on',
      'snooze',
    ),
    fc.tuple(contactRef, when).map(([c, w]) => `snooze ${c}${w}`),
    when.map((w) => `pause ${w}`),
    fc.tuple(contactRef, duration).map(([c, d]) => `every ${c}${d}`),
    fc.tuple(fc.constantFrom('tag', 'untag'), contactRef, word).map(([k, c, w]) => `${k} ${c}${w}`),
    fc.string({ maxLength: 700 }).map((t) => `note ${t}`),
    fc.string({ maxLength: 150 }).map((t) => `rename ${t}`),
    fc
      .tuple(fc.constantFrom(...WEEKDAYS, 'someday'), fc.integer({ min: -1, max: 30 }))
      .map(([d, hr]) => `digest ${d} ${hr}${hr % 2 ? 'am' : ''}`),
    fc
      .tuple(
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom('done', 'skip', 'mute', 'snooze 2w'),
      )
      .map(([n, c]) => `${n} ${c}`),
    fc.string({ maxLength: 300 }),
    fc.string({ maxLength: 80, unit: 'grapheme' }),
  ].map((arbitrary) => ({ arbitrary, weight: 20 })),
  { arbitrary: fc.constant('forget'), weight: 1 },
);

const anyReply = fc.record({
  token: fc.constantFrom<TokenKind>(
    'valid-prompt',
    'valid-digest',
    'bobs',
    'forged',
    'tampered',
    'wrong-secret',
    'expired',
    'garbage',
  ),
  from: fc.constantFrom(ALICE, BOB, STRANGER),
  authenticated: fc.boolean(),
  lines: fc.array(line, { minLength: 1, maxLength: 6 }),
  // Where a tampered token is changed, and the garbage a forger tries.
  position: fc.nat({ max: TOKEN_LENGTH - 1 }),
  forged: fc.string({
    minLength: TOKEN_LENGTH,
    maxLength: TOKEN_LENGTH,
    unit: fc.constantFrom(...TOKEN_ALPHABET),
  }),
  garbage: fc.string({ maxLength: 120 }),
});

/** Half the replies are the user's own, so the commands' effects are exercised too. */
const LEGITIMATE: Array<{ token: TokenKind; from: string }> = [
  { token: 'valid-prompt', from: ALICE },
  { token: 'valid-digest', from: ALICE },
  { token: 'bobs', from: BOB },
];
const reply = fc
  .tuple(anyReply, fc.boolean())
  .map(([r, legitimate]) =>
    legitimate ? { ...r, ...LEGITIMATE[r.position % LEGITIMATE.length]!, authenticated: true } : r,
  );

type ReplyCase = typeof reply extends fc.Arbitrary<infer T> ? T : never;

/** The token of the email Tend sent `to` whose token is of `kind` ('t' thanks, 'd' digest). */
async function sentToken(h: Harness, to: string, kind: 't' | 'd'): Promise<string> {
  for (const email of await h.ctx.sentTo(to)) {
    const token = /^reply\+([0-9a-z]+)@/.exec(email.replyTo[0] ?? '')?.[1];
    if (token?.startsWith(kind)) return token;
  }
  throw new Error(`no ${kind} email was sent to ${to}`);
}

describe('random replies under random tokens (SPEC 4)', () => {
  let h: Harness;
  let alice: User;
  let bob: User;
  let secret: string;
  const tokens = { prompt: '', digest: '', bobs: '' };
  let promptId = '';

  const startedAt = Math.floor(Date.now() / 1000) - 1;

  beforeAll(async () => {
    h = await createHarness('replies-property', '2026-11-26T15:00:00Z');
    secret = h.ctx.env.TEND_TOKEN_SECRET!;
    alice = await h.register(ALICE, 'UTC');
    bob = await h.register(BOB, 'America/New_York');
    await h.deliver(forwardedMail(`Ana <${CONTACTS[0]}>`, ALICE, 'Thu, Nov 26, 2026 at 9:00 AM'));
    await h.deliver(forwardedMail(`Ben <${CONTACTS[3]}>`, BOB, 'Thu, Nov 26, 2026 at 9:00 AM'));
    for (const old of [CONTACTS[1], CONTACTS[2]])
      await h.deliver(mail({ from: ALICE, to: old!, date: 'Mon, 01 Jun 2026 12:00:00 +0000' }), {
        recipients: [`log+nothanks@${DOMAIN}`],
      });
    await h.tick('2026-11-27T15:01:00Z'); // the thank-you prompts
    await h.tick('2026-11-30T08:01:00Z'); // Alice's Monday digest
    tokens.prompt = await sentToken(h, ALICE, 't');
    tokens.digest = await sentToken(h, ALICE, 'd');
    tokens.bobs = await sentToken(h, BOB, 't');
    promptId = (await h.app.prompts.listFor(alice.id, CONTACTS[0]!))[0]!.id;
    h.setNow('2026-11-30T09:00:00Z');
  });

  function tokenFor(r: ReplyCase, now: Date): string {
    const valid = tokens.prompt;
    switch (r.token) {
      case 'valid-prompt':
        return valid;
      case 'valid-digest':
        return tokens.digest;
      case 'bobs':
        return tokens.bobs;
      case 'forged':
        return r.forged;
      case 'tampered': {
        const c = valid[r.position]!;
        const other = TOKEN_ALPHABET[(TOKEN_ALPHABET.indexOf(c) + 1) % TOKEN_ALPHABET.length]!;
        return valid.slice(0, r.position) + other + valid.slice(r.position + 1);
      }
      case 'wrong-secret':
        return issueToken(randomBytes(32).toString('hex'), alice.id, {
          kind: 'thanks',
          ref: promptId,
          issuedAt: now,
        });
      case 'expired':
        return issueToken(secret, alice.id, {
          kind: 'thanks',
          ref: promptId,
          issuedAt: new Date(now.getTime() - 61 * 86_400_000),
        });
      case 'garbage':
        return r.garbage;
    }
  }

  async function snapshot() {
    return {
      users: [await h.app.users.get(alice.id), await h.app.users.get(bob.id)],
      contacts: [await h.app.contacts.list(alice.id), await h.app.contacts.list(bob.id)],
    };
  }

  /** Emails local SES accepted since this file started, by recipient (one read of its store). */
  async function mailCounts(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const email of await sesStore(h.ctx.endpoints.ses, startedAt))
      for (const to of [...email.destination.to, ...email.destination.cc, ...email.destination.bcc])
        if (WATCHED.has(to.toLowerCase()))
          counts.set(to.toLowerCase(), (counts.get(to.toLowerCase()) ?? 0) + 1);
    return counts;
  }

  it(
    'accepts no forged or foreign token, stores nothing out of range, and emails only the user',
    async () => {
      let acted = 0;
      let replies = 0;
      await fc.assert(
        fc.asyncProperty(reply, async (r) => {
          const now = new Date(h.now().getTime() + 60_000);
          h.setNow(now.toISOString());
          const token = tokenFor(r, now);
          const to = `reply+${token}@${DOMAIN}`;
          const before = await snapshot();
          const mailBefore = await mailCounts();

          const outcome = await h.deliver(
            mail({ from: r.from, to, subject: 'Re: Tend', body: r.lines.join('\n') }),
            {
              recipients: [to],
              verdicts: r.authenticated ? {} : { spf: 'FAIL', dkim: 'FAIL' },
            },
          );

          replies++;
          console.log(
            r.token,
            r.from,
            r.authenticated,
            JSON.stringify(outcome),
            JSON.stringify(r.lines).slice(0, 100),
          );
          // A token acts only for the user it was issued to, from that user, authenticated.
          const issuedTo =
            r.token === 'valid-prompt' || r.token === 'valid-digest'
              ? ALICE
              : r.token === 'bobs'
                ? BOB
                : null;
          const mayAct = issuedTo === r.from && r.authenticated;
          if (outcome.outcome === 'reply') {
            acted++;
            expect(mayAct, `acted on a ${r.token} token from ${r.from}`).toBe(true);
          } else {
            expect(['quarantined', 'dropped', 'duplicate']).toContain(outcome.outcome);
            expect(await snapshot()).toEqual(before);
          }

          // Tend writes only to the registered user who wrote, never to anyone else.
          const mailAfter = await mailCounts();
          for (const address of WATCHED) {
            const more = (mailAfter.get(address) ?? 0) - (mailBefore.get(address) ?? 0);
            if (address !== r.from || r.from === STRANGER)
              expect(more, `email to ${address}`).toBe(0);
            else expect(more).toBeLessThanOrEqual(1);
          }

          // Nothing out of the SPEC's ranges.
          const limit = DateTime.fromJSDate(now).plus({ years: 5, days: 1 }).toMillis();
          for (const user of await Promise.all([
            h.app.users.get(alice.id),
            h.app.users.get(bob.id),
          ])) {
            if (user?.pausedUntil) expect(Date.parse(user.pausedUntil)).toBeLessThanOrEqual(limit);
            if (user?.digest) {
              expect(WEEKDAYS).toContain(user.digest.day);
              expect(user.digest.hour).toBeGreaterThanOrEqual(0);
              expect(user.digest.hour).toBeLessThanOrEqual(23);
            }
          }
          for (const c of [
            ...(await h.app.contacts.list(alice.id)),
            ...(await h.app.contacts.list(bob.id)),
          ]) {
            if (c.snoozedUntil) expect(Date.parse(c.snoozedUntil)).toBeLessThanOrEqual(limit);
            if (c.cadenceDays !== null) {
              expect(c.cadenceDays).toBeGreaterThanOrEqual(MIN_CADENCE_DAYS);
              expect(c.cadenceDays).toBeLessThanOrEqual(MAX_CADENCE_DAYS);
            }
            for (const tag of c.tags) expect(readTag(tag)).toBe(tag);
            expect(c.name?.length ?? 0).toBeLessThanOrEqual(100);
          }
        }),
        fcParameters(RUNS),
      );
      console.info(`replies property: ${replies} replies, ${acted} acted on`);
    },
    timeoutFor(RUNS, 3_000),
  );
});
