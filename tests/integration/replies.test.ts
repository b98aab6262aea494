import { beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../shared/domain/tokens';
import type { User } from '../../shared/domain/types';
import { createHarness, mail, type Harness } from '../support/tend-harness';

const DOMAIN = 'in.tend.localhost';

function forwardFrom(sender: string, userEmail: string, date: string): string {
  return mail({
    from: userEmail,
    to: `log@${DOMAIN}`,
    subject: 'Fwd: Intro to the Acme team',
    body: [
      '---------- Forwarded message ---------',
      `From: ${sender}`,
      `Date: ${date}`,
      'Subject: Intro to the Acme team',
      `To: <${userEmail}>`,
      '',
      'Happy to introduce you.',
      '',
    ].join('\n'),
  });
}

/** A reply the way Gmail writes it: new text on top, then the quoted email with its own commands. */
function gmailReply(
  from: string,
  replyTo: string,
  newText: string,
  extra: Record<string, string> = {},
): string {
  return mail({
    from,
    to: replyTo,
    subject: 'Re: Thank Ana Lopez for the intro?',
    headers: { 'In-Reply-To': '<prompt@in.tend.localhost>', ...extra },
    body: `${newText}\n\nOn Fri, Nov 27, 2026 at 10:01 AM Tend <tend@${DOMAIN}> wrote:\n> Thank Ana Lopez for the intro?\n> Reply with done, snooze 2w, skip, mute or forget.\n> done\n> forget\n`,
  });
}

describe('replying to a thank-you prompt', () => {
  let h: Harness;
  let user: User;
  let replyTo: string;
  const ME = 'replier@replies.example';

  beforeAll(async () => {
    h = await createHarness('replies-prompt', '2026-11-26T15:00:00Z');
    user = await h.register(ME, 'America/New_York');
    await h.deliver(
      forwardFrom('Ana Lopez <ana@example.org>', ME, 'Thu, Nov 26, 2026 at 10:00 AM'),
    );
    await h.tick('2026-11-27T15:01:00Z');
    const [prompt] = await h.ctx.sentTo(ME);
    replyTo = prompt!.replyTo[0]!;
    h.setNow('2026-11-27T16:00:00Z');
  });

  it('snoozes that contact for "snooze 2w" above a Gmail quote, and confirms once', async () => {
    const reply = gmailReply(ME, replyTo, 'snooze 2w', {
      'Message-ID': '<reply-1@replies.example>',
    });
    const out = await h.deliver(reply, { recipients: [replyTo] });
    expect(out).toMatchObject({ outcome: 'reply', result: '1/1 applied' });
    const ana = (await h.app.contacts.get(user.id, 'ana@example.org'))!.contact;
    const days = (new Date(ana.snoozedUntil!).getTime() - h.now().getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(13.5);
    expect(days).toBeLessThan(14.8);
    // Nothing from the quote ran: no 'done' interaction, not forgotten.
    expect(ana.interactionCount).toBe(1);
    const confirmations = (await h.ctx.sentTo(ME)).filter((e) =>
      e.subject.startsWith('Tend: done'),
    );
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.body.text).toMatch(/Snoozed Ana Lopez until/);
    expect(confirmations[0]!.body.text).toContain('snooze 2w'); // each command is echoed

    // The same reply delivered again (SES retry, or a second copy) changes nothing, sends nothing.
    expect(await h.deliver(reply, { recipients: [replyTo] })).toEqual({ outcome: 'duplicate' });
    expect((await h.ctx.sentTo(ME)).filter((e) => e.subject.startsWith('Tend: done'))).toHaveLength(
      1,
    );
  });

  it('marks the prompt done and logs a manual interaction for "done"', async () => {
    await h.deliver(gmailReply(ME, replyTo, 'Done.'), { recipients: [replyTo] });
    const ana = (await h.app.contacts.get(user.id, 'ana@example.org'))!.contact;
    expect(ana).toMatchObject({ interactionCount: 2, lastInteractionAt: h.now().toISOString() });
    const [latest] = await h.app.contacts.listInteractions(user.id, 'ana@example.org');
    expect(latest?.direction).toBe('manual');
    const [prompt] = await h.app.prompts.listFor(user.id, 'ana@example.org');
    expect(prompt?.status).toBe('done');
  });

  it('adds a dated note and several commands in one reply, reporting the line it did not understand', async () => {
    const before = (await h.ctx.sentTo(ME)).length;
    await h.deliver(
      gmailReply(
        ME,
        replyTo,
        'note Met at the Acme meetup, loves climbing\ntag mentor\nfrobnicate',
      ),
      { recipients: [replyTo] },
    );
    const ana = (await h.app.contacts.get(user.id, 'ana@example.org'))!.contact;
    expect(ana.tags).toContain('mentor');
    expect(ana.latestNote).toBe('Met at the Acme meetup, loves climbing');
    expect(await h.app.contacts.listNotes(user.id, 'ana@example.org')).toEqual([
      expect.objectContaining({ text: 'Met at the Acme meetup, loves climbing' }),
    ]);
    const sent = await h.ctx.sentTo(ME);
    expect(sent).toHaveLength(before + 1);
    const confirmation = sent[sent.length - 1]!;
    expect(confirmation.body.text).toContain('frobnicate');
    expect(confirmation.body.text).toMatch(/snooze/); // the help table
  });
});

describe('replying to a digest', () => {
  it('applies "2 done / 1 mute / 3 every 2 months" to the items as numbered, and reports "bogus"', async () => {
    const h = await createHarness('replies-digest', '2026-12-01T12:00:00Z');
    const ME = 'digest-replier@replies.example';
    const user = await h.register(ME, 'America/New_York');
    const ago = (days: number) =>
      new Date(Date.parse('2026-12-01T12:00:00Z') - days * 86_400_000)
        .toUTCString()
        .replace('GMT', '+0000');
    for (const [name, days] of [
      ['One', 400],
      ['Two', 300],
      ['Three', 200],
    ] as const) {
      await h.deliver(
        mail({
          from: ME,
          to: `${name} Person <${name.toLowerCase()}@example.org>`,
          date: ago(days),
        }),
      );
    }
    await h.tick('2026-12-07T13:01:00Z');
    const [digestEmail] = await h.ctx.sentTo(ME);
    expect(digestEmail).toBeDefined();
    const [digest] = await h.app.digests.list(user.id);
    expect(digest?.items.map((i) => i.contactEmail)).toEqual([
      'one@example.org',
      'two@example.org',
      'three@example.org',
    ]);
    // The data changes after the digest went out: the numbers still mean what the person saw.
    await h.deliver(
      mail({ from: ME, to: 'one@example.org', date: 'Mon, 07 Dec 2026 13:30:00 +0000' }),
    );

    h.setNow('2026-12-07T14:00:00Z');
    const replyTo = digestEmail!.replyTo[0]!;
    const out = await h.deliver(
      mail({
        from: ME,
        to: replyTo,
        subject: 'Re: your digest',
        body: '2 done\n1 mute\n3 every 2 months\nbogus\n\nOn Mon, Dec 7, 2026 at 8:01 AM Tend wrote:\n> 1. One Person\n> 2. Two Person\n',
      }),
      { recipients: [replyTo] },
    );
    expect(out).toMatchObject({ outcome: 'reply', result: '3/4 applied' });
    const get = async (e: string) => (await h.app.contacts.get(user.id, e))!.contact;
    expect(await get('two@example.org')).toMatchObject({
      lastInteractionAt: '2026-12-07T14:00:00.000Z',
      interactionCount: 2,
    });
    expect(await get('one@example.org')).toMatchObject({ status: 'muted' });
    expect(await get('three@example.org')).toMatchObject({ cadenceDays: 60 });
    const sent = await h.ctx.sentTo(ME);
    expect(sent).toHaveLength(2);
    const confirmation = sent[1]!;
    expect(confirmation.subject).toBe('Tend: 3 done, 1 not understood');
    expect(confirmation.body.text).toContain('bogus');
  });
});

describe('replies Tend must ignore', () => {
  let h: Harness;
  let user: User;
  let other: User;
  let replyTo: string;
  const ME = 'guarded@replies.example';

  beforeAll(async () => {
    h = await createHarness('replies-guard', '2026-11-26T15:00:00Z');
    user = await h.register(ME, 'UTC');
    other = await h.register('someone-else@replies.example', 'UTC');
    await h.deliver(forwardFrom('Guy <guy@example.org>', ME, 'Thu, Nov 26, 2026 at 10:00 AM'));
    await h.tick('2026-11-27T10:01:00Z');
    replyTo = (await h.ctx.sentTo(ME))[0]!.replyTo[0]!;
  });

  async function expectNothingChanged(run: () => Promise<unknown>, expected: unknown) {
    const before = await h.app.contacts.get(user.id, 'guy@example.org');
    const sentBefore = (await h.ctx.sentTo(ME)).length + (await h.ctx.sentTo(other.email)).length;
    expect(await run()).toEqual(expected);
    expect(await h.app.contacts.get(user.id, 'guy@example.org')).toEqual(before);
    expect((await h.ctx.sentTo(ME)).length + (await h.ctx.sentTo(other.email)).length).toBe(
      sentBefore,
    );
  }

  it('quarantines a forged token', async () => {
    const forged = `reply+t${'0'.repeat(49)}@${DOMAIN}`;
    await expectNothingChanged(
      () => h.deliver(gmailReply(ME, forged, 'mute'), { recipients: [forged] }),
      { outcome: 'quarantined', reason: 'bad-token' },
    );
  });

  it('quarantines a token signed for another user', async () => {
    const secret = await h.app.tokenSecret();
    const [prompt] = await h.app.prompts.listFor(user.id, 'guy@example.org');
    const theirs = `reply+${issueToken(secret, other.id, { kind: 'thanks', ref: prompt!.id, issuedAt: h.now() })}@${DOMAIN}`;
    await expectNothingChanged(
      () => h.deliver(gmailReply(ME, theirs, 'mute'), { recipients: [theirs] }),
      { outcome: 'quarantined', reason: 'bad-token' },
    );
  });

  it('quarantines an expired token (older than 60 days)', async () => {
    h.setNow('2027-02-01T00:00:00Z');
    await expectNothingChanged(
      () => h.deliver(gmailReply(ME, replyTo, 'mute'), { recipients: [replyTo] }),
      { outcome: 'quarantined', reason: 'bad-token' },
    );
    h.setNow('2026-11-27T12:00:00Z');
  });

  it('quarantines a valid token sent from another registered user', async () => {
    await expectNothingChanged(
      () => h.deliver(gmailReply(other.email, replyTo, 'mute'), { recipients: [replyTo] }),
      { outcome: 'quarantined', reason: 'bad-token' },
    );
  });

  it('quarantines a valid token sent from an unknown address', async () => {
    await expectNothingChanged(
      () =>
        h.deliver(gmailReply('stranger@evil.example', replyTo, 'forget'), {
          recipients: [replyTo],
        }),
      { outcome: 'quarantined', reason: 'unknown-sender' },
    );
  });

  it('quarantines a spoofed From (authentication failed) even with a valid token', async () => {
    await expectNothingChanged(
      () =>
        h.deliver(gmailReply(ME, replyTo, 'forget'), {
          recipients: [replyTo],
          verdicts: { spf: 'FAIL', dkim: 'FAIL' },
        }),
      { outcome: 'quarantined', reason: 'failed-authentication' },
    );
  });

  it('drops an auto-reply to the reply address silently (no mail loop)', async () => {
    await expectNothingChanged(
      () =>
        h.deliver(
          gmailReply(ME, replyTo, 'I am out of the office until Monday.', {
            'Auto-Submitted': 'auto-replied',
          }),
          { recipients: [replyTo] },
        ),
      { outcome: 'dropped', reason: 'auto-submitted' },
    );
  });
});

describe('user commands', () => {
  it('unsubscribe stops every email but its confirmation; resume restores; List-Unsubscribe works alike', async () => {
    const h = await createHarness('replies-unsub', '2026-11-26T15:00:00Z');
    const ME = 'leaver@replies.example';
    const user = await h.register(ME, 'UTC');
    await h.deliver(forwardFrom('Vic <vic@example.org>', ME, 'Thu, Nov 26, 2026 at 10:00 AM'));
    await h.tick('2026-11-27T10:01:00Z');
    const replyTo = (await h.ctx.sentTo(ME))[0]!.replyTo[0]!;

    // The List-Unsubscribe mailto: subject "unsubscribe", empty body.
    await h.deliver(mail({ from: ME, to: replyTo, subject: 'unsubscribe', body: '' }), {
      recipients: [replyTo],
    });
    expect((await h.app.users.get(user.id))?.unsubscribed).toBe(true);
    expect(await h.ctx.sentTo(ME)).toHaveLength(2); // the prompt and one confirmation

    await h.deliver(forwardFrom('Wes <wes@example.org>', ME, 'Fri, Nov 27, 2026 at 10:00 AM'));
    await h.tick('2026-11-30T13:00:00Z');
    await h.tick('2026-12-07T13:00:00Z');
    expect(await h.ctx.sentTo(ME)).toHaveLength(2);

    await h.deliver(mail({ from: ME, to: replyTo, subject: 'Re: x', body: 'resume' }), {
      recipients: [replyTo],
    });
    expect((await h.app.users.get(user.id))?.unsubscribed).toBe(false);
    expect(await h.ctx.sentTo(ME)).toHaveLength(3);
  });

  it('forget deletes the contact and its history, and later BCCs skip the address', async () => {
    const h = await createHarness('replies-forget', '2026-11-26T15:00:00Z');
    const ME = 'forgetter@replies.example';
    const user = await h.register(ME, 'UTC');
    await h.deliver(forwardFrom('Xan <xan@example.org>', ME, 'Thu, Nov 26, 2026 at 10:00 AM'));
    await h.tick('2026-11-27T10:01:00Z');
    const replyTo = (await h.ctx.sentTo(ME))[0]!.replyTo[0]!;
    await h.deliver(mail({ from: ME, to: replyTo, subject: 'Re: x', body: 'forget' }), {
      recipients: [replyTo],
    });
    expect(await h.app.contacts.get(user.id, 'xan@example.org')).toBeNull();
    expect(await h.app.contacts.listInteractions(user.id, 'xan@example.org')).toEqual([]);
    expect(await h.app.prompts.listFor(user.id, 'xan@example.org')).toEqual([]);
    expect(await h.deliver(mail({ from: ME, to: 'xan@example.org' }))).toEqual({
      outcome: 'quarantined',
      reason: 'no-contacts',
    });
  });

  it('digest off removes the schedule and digest friday 9am moves it', async () => {
    const h = await createHarness('replies-digest-cmd', '2026-12-01T12:00:00Z');
    const ME = 'scheduler@replies.example';
    const user = await h.register(ME, 'Europe/Berlin');
    await h.deliver(forwardFrom('Yul <yul@example.org>', ME, 'Mon, Nov 30, 2026 at 10:00 AM'));
    await h.tick('2026-12-01T12:01:00Z');
    const replyTo = (await h.ctx.sentTo(ME))[0]!.replyTo[0]!;
    await h.deliver(mail({ from: ME, to: replyTo, subject: 'Re', body: 'digest friday 9am' }), {
      recipients: [replyTo],
    });
    // Friday 4 Dec 2026, 09:00 Berlin (CET, UTC+1) = 08:00Z.
    expect((await h.app.digests.getSchedule(user.id))?.dueAt).toBe('2026-12-04T08:00:00.000Z');
    await h.deliver(mail({ from: ME, to: replyTo, subject: 'Re', body: 'digest off' }), {
      recipients: [replyTo],
    });
    expect(await h.app.digests.getSchedule(user.id)).toBeNull();
    expect((await h.app.users.get(user.id))?.digest).toBeNull();
  });
});
