import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { createHarness, mail, type Harness } from '../support/tend-harness';
import { CLI_TEST_TIMEOUT_MS, cliEnv, tend, tendJson } from './run-cli';

/**
 * SPEC 4, last paragraph: `tend contacts edit EMAIL` makes the reply commands' edits, read by the
 * same grammar and applied by the same use case ("one rule, two doors").
 */

const NOW = '2026-11-26T12:00:00Z';

interface ContactJson {
  email: string;
  name: string | null;
  tags: string[];
  cadenceDays: number | null;
  status: 'active' | 'muted';
  snoozedUntil: string | null;
  latestNote: string | null;
}

let h: Harness;
let env: Record<string, string>;
let me: User;

beforeAll(async () => {
  h = await createHarness('cli-contacts-edit', '2026-11-25T10:00:00Z');
  env = cliEnv(h.ctx.env, { TEND_NOW: NOW });
  me = await h.register('me@example.com', 'America/New_York');
  const logged = await h.deliver(
    mail({ to: '"Lopez, Ana" <ana@example.org>', date: 'Wed, 25 Nov 2026 10:00:00 +0000' }),
  );
  expect(logged.outcome).toBe('logged');
});

describe('contacts edit', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('renames, tags, sets the cadence, snoozes to a date in the user’s zone and adds a note', async () => {
    const out = await tendJson<ContactJson>(env, [
      'contacts',
      'edit',
      'Ana@Example.org',
      '--name',
      'Ana María López',
      '--tag',
      'mentor',
      '--tag',
      '#Advisor',
      '--every',
      '2 weeks',
      '--snooze',
      'until jan 5',
      '--note',
      'Met at the Acme meetup; wants an intro to Priya',
    ]);
    expect(out).toMatchObject({
      email: 'ana@example.org',
      name: 'Ana María López',
      tags: ['mentor', 'advisor'],
      cadenceDays: 14,
      status: 'active',
      // 5 January, 09:00 in New York (EST) = 14:00Z (SPEC 4: a date without a time is 09:00 local).
      snoozedUntil: '2027-01-05T14:00:00.000Z',
      latestNote: 'Met at the Acme meetup; wants an intro to Priya',
    });
    const notes = await h.app.contacts.listNotes(me.id, 'ana@example.org');
    expect(notes).toEqual([
      expect.objectContaining({
        at: '2026-11-26T12:00:00.000Z',
        text: 'Met at the Acme meetup; wants an intro to Priya',
      }),
    ]);
  });

  it('keeps the name the user set when later mail carries another', async () => {
    await h.deliver(mail({ to: '"Lopez, Ana" <ana@example.org>', subject: 'Follow-up' }));
    expect((await h.app.contacts.get(me.id, 'ana@example.org'))?.contact.name).toBe(
      'Ana María López',
    );
  });

  it('untags, mutes and unmutes, saying what each change did', async () => {
    const muted = await tend(env, [
      'contacts',
      'edit',
      'ana@example.org',
      '--untag',
      'mentor',
      '--mute',
    ]);
    expect(muted).toMatchObject({
      code: 0,
      stdout:
        "Removed the tag 'mentor' from Ana María López\n" +
        "Muted Ana María López: no more prompts about them (reply 'unmute' to undo)\n",
      stderr: '',
    });
    const stored = (await h.app.contacts.get(me.id, 'ana@example.org'))!.contact;
    expect(stored).toMatchObject({ tags: ['advisor'], status: 'muted' });

    const unmuted = await tendJson<ContactJson>(env, [
      'contacts',
      'edit',
      'ana@example.org',
      '--unmute',
    ]);
    expect(unmuted.status).toBe('active');
  });

  it.each([
    [
      'a duration it cannot read',
      ['--every', 'soon'],
      "tend: --every soon: every needs a duration, like 'every 2 months' or 'every 30d' (I couldn't read 'soon')\n",
    ],
    [
      'a snooze in the past',
      ['--snooze', 'yesterday'],
      'tend: --snooze yesterday: that date is in the past\n',
    ],
    [
      'a tag of two words, with every other problem at once',
      ['--tag', 'two words', '--every', '0d'],
      "tend: --tag 'two words': a tag is one word of at most 40 letters, digits, '-' or '_', like 'tag mentor'; --every 0d: every needs at least 1 day\n",
    ],
    ['--mute with --unmute', ['--mute', '--unmute'], 'tend: give --mute or --unmute, not both\n'],
    [
      'no change at all',
      [],
      'tend: say what to change: --name, --tag, --untag, --every, --snooze, --mute, --unmute, --note, --birthday or --anniversary\n',
    ],
    [
      'a birthday that is not a date',
      ['--birthday', 'feb 30'],
      "tend: --birthday 'feb 30': birthday: February has no day 30\n",
    ],
  ])('refuses %s and changes nothing', async (_what, flags, stderr) => {
    const before = (await h.app.contacts.get(me.id, 'ana@example.org'))!;
    // A valid flag next to the bad ones: nothing is applied when any flag is wrong.
    const valid = flags.length > 0 ? ['--tag', 'vip'] : [];
    const r = await tend(env, ['contacts', 'edit', 'ana@example.org', ...valid, ...flags]);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr });
    expect((await h.app.contacts.get(me.id, 'ana@example.org'))!.version).toBe(before.version);
  });

  it('refuses a contact Tend does not know', async () => {
    const r = await tend(env, ['contacts', 'edit', 'nobody@example.org', '--tag', 'mentor']);
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'tend: no contact nobody@example.org for me@example.com (see `tend contacts list`)\n',
    });
    expect(await h.app.contacts.get(me.id, 'nobody@example.org')).toBeNull();
  });
});
