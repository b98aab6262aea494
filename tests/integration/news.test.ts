import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { createHarness, forwardedMail, mail, type Harness } from '../support/tend-harness';

const DOMAIN = 'in.tend.localhost';
const NEWS = `news@${DOMAIN}`;
const ME = 'sharer@news-test.example';
const ALT = 'sharer.alt@news-test.example';
const ANA = 'ana@helpers.news-test.example';
const OMAR = 'omar@helpers.news-test.example';
const ZED = 'zed@helpers.news-test.example';
const CHECKLIST = /to tell your news$/;

describe('news@ and `news …`: the checklist of people to tell (SPEC 9)', () => {
  let h: Harness;
  let user: User;
  const checklists = async (address = ME) =>
    (await h.ctx.sentTo(address)).filter((e) => CHECKLIST.test(e.subject));

  beforeAll(async () => {
    h = await createHarness('news', '2026-11-26T15:00:00Z');
    user = await h.register(ME, 'Europe/London', [ALT]);
    // Ana's intro earns a thank-you prompt, sent the next day and then marked done.
    await h.deliver(forwardedMail(`Ana Lopez <${ANA}>`, ME, 'Thu, 26 Nov 2026 10:00:00 +0000'));
    // Omar is a mentor (log+mentor@); Zed is just someone the user wrote to.
    await h.deliver(mail({ from: ME, to: `Omar Haddad <${OMAR}>`, subject: 'Lunch?' }), {
      recipients: [`log+mentor@${DOMAIN}`],
    });
    await h.deliver(mail({ from: ME, to: `Zed Quinn <${ZED}>`, subject: 'Hello' }));
    await h.tick('2026-11-27T15:01:00Z');
    const prompt = (await h.ctx.sentTo(ME)).at(-1)!;
    h.setNow('2026-11-27T16:00:00Z');
    await h.deliver(mail({ from: ME, to: prompt.replyTo[0]!, subject: 'Re', body: 'done' }), {
      recipients: [prompt.replyTo[0]!],
    });
    expect((await h.app.prompts.listFor(user.id, ANA))[0]?.status).toBe('done');
    h.setNow('2026-12-01T09:00:00Z');
  });

  it('answers news@ with one checklist, to the user only: helpers numbered, each with a draft', async () => {
    const raw = mail({
      from: ALT,
      to: NEWS,
      subject: 'news',
      body: 'I started at Acme as Head of Product.\n',
      messageId: '<news-1@news-test.example>',
    });
    expect(await h.deliver(raw, { recipients: [NEWS] })).toEqual({
      outcome: 'news',
      result: 'sent',
    });
    const [email] = await checklists();
    expect(email).toBeDefined();
    expect(email!.destination.to).toEqual([ME]);
    expect(email!.subject).toBe('Tend: 2 people to tell your news');
    // Thanked (the prompt was done since: still someone who helped), then the mentor; not Zed.
    expect(email!.body.text).toMatch(/^1\. Ana Lopez$/m);
    expect(email!.body.text).toMatch(/^2\. Omar Haddad$/m);
    expect(email!.body.text).not.toContain(ZED);
    expect(email!.body.text).toContain(
      `mailto:ana@helpers.news-test.example?subject=Some%20news%3A%20I%20started%20at%20Acme`,
    );
    expect(email!.body.text).toContain('Some%20news%3A%20I%20started%20at%20Acme%20as%20Head');
    expect(email!.replyTo[0]).toMatch(/^reply\+s/);
    // Tend never writes to them itself, nor to the address the news came from.
    for (const address of [ANA, OMAR, ZED, ALT]) expect(await h.ctx.sentTo(address)).toEqual([]);

    // The same email delivered again: nothing more.
    expect(await h.deliver(raw, { recipients: [NEWS] })).toEqual({ outcome: 'duplicate' });
    expect(await checklists()).toHaveLength(1);
  });

  it("logs '2 done' on the checklist as telling that person, once", async () => {
    const [email] = await checklists();
    const replyTo = email!.replyTo[0]!;
    const before = await h.app.contacts.listInteractions(user.id, OMAR);
    const reply = mail({
      from: ME,
      to: replyTo,
      subject: `Re: ${email!.subject}`,
      body: '2 done\n\nOn Tue, Tend wrote:\n> 1 done\n',
      messageId: '<told-omar@news-test.example>',
    });
    expect(await h.deliver(reply, { recipients: [replyTo] })).toMatchObject({
      outcome: 'reply',
      result: '1/1 applied',
    });
    const after = await h.app.contacts.listInteractions(user.id, OMAR);
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({
      direction: 'manual',
      subject: 'Your news',
      snippet: 'Told them your news: I started at Acme as Head of Product.',
    });
    // Only #2: Ana (#1, in the quote) is untouched.
    expect(await h.app.contacts.listInteractions(user.id, ANA)).toHaveLength(2);
    const confirmation = (await h.ctx.sentTo(ME)).at(-1)!;
    expect(confirmation.body.text).toContain('Logged that you told Omar Haddad your news');

    expect(await h.deliver(reply, { recipients: [replyTo] })).toEqual({ outcome: 'duplicate' });
    expect(await h.app.contacts.listInteractions(user.id, OMAR)).toHaveLength(after.length);
    expect((await h.ctx.sentTo(OMAR)).length).toBe(0);
  });

  it('refuses a number the checklist does not have, and one with no number', async () => {
    const [email] = await checklists();
    const replyTo = email!.replyTo[0]!;
    await h.deliver(mail({ from: ME, to: replyTo, subject: 'Re', body: '7 done\ndone' }), {
      recipients: [replyTo],
    });
    const confirmation = (await h.ctx.sentTo(ME)).at(-1)!;
    expect(confirmation.body.text).toContain('there is no person 7 on that checklist (it had 2)');
    expect(confirmation.body.text).toContain("put their number first, like '2 done'");
  });

  it("answers a 'news …' reply with a new checklist, and only that, once", async () => {
    const anyTendEmail = (await checklists())[0]!;
    const replyTo = anyTendEmail.replyTo[0]!;
    const sentBefore = (await h.ctx.sentTo(ME)).length;
    const reply = mail({
      from: ME,
      to: replyTo,
      subject: 'Re: news',
      body: 'news We raised our seed round\n',
      messageId: '<news-reply@news-test.example>',
    });
    expect(await h.deliver(reply, { recipients: [replyTo] })).toEqual({
      outcome: 'reply',
      result: '1/1 applied',
    });
    expect(await h.deliver(reply, { recipients: [replyTo] })).toEqual({ outcome: 'duplicate' });
    const sent = await h.ctx.sentTo(ME);
    expect(sent).toHaveLength(sentBefore + 1);
    expect(sent.at(-1)!.subject).toMatch(CHECKLIST);
    expect(sent.at(-1)!.body.text).toContain('We raised our seed round');
    for (const address of [ANA, OMAR, ZED]) expect(await h.ctx.sentTo(address)).toEqual([]);
  });

  it('asks for the news when the email to news@ has none', async () => {
    const out = await h.deliver(mail({ from: ME, to: NEWS, subject: '', body: '' }), {
      recipients: [NEWS],
    });
    expect(out).toEqual({ outcome: 'news', result: 'no-news' });
    expect((await h.ctx.sentTo(ME)).at(-1)!.subject).toBe('Tend: what is your news?');
  });

  it("quarantines a stranger's mail to news@ and sends nothing", async () => {
    const stranger = 'stranger@evil.news-test.example';
    const out = await h.deliver(mail({ from: stranger, to: NEWS, body: 'I started at Acme' }), {
      recipients: [NEWS],
    });
    expect(out).toEqual({ outcome: 'quarantined', reason: 'unknown-sender' });
    expect(await h.ctx.sentTo(stranger)).toEqual([]);
    const spoofed = await h.deliver(mail({ from: ME, to: NEWS, body: 'I started at Acme' }), {
      recipients: [NEWS],
      verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' },
    });
    expect(spoofed).toEqual({ outcome: 'quarantined', reason: 'failed-authentication' });
  });

  it('sends nothing to an unsubscribed user, by news@ or by reply', async () => {
    const quiet = await h.register('quiet@news-test.example', 'Europe/London');
    await h.app.users.save({ ...quiet, unsubscribed: true });
    const out = await h.deliver(
      mail({ from: 'quiet@news-test.example', to: NEWS, body: 'I started at Acme' }),
      { recipients: [NEWS] },
    );
    expect(out).toEqual({ outcome: 'news', result: 'not-sent' });
    expect(await h.ctx.sentTo('quiet@news-test.example')).toEqual([]);
  });
});

