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
    // Ana was met yesterday: logged twice this week, but not someone "reconnected" with (SPEC 3).
    expect(await h.app.contacts.weekActivity(user.id, h.now())).toEqual({
      logged: 2,
      reconnected: 0,
    });
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

describe('a snoozed thank-you comes back', () => {
  it('sends the prompt again, once, when "snooze 2w" ends', async () => {
    const h = await createHarness('replies-snooze-back', '2026-11-26T15:00:00Z');
    const ME = 'snoozer@replies.example';
    const user = await h.register(ME, 'UTC');
    await h.deliver(
      forwardFrom('Ana Lopez <ana@example.org>', ME, 'Thu, Nov 26, 2026 at 10:00 AM'),
    );
    await h.tick('2026-11-27T10:01:00Z');
    const [first] = await h.ctx.sentTo(ME);
    const replyTo = first!.replyTo[0]!;

    h.setNow('2026-11-27T11:00:00Z');
    expect(
      await h.deliver(gmailReply(ME, replyTo, 'snooze 2w'), { recipients: [replyTo] }),
    ).toMatchObject({ outcome: 'reply', result: '1/1 applied' });
    const isPrompt = (e: { subject: string }) => e.subject === first!.subject;
    expect((await h.ctx.sentTo(ME)).filter(isPrompt)).toHaveLength(1);

    // A day before the snooze ends: nothing.
    await h.tick('2026-12-10T11:00:00Z');
    expect((await h.ctx.sentTo(ME)).filter(isPrompt)).toHaveLength(1);

    // When it ends: the same thank-you prompt, once, with a fresh reply address.
    expect((await h.tick('2026-12-11T11:01:00Z')).sent).toBe(1);
    await h.tick('2026-12-11T12:00:00Z');
    await h.tick('2026-12-12T12:00:00Z');
    const prompts = (await h.ctx.sentTo(ME)).filter(isPrompt);
    expect(prompts).toHaveLength(2);
    expect(prompts[1]!.replyTo[0]).not.toBe(replyTo);
    const [prompt] = await h.app.prompts.listFor(user.id, 'ana@example.org');
    expect(prompt).toMatchObject({ status: 'sent', sentAt: '2026-12-11T11:01:00.000Z' });
    expect(
      (await h.app.contacts.get(user.id, 'ana@example.org'))!.contact.pendingThanks,
    ).toBeNull();

    // "done" to the prompt that came back closes it for good.
    h.setNow('2026-12-11T12:00:00Z');
    await h.deliver(gmailReply(ME, prompts[1]!.replyTo[0]!, 'done'), {
      recipients: [prompts[1]!.replyTo[0]!],
    });
    expect((await h.app.prompts.get(user.id, prompt!.id))?.status).toBe('done');
  });
});

