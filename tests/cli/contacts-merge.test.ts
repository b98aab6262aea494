import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { createHarness, forwardedMail, mail, type Harness } from '../support/tend-harness';
import { CLI_TEST_TIMEOUT_MS, cliEnv, tend, tendJson } from './run-cli';

/**
 * SPEC 9, one person with many addresses, through the two doors a user has at hand:
 * `tend contacts merge PRIMARY OTHER` and the `merge OTHER` reply command.
 */

interface MergedJson {
  outcome: 'merged' | 'already';
  email: string;
  aliases: string[];
  interactionCount: number;
}

interface ShownJson {
  email: string;
  interactionCount: number;
  aliases: string[];
  likelyDuplicates: string[];
  interactions: unknown[];
}

let h: Harness;
let env: Record<string, string>;
let me: User;

beforeAll(async () => {
  h = await createHarness('cli-contacts-merge', '2026-11-20T10:00:00Z');
  env = cliEnv(h.ctx.env, { TEND_NOW: '2026-11-26T12:00:00Z' });
  me = await h.register('merge-me@example.com', 'Europe/London');
  for (const [to, date] of [
    ['Sam Lee <sam@work.example>', 'Fri, 20 Nov 2026 10:00:00 +0000'],
    ['Sam Lee <sam@home.example>', 'Sat, 21 Nov 2026 10:00:00 +0000'],
    ['Kim Ito <kim@work.example>', 'Sat, 21 Nov 2026 11:00:00 +0000'],
  ] as const)
    expect((await h.deliver(mail({ from: me.email, to, date }))).outcome).toBe('logged');
});

describe('contacts merge', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('suggests the likely duplicate under the list, then merges it, once', async () => {
    const list = await tend(env, ['contacts', 'list']);
    expect(list.stdout).toContain('likely the same person');
    expect(list.stdout).toMatch(/Sam Lee.*sam@home\.example.*sam@work\.example/s);
    // `contacts show` suggests it too, in text and JSON, and merges nothing.
    const show = await tend(env, ['contacts', 'show', 'sam@work.example']);
    expect(show.stdout).toContain(
      'likely the same person: Sam Lee <sam@home.example> (merge with: tend contacts merge sam@work.example sam@home.example)',
    );
    const shown = await tendJson<ShownJson>(env, ['contacts', 'show', 'sam@home.example']);
    expect(shown).toMatchObject({ likelyDuplicates: ['sam@work.example'], aliases: [] });
    const kim = await tendJson<ShownJson>(env, ['contacts', 'show', 'kim@work.example']);
    expect(kim.likelyDuplicates).toEqual([]);
    expect((await tend(env, ['contacts', 'show', 'kim@work.example'])).stdout).not.toContain(
      'likely the same person',
    );
    expect(await h.app.contacts.get(me.id, 'sam@home.example')).not.toBeNull();

    const merged = await tendJson<MergedJson>(env, [
      'contacts',
      'merge',
      'sam@work.example',
      'Sam@Home.example',
    ]);
    expect(merged).toMatchObject({
      outcome: 'merged',
      email: 'sam@work.example',
      aliases: ['sam@home.example'],
      interactionCount: 2,
    });
    const again = await tendJson<MergedJson>(env, [
      'contacts',
      'merge',
      'sam@work.example',
      'sam@home.example',
    ]);
    expect(again.outcome).toBe('already');
    expect((await tend(env, ['contacts', 'list'])).stdout).not.toContain('likely the same person');
    // Later mail to the other address logs to the one contact.
    await h.deliver(
      mail({ from: me.email, to: 'sam@home.example', date: 'Mon, 23 Nov 2026 10:00:00 +0000' }),
    );
    const after = await tendJson<ShownJson>(env, ['contacts', 'show', 'sam@home.example']);
    expect(after).toMatchObject({
      email: 'sam@work.example',
      interactionCount: 3,
      aliases: ['sam@home.example'],
      likelyDuplicates: [],
    });
    expect(after.interactions).toHaveLength(3);
  });

  it('says what is wrong and exits non-zero', async () => {
    const unknown = await tend(env, ['contacts', 'merge', 'sam@work.example', 'nobody@x.example']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('nobody@x.example is not one of your contacts');
    const same = await tend(env, ['contacts', 'merge', 'kim@work.example', 'kim@work.example']);
    expect(same.code).not.toBe(0);
    expect(same.stderr).toContain('cannot merge kim@work.example into itself');
    const alias = await tend(env, ['contacts', 'merge', 'sam@home.example', 'kim@work.example']);
    expect(alias.code).not.toBe(0);
    expect(alias.stderr).toContain('sam@home.example is an address of sam@work.example');
  });

  it("merges with 'merge OTHER' in a reply to a prompt about the contact", async () => {
    // Lee (two addresses) helps: a thank-you prompt about lee@one.example, sent the next day.
    h.setNow('2026-11-24T10:00:00Z');
    await h.deliver(mail({ from: me.email, to: 'Lee Park <lee@two.example>', subject: 'Hi' }));
    await h.deliver(forwardedMail('Lee Park <lee@one.example>', me.email, 'Tue, 24 Nov 2026'));
    await h.tick('2026-11-25T11:00:00Z');
    const prompt = (await h.ctx.sentTo(me.email)).at(-1)!;
    expect(prompt.subject).toContain('Lee Park');
    const replyTo = prompt.replyTo[0]!;
    const out = await h.deliver(
      mail({
        from: me.email,
        to: replyTo,
        subject: `Re: ${prompt.subject}`,
        body: 'merge lee@two.example\n',
      }),
      { recipients: [replyTo] },
    );
    expect(out).toMatchObject({ outcome: 'reply', result: '1/1 applied' });
    const lee = (await h.app.contacts.get(me.id, 'lee@one.example'))!.contact;
    expect(lee.aliases).toEqual(['lee@two.example']);
    expect(await h.app.contacts.get(me.id, 'lee@two.example')).toBeNull();
  });
});