describe('news@ credits introducers (SPEC 9)', () => {
  const SHARER = 'connector@news-intro.example';
  const JORDAN = 'jordan@lee.news-intro.example';
  const CHRIS = 'chris@acme.news-intro.example';

  it('lists whoever introduced the user to someone, with a draft, and not the person introduced', async () => {
    const h = await createHarness('news-intro', '2026-11-26T15:00:00Z');
    await h.register(SHARER, 'Europe/London');
    // Jordan introduces Chris; the forward is logged, nothing is sent yet (no prompt either).
    const intro = mail({
      from: SHARER,
      to: `log@${DOMAIN}`,
      subject: 'Fwd: Intro: Chris <> you',
      body: [
        '---------- Forwarded message ---------',
        `From: Jordan Lee <${JORDAN}>`,
        'Date: Thu, Nov 26, 2026 at 10:00 AM',
        'Subject: Intro: Chris <> you',
        `To: <${SHARER}>, Chris Park <${CHRIS}>`,
        '',
        'You two should talk: both of you are hiring PMs.',
        '',
      ].join('\n'),
    });
    expect(await h.deliver(intro)).toEqual({ outcome: 'logged', contacts: 2 });
    h.setNow('2026-11-26T18:00:00Z');

    expect(
      await h.deliver(mail({ from: SHARER, to: NEWS, body: 'I joined Globex.\n' }), {
        recipients: [NEWS],
      }),
    ).toEqual({ outcome: 'news', result: 'sent' });
    const [email] = (await h.ctx.sentTo(SHARER)).filter((e) => CHECKLIST.test(e.subject));
    expect(email?.subject).toBe('Tend: 1 person to tell your news');
    expect(email!.body.text).toMatch(/^1\. Jordan Lee$/m);
    expect(email!.body.text).toContain(`mailto:${JORDAN}?subject=Some%20news`);
    expect(email!.body.text).not.toContain(CHRIS);
  });
});
