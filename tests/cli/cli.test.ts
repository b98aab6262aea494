import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { User } from '../../shared/domain/types';
import { createHarness, mail, type Harness } from '../support/tend-harness';
import { cliEnv, tend, tendJson } from './run-cli';

/**
 * SPEC 5 through the CLI program (run in this process by run-cli.ts), against this file's own
 * table and bucket on the local services; mail is delivered the way SES does (harness).
 * The cases run in order: later ones build on the users and mail of earlier ones.
 */

const NOW = '2026-11-26T12:00:00Z';
const ISO = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);

/** SPEC 5: `contacts list --json`; more fields are welcome, these are the contract. */
const contactSchema = z.object({
  email: z.string(),
  name: z.string().nullable(),
  tags: z.array(z.string()),
  cadenceDays: z.number().nullable(),
  status: z.enum(['active', 'muted']),
  snoozedUntil: ISO.nullable(),
  firstSeenAt: ISO,
  lastInteractionAt: ISO.nullable(),
  lastInboundAt: ISO.nullable(),
  lastOutboundAt: ISO.nullable(),
  interactionCount: z.number().int(),
  nextDueAt: ISO.nullable(),
  source: z.enum(['email', 'linkedin', 'vcard', 'manual']),
});
type ContactJson = z.infer<typeof contactSchema>;

const showSchema = contactSchema.extend({
  interactions: z.array(
    z.object({
      at: ISO,
      direction: z.enum(['inbound', 'outbound', 'manual']),
      subject: z.string().nullable(),
      snippet: z.string(),
      messageId: z.string().nullable(),
      tags: z.array(z.string()),
    }),
  ),
  notes: z.array(z.object({ at: ISO, text: z.string() })),
  prompts: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['thanks', 'digest']),
      dueAt: ISO,
      status: z.string(),
      sentAt: ISO.nullable(),
    }),
  ),
});

let h: Harness;
let env: Record<string, string>;
let me: User;

beforeAll(async () => {
  h = await createHarness('cli', '2026-11-26T10:00:00Z');
  env = cliEnv(h.ctx.env, { TEND_NOW: NOW });
});

function forward(sender: string, date: string): string {
  return mail({
    to: `log@${h.ctx.domain}`,
    subject: 'Fwd: Intro to the hiring manager',
    body: [
      'Logging this one.',
      '',
      '---------- Forwarded message ---------',
      `From: ${sender}`,
      `Date: ${date}`,
      'Subject: Intro to the hiring manager',
      'To: Me <me@example.com>',
      '',
      'I told Priya about you; she will write this week.',
      '',
    ].join('\n'),
  });
}