describe('skip, by context', () => {
  it('on a thank-you prompt closes that prompt and keeps the snooze, cadence and clock', async () => {
    const h = await createHarness('replies-skip-prompt', '2026-11-26T15:00:00Z');
    const ME = 'skipper@replies.example';
    const user = await h.register(ME, 'UTC');
    await h.deliver(
      forwardFrom('Ana Lopez <ana@example.org>', ME, 'Thu, Nov 26, 2026 at 10:00 AM'),
    );
    await h.tick('2026-11-27T10:01:00Z');
    const [first] = await h.ctx.sentTo(ME);
    const replyTo = first!.replyTo[0]!;
    h.setNow('2026-11-27T11:00:00Z');
    await h.deliver(gmailReply(ME, replyTo, 'every 30d\nsnooze 2w'), { recipients: [replyTo] });
    const before = (await h.app.contacts.get(user.id, 'ana@example.org'))!.contact;

    h.setNow('2026-11-28T11:00:00Z');
    expect(
      await h.deliver(gmailReply(ME, replyTo, 'skip'), { recipients: [replyTo] }),
    ).toMatchObject({ outcome: 'reply', result: '1/1 applied' });
    const after = (await h.app.contacts.get(user.id, 'ana@example.org'))!.contact;
    expect(after).toEqual({ ...before, pendingThanks: null });
    expect(after).toMatchObject({
      snoozedUntil: '2026-12-11T11:00:00.000Z',
      cadenceDays: 30,
      clockResetAt: null,
    });
    const [prompt] = await h.app.prompts.listFor(user.id, 'ana@example.org');
    expect(prompt?.status).toBe('done');
    expect((await h.ctx.sentTo(ME)).at(-1)!.body.text).toMatch(
      /Skipped the thank-you to Ana Lopez/,
    );

    // Skipped: it does not come back when the snooze ends.
    await h.tick('2026-12-11T11:01:00Z');
    expect((await h.ctx.sentTo(ME)).filter((e) => e.subject === first!.subject)).toHaveLength(1);
  });

  it("on a digest item restarts that contact's clock, logs nothing, and keeps its snooze and open thank-you", async () => {
    const h = await createHarness('replies-skip-digest', '2026-12-01T12:00:00Z');
    const ME = 'digest-skipper@replies.example';
    const user = await h.register(ME, 'UTC');
    await h.deliver(
      mail({
        from: ME,
        to: 'Old Friend <old@example.org>',
        date: 'Tue, 01 Dec 2025 12:00:00 +0000',
      }),
    );
    await h.tick('2026-12-07T08:01:00Z');
    const digestEmail = (await h.ctx.sentTo(ME)).at(-1)!;
    const [digest] = await h.app.digests.list(user.id);
    expect(digest?.items.map((i) => i.contactEmail)).toEqual(['old@example.org']);
    // Old Friend writes (forwarded): a thank-you is now pending for them.
    h.setNow('2026-12-07T09:00:00Z');
    await h.deliver(forwardFrom('Old Friend <old@example.org>', ME, 'Mon, Dec 7, 2026 at 8:30 AM'));
    const replyTo = digestEmail.replyTo[0]!;
    // And the user snoozes them, from the digest.
    await h.deliver(mail({ from: ME, to: replyTo, subject: 'Re: digest', body: '1 snooze 1m' }), {
      recipients: [replyTo],
    });
    const before = (await h.app.contacts.get(user.id, 'old@example.org'))!.contact;
    expect(before.pendingThanks).not.toBeNull();
    expect(before.snoozedUntil).toBe('2027-01-07T09:00:00.000Z');

    h.setNow('2026-12-07T10:00:00Z');
    await h.deliver(mail({ from: ME, to: replyTo, subject: 'Re: digest', body: '1 skip' }), {
      recipients: [replyTo],
    });
    const after = (await h.app.contacts.get(user.id, 'old@example.org'))!.contact;
    expect(after).toEqual({ ...before, clockResetAt: '2026-12-07T10:00:00.000Z' });
    expect(await h.app.contacts.listInteractions(user.id, 'old@example.org')).toHaveLength(2);
    const prompt = await h.app.prompts.get(user.id, before.pendingThanks!.id);
    expect(prompt?.status).toBe('pending');
  });
});

