import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SesStoredEmail } from '../../local/services';
import { textDraftLinks } from '../support/mailto-links';
import { type LocalTend, startLocalTend } from './realistic-week/local-tend';
import {
  CONNECTION_COUNT,
  CONNECTIONS,
  CONNECTIONS_CSV,
  DISPATCHES,
  type EmailKind,
  type Expected,
  FIRST_TICK,
  LAST_TICK,
  OFFICE,
  PEOPLE,
  PRIYA_ON_LINKEDIN,
  ROLES,
  STEPS,
  type Step,
  STRANGER,
  TICK_HOURS_UTC,
  USER,
  ZONE,
} from './realistic-week/week';

/**
 * Issue 14's realistic week (./realistic-week/week.ts), replayed the way a user lives it: mail
 * over SMTP to the local stack's inbound stand-in, replies sent to the reply+TOKEN address of
 * the email Tend sent, the CLI for the rest, and `tend tick --now` travelling from Monday
 * 7 December 2026 to Tuesday the 29th. Every email Tend sends in that time is checked.
 *
 * Where Tend disagrees with the SPEC, the expectation below asserts what Tend does today and
 * says so in a `// SPEC x.y:` comment, so that fixing the product makes that line fail.
 */

const START = '2026-12-07T12:00:00Z';
const END = LAST_TICK;
const HOUR_MS = 3_600_000;
const REPLAY_TIMEOUT_MS = 180_000;
const REPLY_TO = /^reply\+[0-9a-z]+@in\.tend\.localhost$/;

interface SentEmail {
  /** The moment (step or tick) that made Tend send it. */
  at: string;
  id: string | undefined;
  email: SesStoredEmail;
}

/** What an email is, read from its subject alone (the expectations name the kind separately). */
function kindOf(subject: string): EmailKind | 'other' {
  if (subject.startsWith('Tend could not use your email “')) return 'notice';
  if (
    /^Tend: (done \(\d+ commands?\)|\d+ done, \d+ not understood|\d+ lines? not understood)$/.test(
      subject,
    )
  )
    return 'confirmation';
  if (/^Tend: \d+ (person|people|thank-yous?) to (reconnect with|send|rediscover)$/.test(subject))
    return 'digest';
  if (/^(Thank .+ for .+\?|Send .+ a thank-you\?)$/.test(subject)) return 'thanks';
  return 'other';
}

const summary = (e: SesStoredEmail) => ({
  to: e.destination.to,
  cc: e.destination.cc,
  bcc: e.destination.bcc,
  kind: kindOf(e.subject),
  subject: e.subject,
});
const expectedSummary = (x: Expected) => ({
  to: [USER.work],
  cc: [],
  bcc: [],
  kind: x.kind,
  subject: x.subject,
});

/** The dispatcher's runs: every 3 hours at :05 from FIRST_TICK to LAST_TICK. */
function dispatcherRuns(): string[] {
  const runs: string[] = [];
  for (let t = Date.parse(FIRST_TICK); t <= Date.parse(LAST_TICK); t += HOUR_MS) {
    const at = new Date(t);
    if (TICK_HOURS_UTC.includes(at.getUTCHours())) runs.push(at.toISOString());
  }
  return runs;
}

/** DISPATCHES keyed by the ISO form the timeline uses. */
const dispatches = new Map(
  Object.entries(DISPATCHES).map(([at, emails]) => [new Date(at).toISOString(), emails]),
);

type Moment = { at: string; tick: true } | { at: string; tick: false; step: Step };