describe('users', () => {
  it('registers a user with a timezone and a second address', async () => {
    const out = await tendJson(env, [
      'users',
      'add',
      'me@example.com',
      '--tz',
      'America/New_York',
      '--also',
      'me@work.example',
    ]);
    expect(out).toEqual({
      email: 'me@example.com',
      addresses: ['me@example.com', 'me@work.example'],
      timezone: 'America/New_York',
      digest: { day: 'monday', hour: 8 },
      pausedUntil: null,
      unsubscribed: false,
      emailStopped: null,
    });
    me = (await h.app.users.findByAddress('me@work.example'))!;
    expect(me.email).toBe('me@example.com');
    // The first digest: Monday 30 Nov, 08:00 in New York (EST) after TEND_NOW.
    expect((await h.app.digests.getSchedule(me.id))?.dueAt).toBe('2026-11-30T13:00:00.000Z');
  });

  it('refuses an address that is already registered, and says which', async () => {
    const r = await tend(env, ['users', 'add', 'someone@example.com', '--also', 'ME@work.example']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe(
      'tend: ME@work.example is already registered to a Tend user (an address of me@example.com)\n',
    );
    expect(await h.app.users.findByAddress('someone@example.com')).toBeNull();
  });

  it.each([
    [
      ['users', 'add', 'x@example.com', '--tz', 'Mars/Olympus_Mons'],
      /^tend: 'Mars\/Olympus_Mons' is not an IANA timezone/,
    ],
    [['users', 'add', 'not-an-email'], /^tend: 'not-an-email' is not an email address/],
  ])('refuses bad input: %j', async (args, message) => {
    const r = await tend(env, args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('lists users in the SPEC shape', async () => {
    expect(await tendJson(env, ['users', 'list'])).toEqual([
      {
        email: 'me@example.com',
        addresses: ['me@example.com', 'me@work.example'],
        timezone: 'America/New_York',
        digest: { day: 'monday', hour: 8 },
        pausedUntil: null,
        unsubscribed: false,
        emailStopped: null,
      },
    ]);
  });
});

describe('contacts', () => {
  beforeAll(async () => {
    // Ana: BCC'd with +mentor (Bob on Cc), then she forwards an intro, then a follow-up to her.
    const logged = [
      await h.deliver(
        mail({
          to: 'Ana Lopez <ana@example.org>',
          cc: 'bob@example.net',
          subject: 'Great to meet you',
          date: 'Fri, 20 Nov 2026 09:30:00 +0000',
        }),
        { recipients: [`log+mentor@${h.ctx.domain}`] },
      ),
      await h.deliver(forward('Ana Lopez <ana@example.org>', 'Tue, Nov 24, 2026 at 3:15 PM')),
      await h.deliver(
        mail({
          to: 'ana@example.org',
          subject: 'Follow-up',
          date: 'Wed, 25 Nov 2026 10:00:00 +0000',
        }),
      ),
      await h.deliver(
        mail({
          to: 'Carol <carol@example.com>',
          subject: 'Coffee?',
          date: 'Thu, 26 Nov 2026 08:00:00 +0000',
        }),
      ),
    ];
    expect(logged.map((o) => o.outcome)).toEqual(['logged', 'logged', 'logged', 'logged']);
    const ana = await h.app.contacts.get(me.id, 'ana@example.org');
    await h.app.contacts.applyChange(me, ana!, {
      note: {
        id: ulid(),
        contactEmail: 'ana@example.org',
        at: '2026-11-25T11:00:00.000Z',
        text: 'Met at the Acme meetup',
      },
    });
  });

  it('lists contacts with the SPEC field names and types', async () => {
    const list = await tendJson<ContactJson[]>(env, ['contacts', 'list']);
    for (const c of list) contactSchema.parse(c);
    expect(list.map((c) => c.email).sort()).toEqual([
      'ana@example.org',
      'bob@example.net',
      'carol@example.com',
    ]);
    expect(list.find((c) => c.email === 'ana@example.org')).toMatchObject({
      name: 'Ana Lopez',
      tags: ['mentor'],
      cadenceDays: null,
      status: 'active',
      snoozedUntil: null,
      firstSeenAt: '2026-11-20T09:30:00.000Z',
      lastInteractionAt: '2026-11-25T10:00:00.000Z',
      // 3:15 PM in New York (EST) is 20:15Z.
      lastInboundAt: '2026-11-24T20:15:00.000Z',
      lastOutboundAt: '2026-11-25T10:00:00.000Z',
      interactionCount: 3,
      // 30 days after the last interaction: `mentor` is monthly by default (SPEC 9).
      nextDueAt: '2026-12-25T10:00:00.000Z',
      source: 'email',
    });
  });

  it('filters by tag', async () => {
    const list = await tendJson<ContactJson[]>(env, ['contacts', 'list', '--tag', 'Mentor']);
    expect(list.map((c) => c.email).sort()).toEqual(['ana@example.org', 'bob@example.net']);
  });

  it('lists only the contacts due at the CLI clock (TEND_NOW)', async () => {
    const [now, later] = await Promise.all([
      tendJson<ContactJson[]>(env, ['contacts', 'list', '--due']),
      tendJson<ContactJson[]>(cliEnv(h.ctx.env, { TEND_NOW: '2030-01-01T00:00:00Z' }), [
        'contacts',
        'list',
        '--due',
      ]),
    ]);
    expect(now).toEqual([]);
    expect(later.map((c) => c.email).sort()).toEqual([
      'ana@example.org',
      'bob@example.net',
      'carol@example.com',
    ]);
  });

  it('shows a contact with interactions newest first, notes and prompts', async () => {
    const ana = showSchema.parse(await tendJson(env, ['contacts', 'show', 'Ana@Example.org']));
    expect(ana.email).toBe('ana@example.org');
    expect(ana.interactions.map((i) => [i.at, i.direction, i.subject])).toEqual([
      ['2026-11-25T10:00:00.000Z', 'outbound', 'Follow-up'],
      ['2026-11-24T20:15:00.000Z', 'inbound', 'Intro to the hiring manager'],
      ['2026-11-20T09:30:00.000Z', 'outbound', 'Great to meet you'],
    ]);
    expect(ana.interactions[2]?.tags).toEqual(['mentor']);
    expect(ana.notes).toEqual([{ at: '2026-11-25T11:00:00.000Z', text: 'Met at the Acme meetup' }]);
    // The forward earned a thank-you prompt 24 h later; the follow-up came after it was due, so it stands.
    expect(ana.prompts).toEqual([
      expect.objectContaining({
        kind: 'thanks',
        dueAt: '2026-11-25T20:15:00.000Z',
        status: 'pending',
        sentAt: null,
      }),
    ]);
  });

  it('fails with exit 1 for a contact Tend does not know', async () => {
    const r = await tend(env, ['contacts', 'show', 'nobody@example.org']);
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'tend: no contact nobody@example.org for me@example.com (see `tend contacts list`)\n',
    });
  });
});

describe('quarantine and tick', () => {
  it('lists quarantined mail in the SPEC shape', async () => {
    await h.deliver(mail({ from: 'Stranger <stranger@example.net>', to: 'someone@example.org' }), {
      sesId: 'from-a-stranger',
    });
    await h.deliver(mail({ from: 'me@example.com', to: 'spoofed@example.org' }), {
      sesId: 'spoofed',
      verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' },
    });
    const list = await tendJson<Array<Record<string, unknown>>>(env, ['quarantine', 'list']);
    expect(list).toHaveLength(2);
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          receivedAt: '2026-11-26T10:00:00.000Z',
          from: 'stranger@example.net',
          s3Key: 'inbound/from-a-stranger',
          reason: 'unknown-sender',
        }),
        expect.objectContaining({
          receivedAt: '2026-11-26T10:00:00.000Z',
          from: 'me@example.com',
          s3Key: 'inbound/spoofed',
          reason: 'failed-authentication',
        }),
      ]),
    );
    for (const r of list)
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['receivedAt', 'from', 's3Key', 'reason']),
      );
  });

  it('sends a due thank-you prompt on `tick --now`', async () => {
    const report = await tendJson<{ sent: number }>(env, ['tick', '--now', '2026-11-26T12:05:00Z']);
    expect(report.sent).toBe(1);
    const [prompt] = await h.app.prompts.listFor(me.id, 'ana@example.org');
    expect(prompt).toMatchObject({ status: 'sent', sentAt: '2026-11-26T12:05:00.000Z' });
    // The user also got quarantine notices for the mail above: count the thank-yous alone.
    const sent = (await h.ctx.sentTo('me@example.com')).filter((e) => e.subject.includes('Ana'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.destination.to).toEqual(['me@example.com']);
  });
});

