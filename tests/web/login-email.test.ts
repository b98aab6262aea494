import { beforeAll, describe, expect, it } from 'vitest';
import { routeRecipients } from '../../shared/domain/ingest/address-hints';
import { forwardedMail, mail } from '../support/tend-harness';
import { createWebHarness, ORIGIN, type WebHarness } from './web-harness';

const DOMAIN = 'in.tend.localhost';
const LOGIN = `login@${DOMAIN}`;
const SUBJECT = 'Your Tend sign-in link';

/** The sign-in link in the text part of a login email. */
function linkIn(text: string | undefined): string {
  const url = /https?:\/\/\S+\/login\/[A-Za-z0-9_-]{43}/.exec(text ?? '')?.[0];
  if (!url) throw new Error('no sign-in link in the email');
  return url;
}

describe('login@: a sign-in link by email (SPEC 1 and 8)', () => {
  let h: WebHarness;
  const ME = 'asker@login.example';
  const linksTo = async (address: string) =>
    (await h.ctx.sentTo(address)).filter((e) => e.subject === SUBJECT);

  beforeAll(async () => {
    h = await createWebHarness('web-login-email', '2026-11-26T10:00:00Z', { TEND_WEB_URL: ORIGIN });
    await h.register(ME, 'Europe/London', ['asker.alt@login.example']);
  });

  it.each([
    [[LOGIN], { kind: 'login' }],
    [[`LOGIN@${DOMAIN.toUpperCase()}`], { kind: 'login' }],
    [[`login+x@${DOMAIN}`], { kind: 'log' }],
    [[`login@elsewhere.example`], null],
  ])('routes mail to %j as %j', (recipients, route) => {
    const got = routeRecipients(recipients, DOMAIN);
    expect(got === null ? null : { kind: got.kind }).toEqual(route);
  });

  it('answers the user, at their primary address, with a link that signs in once', async () => {
    const out = await h.deliver(
      mail({ from: 'asker.alt@login.example', to: LOGIN, subject: 'login' }),
      {
        recipients: [LOGIN],
      },
    );
    expect(out).toEqual({ outcome: 'login', result: 'sent' });
    const [email] = await linksTo(ME);
    expect(email).toBeDefined();
    expect(await linksTo('asker.alt@login.example')).toEqual([]);
    const link = linkIn(email!.body.text);
    expect(email!.body.html).toContain(link);
    expect(email!.body.text).toContain('15 minutes');

    const browser = h.client();
    const path = new URL(link).pathname;
    expect((await browser.get(path)).text).toContain('Sign in');
    const token = path.split('/').pop()!;
    expect((await browser.post('/login', { token })).location).toBe('/today');
    expect((await browser.get('/today')).text).toContain(`Signed in as ${ME}`);
    expect((await h.client().post('/login', { token })).status).toBe(400);
  });

  it('sends one link for an email delivered twice', async () => {
    const raw = mail({ from: ME, to: LOGIN, messageId: '<twice@login.example>' });
    const before = (await linksTo(ME)).length;
    expect(await h.deliver(raw, { recipients: [LOGIN] })).toEqual({
      outcome: 'login',
      result: 'sent',
    });
    expect(await h.deliver(raw, { recipients: [LOGIN] })).toEqual({ outcome: 'duplicate' });
    expect((await linksTo(ME)).length).toBe(before + 1);
  });

  it('sends nothing to a stranger, nor on mail that fails authentication', async () => {
    const stranger = await h.deliver(mail({ from: 'stranger@evil.example', to: LOGIN }), {
      recipients: [LOGIN],
    });
    expect(stranger).toEqual({ outcome: 'quarantined', reason: 'unknown-sender' });
    expect(await linksTo('stranger@evil.example')).toEqual([]);

    const before = (await linksTo(ME)).length;
    const spoofed = await h.deliver(mail({ from: ME, to: LOGIN }), {
      recipients: [LOGIN],
      verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' },
    });
    expect(spoofed).toEqual({ outcome: 'quarantined', reason: 'failed-authentication' });
    expect((await linksTo(ME)).length).toBe(before);
  });

  it('sends nothing after unsubscribe', async () => {
    const quiet = await h.register('quiet@login.example', 'Europe/London');
    await h.app.users.save({ ...quiet, unsubscribed: true });
    const out = await h.deliver(mail({ from: 'quiet@login.example', to: LOGIN }), {
      recipients: [LOGIN],
    });
    expect(out).toEqual({ outcome: 'login', result: 'not-sent' });
    expect(await linksTo('quiet@login.example')).toEqual([]);
  });

  it("answers a 'login' reply to a Tend email with a link that signs in, once per reply", async () => {
    const replier = 'replier@login.example';
    await h.register(replier, 'Europe/London');
    // A forwarded intro earns a thank-you prompt, sent the next day: the email to reply to.
    await h.deliver(forwardedMail('Ana Lopez <ana@example.org>', replier, 'Thu, Nov 26, 2026'));
    h.setNow('2026-11-27T15:00:00Z');
    await h.tick();
    const tendEmail = (await h.ctx.sentTo(replier)).at(-1);
    const replyTo = tendEmail?.replyTo[0];
    expect(replyTo).toMatch(/^reply\+/);
    const reply = mail({
      from: replier,
      to: replyTo!,
      subject: `Re: ${tendEmail!.subject}`,
      messageId: '<login-reply@login.example>',
      body: 'login\n',
    });
    const confirmations = async () =>
      (await h.ctx.sentTo(replier)).filter((e) => /sign in to tend/i.test(e.body.text ?? ''));

    expect(await h.deliver(reply, { recipients: [replyTo!] })).toMatchObject({
      outcome: 'reply',
      result: '1/1 applied',
    });
    expect(await h.deliver(reply, { recipients: [replyTo!] })).toEqual({ outcome: 'duplicate' });
    const answers = await confirmations();
    expect(answers).toHaveLength(1);
    const path = new URL(linkIn(answers[0]!.body.text)).pathname;
    const browser = h.client();
    const token = path.split('/').pop()!;
    expect((await browser.post('/login', { token })).location).toBe('/today');
    expect((await browser.get('/today')).text).toContain(`Signed in as ${replier}`);
  });
});