describe('commands that name their contact', () => {
  it('apply to that contact from a reply to any Tend email, and refuse an address that is not a contact', async () => {
    const h = await createHarness('replies-named', '2026-11-26T15:00:00Z');
    const ME = 'namer@replies.example';
    const user = await h.register(ME, 'UTC');
    await h.deliver(
      forwardFrom('Ana Lopez <ana@example.org>', ME, 'Thu, Nov 26, 2026 at 10:00 AM'),
    );
    await h.deliver(mail({ from: ME, to: '"Haddad, Omar" <omar@globex.example>' }));
    await h.tick('2026-11-27T10:01:00Z');
    const promptReplyTo = (await h.ctx.sentTo(ME))[0]!.replyTo[0]!;

    // A reply to Ana's prompt, naming Omar: Omar changes, Ana does not.
    h.setNow('2026-11-27T11:00:00Z');
    const anaBefore = (await h.app.contacts.get(user.id, 'ana@example.org'))!.contact;
    expect(
      await h.deliver(
        gmailReply(
          ME,
          promptReplyTo,
          [
            'tag omar@globex.example recruiter',
            'rename Omar@Globex.example Omar Haddad',
            'note omar@globex.example Met at the meetup',
            'every omar@globex.example 2 months',
            'tag nobody@globex.example recruiter',
          ].join('\n'),
        ),
        { recipients: [promptReplyTo] },
      ),
    ).toMatchObject({ outcome: 'reply', result: '4/5 applied' });
    expect((await h.app.contacts.get(user.id, 'ana@example.org'))!.contact).toEqual(anaBefore);
    expect((await h.app.contacts.get(user.id, 'omar@globex.example'))!.contact).toMatchObject({
      name: 'Omar Haddad',
      nameSetByUser: true,
      tags: ['recruiter'],
      latestNote: 'Met at the meetup',
      cadenceDays: 60,
    });
    const confirmation = (await h.ctx.sentTo(ME)).at(-1)!;
    expect(confirmation.body.text).toContain('nobody@globex.example is not one of your contacts');

    // A reply to that confirmation (no prompt, no digest) names the contact too.
    const confirmReplyTo = confirmation.replyTo[0]!;
    expect(
      await h.deliver(
        mail({
          from: ME,
          to: confirmReplyTo,
          subject: 'Re: Tend',
          body: 'snooze omar@globex.example 2w',
        }),
        { recipients: [confirmReplyTo] },
      ),
    ).toMatchObject({ outcome: 'reply', result: '1/1 applied' });
    expect((await h.app.contacts.get(user.id, 'omar@globex.example'))!.contact.snoozedUntil).toBe(
      '2026-12-11T11:00:00.000Z',
    );
    // Without an address a contact command there has no one to apply to, and says how to name one.
    await h.deliver(mail({ from: ME, to: confirmReplyTo, subject: 'Re: Tend', body: 'mute' }), {
      recipients: [confirmReplyTo],
    });
    expect((await h.ctx.sentTo(ME)).at(-1)!.body.text).toMatch(/needs a person: name them/);

    // The user's name stands: later mail with another display name does not overwrite it.
    await h.deliver(mail({ from: ME, to: 'O. H. <omar@globex.example>' }));
    expect((await h.app.contacts.get(user.id, 'omar@globex.example'))!.contact.name).toBe(
      'Omar Haddad',
    );
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

describe('replies Tend must not act on', () => {
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

  /** Nothing about the contact changes; the only email sent, if any, is the notice to the
   * registered sender (SPEC 4: at most one per reason per hour, never to a stranger). */
  async function expectNothingChanged(
    run: () => Promise<unknown>,
    expected: unknown,
    notices: { me?: number; other?: number } = {},
  ) {
    const before = await h.app.contacts.get(user.id, 'guy@example.org');
    const [meBefore, otherBefore] = [
      (await h.ctx.sentTo(ME)).length,
      (await h.ctx.sentTo(other.email)).length,
    ];
    expect(await run()).toEqual(expected);
    expect(await h.app.contacts.get(user.id, 'guy@example.org')).toEqual(before);
    const [meAfter, otherAfter] = [await h.ctx.sentTo(ME), await h.ctx.sentTo(other.email)];
    expect(meAfter.length - meBefore).toBe(notices.me ?? 0);
    expect(otherAfter.length - otherBefore).toBe(notices.other ?? 0);
    for (const notice of [...meAfter.slice(meBefore), ...otherAfter.slice(otherBefore)])
      expect(notice.subject).toBe(
        'Tend could not use your email “Re: Thank Ana Lopez for the intro?”',
      );
  }

  it('quarantines a forged token, and tells the user once', async () => {
    const forged = `reply+t${'0'.repeat(49)}@${DOMAIN}`;
    await expectNothingChanged(
      () => h.deliver(gmailReply(ME, forged, 'mute'), { recipients: [forged] }),
      { outcome: 'quarantined', reason: 'bad-token' },
      { me: 1 },
    );
  });

  it('quarantines a token signed for another user (no second notice within the hour)', async () => {
    const secret = await h.app.tokenSecret();
    const [prompt] = await h.app.prompts.listFor(user.id, 'guy@example.org');
    const theirs = `reply+${issueToken(secret, other.id, { kind: 'thanks', ref: prompt!.id, issuedAt: h.now() })}@${DOMAIN}`;
    await expectNothingChanged(
      () => h.deliver(gmailReply(ME, theirs, 'mute'), { recipients: [theirs] }),
      { outcome: 'quarantined', reason: 'bad-token' },
    );
  });

  it('quarantines an expired token (older than 60 days), and says so', async () => {
    h.setNow('2027-02-01T00:00:00Z');
    await expectNothingChanged(
      () => h.deliver(gmailReply(ME, replyTo, 'mute'), { recipients: [replyTo] }),
      { outcome: 'quarantined', reason: 'bad-token' },
      { me: 1 },
    );
    const notice = (await h.ctx.sentTo(ME)).at(-1)!;
    expect(notice.body.text).toMatch(/more than 60 days old/);
    h.setNow('2026-11-27T12:00:00Z');
  });

  it('quarantines a valid token sent from another registered user, telling that user only', async () => {
    await expectNothingChanged(
      () => h.deliver(gmailReply(other.email, replyTo, 'mute'), { recipients: [replyTo] }),
      { outcome: 'quarantined', reason: 'bad-token' },
      { other: 1 },
    );
  });

  it('quarantines a valid token sent from an unknown address, telling no one', async () => {
    await expectNothingChanged(
      () =>
        h.deliver(gmailReply('stranger@evil.example', replyTo, 'forget'), {
          recipients: [replyTo],
        }),
      { outcome: 'quarantined', reason: 'unknown-sender' },
    );
  });

  it('quarantines a spoofed From (authentication failed) even with a valid token, telling no one', async () => {
    h.setNow('2026-11-27T14:00:00Z'); // a new hour: only the rule stops a notice
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
  it('unsubscribe is final until subscribe: no confirmations, help or notices; resume does not undo it', async () => {
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
    const sent = await h.ctx.sentTo(ME);
    expect(sent).toHaveLength(2); // the prompt and one confirmation, the last email
    expect(sent[1]!.body.text).toMatch(/last email Tend sends you, until you reply 'subscribe'/);

    await h.deliver(forwardFrom('Wes <wes@example.org>', ME, 'Fri, Nov 27, 2026 at 10:00 AM'));
    await h.tick('2026-11-30T13:00:00Z');
    await h.tick('2026-12-07T13:00:00Z');
    // Replies are not answered, help included; mail Tend cannot use gets no notice.
    for (const body of ['resume', 'help', 'frobnicate', 'mute'])
      expect(
        await h.deliver(mail({ from: ME, to: replyTo, subject: 'Re: x', body }), {
          recipients: [replyTo],
        }),
      ).toMatchObject({ outcome: 'reply' });
    expect(await h.deliver(mail({ from: ME, to: `log@${DOMAIN}`, body: 'a note' }))).toEqual({
      outcome: 'quarantined',
      reason: 'no-contacts',
    });
    expect(await h.ctx.sentTo(ME)).toHaveLength(2);
    expect((await h.app.users.get(user.id))?.unsubscribed).toBe(true);

    await h.deliver(mail({ from: ME, to: replyTo, subject: 'Re: x', body: 'subscribe' }), {
      recipients: [replyTo],
    });
    expect((await h.app.users.get(user.id))?.unsubscribed).toBe(false);
    const after = await h.ctx.sentTo(ME);
    expect(after).toHaveLength(3);
    expect(after[2]!.body.text).toMatch(/Welcome back/);
    expect(await h.app.digests.getSchedule(user.id)).not.toBeNull();
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