describe('several users', () => {
  it('needs --user to pick one, and works with it', async () => {
    await h.register('other@example.com');
    const [without, withUser] = await Promise.all([
      tend(env, ['contacts', 'list']),
      tendJson<ContactJson[]>(env, ['contacts', 'list', '--user', 'ME@example.com']),
    ]);
    expect(without.code).toBe(1);
    expect(without.stderr).toBe('tend: there are several users: say which with --user EMAIL\n');
    expect(withUser).toHaveLength(3);
  });

  it('removes a user and everything Tend holds for them; an unknown user is an error', async () => {
    const [removed, unknown] = await Promise.all([
      tend(env, ['users', 'remove', 'other@example.com', '--yes']),
      tend(env, ['users', 'remove', 'nobody@example.com']),
    ]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(
      /^removed other@example.com: \d+ records and 0 stored emails erased\n$/,
    );
    expect(await h.app.users.findByAddress('other@example.com')).toBeNull();
    expect((await h.app.users.list()).map((u) => u.email)).toEqual(['me@example.com']);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: 'tend: no Tend user has the address nobody@example.com\n',
    });
  });
});

describe('usage errors', () => {
  it('exits non-zero on an unknown command and shows the usage', async () => {
    const r = await tend(env, ['frobnicate']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^tend: unknown command 'frobnicate'\n/);
    expect(r.stderr).toMatch(/Usage: tend \[options\] \[command\]/);
  });
});