function timeline(): Moment[] {
  const moments: Moment[] = [
    ...dispatcherRuns().map((at) => ({ at, tick: true as const })),
    ...STEPS.map((step) => ({ at: new Date(step.at).toISOString(), tick: false as const, step })),
  ];
  return moments.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The lines of a confirmation: each command as written, whether it was done, and what it did. */
function confirmationLines(text: string): Array<[string, boolean, string]> {
  return [...text.matchAll(/^(✓ Done|✗ Not understood): (.+)\n {4}(.+)$/gm)].map((m) => [
    m[2] ?? '',
    m[1] === '✓ Done',
    m[3] ?? '',
  ]);
}

interface DigestText {
  /** Numbered people to reconnect with: "1. Nicholas Landers". */
  due: string[];
  /** Numbered suggestions under "Rediscover". */
  rediscover: string[];
  /** The lines under "Thank-yous still to send". */
  thanks: string[];
  stats: string;
}

/** A digest's text part, read back as its reader sees it. */
function readDigest(text: string): DigestText {
  const [main = '', rest = ''] = text.split(/\nRediscover\n/);
  const numbered = (part: string) => [...part.matchAll(/^(\d+\. .+)$/gm)].map((m) => m[1] ?? '');
  // The block runs to the blank line; each thank-you's action links (SPEC 8) sit under it.
  const thanksBlock = /^Thank-yous still to send[^\n]*\n([\s\S]*?)\n\n/m.exec(text)?.[1] ?? '';
  return {
    due: numbered(main),
    rediscover: numbered(rest.split('\nThank-yous')[0] ?? ''),
    thanks: thanksBlock.split('\n').filter((line) => line.startsWith('- ')),
    stats: /^This week: .+$/m.exec(text)?.[0] ?? '',
  };
}

const CONNECTION_NAMES = new Set(CONNECTIONS.map((c) => `${c.first} ${c.last}`));

interface ContactJson {
  email: string;
  name: string | null;
  tags: string[];
  cadenceDays: number | null;
  status: string;
  snoozedUntil: string | null;
  firstSeenAt: string;
  lastInteractionAt: string | null;
  lastInboundAt: string | null;
  lastOutboundAt: string | null;
  interactionCount: number;
  nextDueAt: string | null;
  source: string;
}

describe('a realistic week of mail, replayed with time travel', () => {
  let tend: LocalTend;
  let dir: string;
  const sent: SentEmail[] = [];
  const byId = (id: string): SentEmail => {
    const found = sent.find((s) => s.id === id);
    if (!found) throw new Error(`Tend never sent the email '${id}'`);
    return found;
  };
  const textOf = (id: string) => byId(id).email.body.text ?? '';

  beforeAll(async () => {
    tend = await startLocalTend(START);
    dir = await mkdtemp(join(tmpdir(), 'tend-week-'));
    await writeFile(join(dir, 'Connections.csv'), CONNECTIONS_CSV);
  });

  afterAll(async () => {
    await tend?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('registers Bessie with `npx tend users add` and imports her LinkedIn connections', async () => {
    tend.setNow(START);
    const add = await tend.tendProcess([
      'users',
      'add',
      USER.work,
      '--tz',
      ZONE,
      '--also',
      USER.home,
    ]);
    expect(add, add.stderr).toMatchObject({ code: 0 });

    tend.setNow('2026-12-07T12:10:00Z');
    const imported = await tend.tend([
      'import',
      'linkedin',
      join(dir, 'Connections.csv'),
      '--json',
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      created: CONNECTION_COUNT,
      updated: 0,
      unchanged: 0,
      skipped: [],
    });
  });

  it(
    'replays the period: each email Tend sends is the expected one, when expected, and nothing else',
    async () => {
      for (const moment of timeline()) {
        tend.setNow(moment.at);
        const before = (await tend.sent()).length;
        let cause: string;
        let expected: Expected[];
        if (moment.tick) {
          cause = `tick ${moment.at}`;
          expected = dispatches.get(moment.at) ?? [];
          const run = await tend.tend(['tick', '--now', moment.at, '--json']);
          expect(run.code, run.stderr).toBe(0);
        } else {
          const { step } = moment;
          cause = `${step.at} ${step.what}`;
          expected = step.sends;
          let outgoing;
          if (step.kind === 'reply') {
            const answered = byId(step.answers);
            const replyTo = answered.email.replyTo[0] ?? '';
            expect(replyTo, cause).toMatch(REPLY_TO);
            outgoing = await step.build({
              replyTo,
              quoted: {
                from: tend.from,
                at: answered.at,
                subject: answered.email.subject,
                text: answered.email.body.text ?? '',
                zone: ZONE,
              },
            });
          } else {
            outgoing = await step.build();
          }
          const delivery = await tend.deliver(outgoing.raw, outgoing.envelope);
          expect(delivery, cause).toEqual({
            accepted: outgoing.envelope.to,
            outcomes: [step.outcome],
          });
        }

        const fresh = (await tend.sent()).slice(before);
        expect(fresh.map(summary), cause).toEqual(expected.map(expectedSummary));
        fresh.forEach((email, i) => sent.push({ at: moment.at, id: expected[i]?.id, email }));

        // The dispatcher running again at the same moment (an overlapping or retried run) sends
        // nothing more.
        if (moment.tick && fresh.length > 0) {
          const again = await tend.tend(['tick', '--now', moment.at, '--json']);
          expect(JSON.parse(again.stdout), `${cause}, run again`).toMatchObject({ sent: 0 });
          expect(await tend.sent(), `${cause}, run again`).toHaveLength(before + fresh.length);
        }
      }

      // The whole period at a glance: every email Tend sent, in order.
      expect(sent.map((s) => [s.at, s.id, s.email.subject])).toEqual([
        ['2026-12-08T01:05:00.000Z', 'thanks-john', 'Send John Doe a thank-you?'],
        ['2026-12-08T13:00:00.000Z', 'confirm-john', 'Tend: done (2 commands)'],
        ['2026-12-08T16:05:00.000Z', 'thanks-rita', 'Thank Rita Alvarez for the intro?'],
        ['2026-12-08T17:00:00.000Z', 'confirm-rita', 'Tend: done (4 commands)'],
        ['2026-12-08T22:05:00.000Z', 'thanks-dana', 'Thank Dana Smith for the advice?'],
        ['2026-12-09T14:45:00.000Z', 'confirm-dana', 'Tend: done (1 command)'],
        [
          '2026-12-10T16:00:00.000Z',
          'notice-potluck',
          'Tend could not use your email “Holiday potluck on the 18th”',
        ],
        [
          '2026-12-10T22:00:00.000Z',
          'notice-badge',
          'Tend could not use your email “Visitor badge for Monday’s onsite”',
        ],
        ['2026-12-11T01:05:00.000Z', 'thanks-morgan', 'Thank Morgan Lee for the coffee?'],
        ['2026-12-12T16:05:00.000Z', 'thanks-lena', 'Thank Lena Fischer for the feedback?'],
        ['2026-12-14T13:05:00.000Z', 'digest-1', 'Tend: 3 people to reconnect with'],
        ['2026-12-14T15:30:00.000Z', 'confirm-digest-1', 'Tend: done (4 commands)'],
        ['2026-12-21T13:05:00.000Z', 'digest-2', 'Tend: 1 person to reconnect with'],
        ['2026-12-23T16:05:00.000Z', 'thanks-dana-again', 'Thank Dana Smith for the advice?'],
        ['2026-12-28T13:05:00.000Z', 'digest-3', 'Tend: 1 person to reconnect with'],
      ]);
    },
    REPLAY_TIMEOUT_MS,
  );

  it('writes to Bessie alone: every email to her work address, with a reply address and text and HTML', async () => {
    expect(sent).toHaveLength(15);
    for (const { id, email } of sent) {
      expect(email.destination, id).toEqual({ to: [USER.work], cc: [], bcc: [] });
      expect(email.from, id).toContain(tend.from);
      expect(email.replyTo, id).toEqual([expect.stringMatching(REPLY_TO)]);
      expect(email.body.text, id).toBeTruthy();
      expect(email.body.html, id).toBeTruthy();
    }
    expect(new Set(sent.map((s) => s.email.replyTo[0])).size).toBe(sent.length);

    // Nothing to anyone in the week's mail (whoever the sender): not the people, not the role
    // addresses, not the office list, not the stranger, not even Bessie's personal address.
    const others = new Set(
      [
        ...Object.values(PEOPLE),
        ...Object.values(ROLES),
        ...OFFICE,
        { address: STRANGER },
        { address: USER.home },
      ].map((p) => p.address),
    );
    const strays = (await tend.sesSinceStart()).filter((e) =>
      [...e.destination.to, ...e.destination.cc, ...e.destination.bcc].some((a) =>
        [...others].some((o) => a.toLowerCase().includes(o)),
      ),
    );
    expect(strays).toEqual([]);
  });

  it('prompts thank-yous only for those who wrote to her, by first and last name, with a draft to them', async () => {
    const prompts = sent.filter((s) => kindOf(s.email.subject) === 'thanks');
    const drafts = prompts.map((s) => textDraftLinks(s.email.body.text ?? ''));
    // The original senders only: never the Cc of a forward (Sam, Walter, Nicholas, Omar), never
    // a role address, never Wei (thanked before the prompt was due).
    expect(drafts.map((d) => d.map((l) => [l.label, l.to]))).toEqual([
      [['Write to John', PEOPLE.john.address]],
      [['Write to Rita', PEOPLE.rita.address]],
      [['Write to Dana', PEOPLE.dana.address]],
      [['Write to Morgan', PEOPLE.morgan.address]],
      [['Write to Lena', PEOPLE.lena.address]],
      [['Write to Dana', PEOPLE.dana.address]],
    ]);

    expect(textOf('thanks-john')).toContain(
      'John Doe (john.doe@acme.com) emailed you 5 years ago.',
    );
    // The corpus thread's "25 October 2021 at 11:17:21 EEST", in New York time.
    expect(textOf('thanks-john')).toContain('When: Mon 25 Oct 2021, 04:17');
    // Gmail's "Mon, Dec 7, 2026 at 9:02 AM" (no zone) is read in Bessie's zone.
    expect(textOf('thanks-rita')).toContain(
      'Rita Alvarez (rita.alvarez@hooli.example) emailed you yesterday.',
    );
    expect(textOf('thanks-rita')).toContain('When: Mon 7 Dec, 09:02');
    // "Smith, Dana" and "Lee, Morgan" (Outlook) read as "Dana Smith" and "Morgan Lee".
    expect(textOf('thanks-dana')).toContain(
      'Dana Smith (dana.smith@globex.example) emailed you yesterday.',
    );
    expect(textOf('thanks-dana')).toContain(
      '  Hi Dana, thank you for the advice. It was exactly what I needed.',
    );
    expect(drafts[2]?.[0]).toMatchObject({
      subject: 'Re: Advice on your portfolio review',
      body: 'Hi Dana,\r\n\r\nThank you for the advice. It was exactly what I needed.\r\n\r\n',
    });
    expect(textOf('thanks-morgan')).toContain(
      'Morgan Lee (morgan.lee@umbrella.example) emailed you yesterday.',
    );
    expect(textOf('thanks-morgan')).toContain('When: Wed 9 Dec, 17:40');
    for (const { id, email } of sent) {
      expect(`${email.subject}\n${email.body.text}`, id).not.toMatch(
        /Smith, Dana|Lee, Morgan|Haddad, Omar|Chen, Wei|Park, Jae-won|Hi (Smith|Lee|Haddad),/,
      );
    }

    // The snoozed prompt comes back once, two weeks later, as the same thank-you.
    expect(textOf('thanks-dana-again')).toContain(
      'Dana Smith (dana.smith@globex.example) emailed you 2 weeks ago.',
    );
    expect(byId('thanks-dana-again').email.replyTo).not.toEqual(byId('thanks-dana').email.replyTo);
  });

  it('answers each reply once, line by line, reading only the new text above or below the quote', () => {
    expect(confirmationLines(textOf('confirm-john'))).toEqual([
      ['skip', true, 'Skipped the thank-you to John Doe: nothing else changes'],
      ['every 6 months', true, 'John Doe: reconnect every 180 days'],
    ]);
    expect(confirmationLines(textOf('confirm-rita'))).toEqual([
      ['Done', true, 'Marked Rita Alvarez done: the reconnect clock starts again today'],
      ['tag omar@globex.example recruiter', true, "Tagged Omar Haddad 'recruiter'"],
      [
        'rename nicholas@globex.corp Nicholas Landers',
        true,
        'Renamed Nicholas to Nicholas Landers',
      ],
      ['every nicholas@globex.corp 2 months', true, 'Nicholas Landers: reconnect every 60 days'],
    ]);
    expect(confirmationLines(textOf('confirm-dana'))).toEqual([
      [
        'snooze 2w',
        true,
        'Snoozed Dana Smith until Wed 23 Dec: Tend will remind you about the thank-you then',
      ],
    ]);
    const suggested = readDigest(textOf('digest-1')).rediscover[1]?.replace(/^5\. /, '');
    expect(confirmationLines(textOf('confirm-digest-1'))).toEqual([
      ['1 done', true, 'Marked Nicholas Landers done: the reconnect clock starts again today'],
      ['2 snooze 1 month', true, 'Snoozed Walter Sheltan until Thu 14 Jan'],
      ['3 note Old Acme colleague, ask about the Berlin office', true, 'Added a note to John Doe'],
      ['5 mute', true, `Muted ${suggested}: no more prompts about them (reply 'unmute' to undo)`],
    ]);
  });

  it('sends weekly digests of the overdue, with two suggestions from the import, never the hundreds', () => {
    const one = readDigest(textOf('digest-1'));
    const two = readDigest(textOf('digest-2'));
    const three = readDigest(textOf('digest-3'));
    // Most overdue first (time overdue / cadence): Nicholas every 60 days, Walter 90, John 180.
    // Pending: Morgan's and Lena's (Rita's done, John's skipped, Dana's snoozed). Reconnected:
    // Priya, a LinkedIn connection since 2019, written to on Wednesday.
    expect(one).toMatchObject({
      due: ['1. Nicholas Landers', '2. Walter Sheltan', '3. John Doe'],
      thanks: [
        '- Morgan Lee <morgan.lee@umbrella.example> - “Re: Coffee next week?”, Wed 9 Dec',
        '- Lena Fischer <lena@fischer-design.example> - “Portfolio feedback”, Fri 11 Dec',
      ],
      // SPEC 3: the digest's week is the 168 hours before it (from 13:00 UTC on the 7th, the
      // hour of the first slot), so the 6 interactions of Monday the 7th after 08:05 New York
      // (Omar and Priya; Rita and Sam; Dana and Omar) are in it.
      stats: 'This week: 17 interactions logged, 1 person reconnected, 3 due.',
    });
    // Walter snoozed a month, Nicholas done: John alone, with the note Bessie added.
    expect(textOf('digest-2')).toContain(
      '1. John Doe\n   john.doe@acme.com\n   Last contact 5 years ago (Mon 25 Oct 2021)\n   Subject: Integer consequat non purus\n   Note: Old Acme colleague, ask about the Berlin office\n',
    );
    expect(two).toMatchObject({
      due: ['1. John Doe'],
      thanks: [
        '- Morgan Lee <morgan.lee@umbrella.example> - “Re: Coffee next week?”, Wed 9 Dec',
        '- Lena Fischer <lena@fischer-design.example> - “Portfolio feedback”, Fri 11 Dec',
      ],
      // SPEC 3: "1 done" to the first digest (Monday 14th, 10:30 New York) logged an interaction
      // with Nicholas, known since 2021, after that digest was sent: in this digest's week.
      stats: 'This week: 1 interaction logged, 1 person reconnected, 1 due.',
    });
    expect(three).toMatchObject({
      due: ['1. John Doe'],
      // SPEC 3 ("then pending thank-yous"): Morgan's and Lena's prompts are still unanswered,
      // but Tend lists only prompts sent in the last 14 days, so they are no longer here.
      thanks: [
        '- Dana Smith <dana.smith@globex.example> - “Advice on your portfolio review”, Mon 7 Dec',
      ],
      stats: 'This week: 0 interactions logged, 0 people reconnected, 1 due.',
    });

    // Two imported connections per digest, numbered after the due people, never the same one
    // twice; never Priya (something is logged with her), never the one muted.
    expect(one.rediscover.map((l) => l.slice(0, 3))).toEqual(['4. ', '5. ']);
    expect(two.rediscover.map((l) => l.slice(0, 3))).toEqual(['2. ', '3. ']);
    expect(three.rediscover.map((l) => l.slice(0, 3))).toEqual(['2. ', '3. ']);
    const suggested = [one, two, three].flatMap((d) =>
      d.rediscover.map((l) => l.replace(/^\d+\. /, '')),
    );
    expect(new Set(suggested).size).toBe(6);
    for (const name of suggested) expect(CONNECTION_NAMES.has(name), name).toBe(true);
    expect(suggested).not.toContain(`${PRIYA_ON_LINKEDIN.first} ${PRIYA_ON_LINKEDIN.last}`);
    for (const id of ['digest-1', 'digest-2', 'digest-3']) {
      expect(textOf(id).match(/; no contact logged yet/g), id).toHaveLength(2);
      expect(textOf(id).match(/^\d+\. /gm), id).toHaveLength(id === 'digest-1' ? 5 : 3);
    }
  });

  it('tells Bessie once about the mail it could not use, and never answers the stranger', () => {
    const potluck = textOf('notice-potluck');
    expect(potluck).toContain('Subject: Holiday potluck on the 18th\nReceived: Thu 10 Dec, 11:00');
    expect(potluck).toContain('It had more than 50 people on it');
    // The reply-all 20 minutes later: same reason, same hour, no second notice (checked in the
    // replay). The email to support@ only: a notice of its own reason.
    const badge = textOf('notice-badge');
    expect(badge).toContain(
      'Subject: Visitor badge for Monday’s onsite\nReceived: Thu 10 Dec, 17:00',
    );
    expect(badge).toContain(
      'Role addresses such as noreply@ or support@ count only when you tag the email (log+TAG@).',
    );
  });

  it('keeps each email it could not use in `tend quarantine list`, with the whole S3 key', async () => {
    tend.setNow(END);
    const listed = await tend.tend(['quarantine', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const records = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(records.map((r) => [r.receivedAt, r.from, r.reason])).toEqual([
      ['2026-12-12T18:00:00.000Z', STRANGER, 'unknown-sender'],
      ['2026-12-10T22:00:00.000Z', USER.work, 'no-contacts'],
      ['2026-12-10T16:20:00.000Z', USER.work, 'too-many-recipients'],
      ['2026-12-10T16:00:00.000Z', USER.work, 'too-many-recipients'],
    ]);
    for (const r of records) expect(r.s3Key).toMatch(/^inbound\/[a-z0-9]{40}$/);
  });

  it('ends with the contacts `npx tend contacts list --json` shows', async () => {
    tend.setNow(END);
    const listed = await tend.tendProcess(['contacts', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const contacts = JSON.parse(listed.stdout) as ContactJson[];

    // 300 connections (Priya among them) and 12 people from email.
    expect(contacts).toHaveLength(CONNECTION_COUNT + 12);
    const known = contacts
      .filter((c) => c.interactionCount > 0)
      .map((c) => ({
        email: c.email,
        name: c.name,
        tags: c.tags,
        cadenceDays: c.cadenceDays,
        status: c.status,
        interactionCount: c.interactionCount,
        lastInboundAt: c.lastInboundAt,
        lastOutboundAt: c.lastOutboundAt,
        source: c.source,
      }))
      .sort((a, b) => (a.email < b.email ? -1 : 1));
    const person = (
      email: string,
      name: string,
      interactionCount: number,
      lastInboundAt: string | null,
      lastOutboundAt: string | null,
      more: { tags?: string[]; cadenceDays?: number; source?: string } = {},
    ) => ({
      email,
      name,
      tags: more.tags ?? [],
      cadenceDays: more.cadenceDays ?? null,
      status: 'active',
      interactionCount,
      lastInboundAt,
      lastOutboundAt,
      source: more.source ?? 'email',
    });
    const OLD_THREAD = '2021-10-25T08:17:21.000Z';
    expect(known).toEqual([
      person('dana.smith@globex.example', 'Dana Smith', 1, '2026-12-07T21:12:00.000Z', null),
      person('jaewon.park@umbrella.example', 'Jae-won Park', 1, null, '2026-12-12T16:00:00.000Z'),
      // A role address, logged because the email went to log+recruiter@.
      person('jobs@initech.example', 'Initech Talent', 1, null, '2026-12-11T14:00:00.000Z', {
        tags: ['recruiter'],
      }),
      person('john.doe@acme.com', 'John Doe', 1, OLD_THREAD, null, { cadenceDays: 180 }),
      person('lena@fischer-design.example', 'Lena Fischer', 1, '2026-12-11T13:30:00.000Z', null),
      person('morgan.lee@umbrella.example', 'Morgan Lee', 1, '2026-12-09T22:40:00.000Z', null),
      person(
        'nicholas@globex.corp',
        'Nicholas Landers',
        2,
        OLD_THREAD,
        '2026-12-14T15:30:00.000Z',
        {
          cadenceDays: 60,
        },
      ),
      person(
        'omar@globex.example',
        'Omar Haddad',
        3,
        '2026-12-07T21:12:00.000Z',
        '2026-12-09T16:00:00.000Z',
        {
          tags: ['recruiter'],
        },
      ),
      person('priya@initech.example', 'Priya Raman', 2, null, '2026-12-09T16:00:00.000Z', {
        source: 'linkedin',
      }),
      person(
        'rita.alvarez@hooli.example',
        'Rita Alvarez',
        3,
        '2026-12-07T14:02:00.000Z',
        '2026-12-09T20:00:00.000Z',
      ),
      person(
        'sam.lee@piedpiper.example',
        'Sam Lee',
        2,
        '2026-12-07T14:02:00.000Z',
        '2026-12-08T19:00:00.000Z',
      ),
      person('walter.sheltan@acme.com', 'Walter Sheltan', 1, OLD_THREAD, null),
      person(
        'wei.chen@initech.example',
        'Wei Chen',
        2,
        '2026-12-10T14:12:00.000Z',
        '2026-12-10T21:30:00.000Z',
      ),
    ]);
    expect(contacts.find((c) => c.email === PEOPLE.walter.address)?.snoozedUntil).toBe(
      '2027-01-14T15:30:00.000Z',
    );

    // No role address became a person without a tag.
    const emails = contacts.map((c) => c.email);
    for (const role of [ROLES.recruiting, ROLES.calendly, ROLES.careers, ROLES.support])
      expect(emails).not.toContain(role.address);
    expect(emails.filter((e) => e.endsWith('@acme.com') && e.startsWith('colleague'))).toEqual([]);

    // The other 299 connections: nothing logged, not due, one muted from a digest.
    const imported = contacts.filter((c) => c.source === 'linkedin' && c.interactionCount === 0);
    expect(imported).toHaveLength(CONNECTION_COUNT - 1);
    for (const c of imported) {
      expect(c, c.email).toMatchObject({ lastInteractionAt: null, nextDueAt: null });
    }
    expect(imported.filter((c) => c.status === 'muted').map((c) => c.name)).toEqual([
      readDigest(textOf('digest-1')).rediscover[1]?.replace(/^5\. /, ''),
    ]);
  });
});
