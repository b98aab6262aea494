import { forwardedIntro as introMail } from '../support/intro-mail';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { mail } from '../support/tend-harness';
import { createWebHarness, type WebClient, type WebHarness } from './web-harness';

/**
 * SPEC 8 Today and SPEC 9: a close-the-loop prompt Tend sent ("Tell Jordan how it went with
 * Chris") is listed on Today until it is done, with the actions a reply to it has; the digest's
 * reminder line stays about thank-yous.
 */

const ME = 'me@loops.example';
const OTHER = 'other@loops.example';

const forwardedIntro = (user: string) =>
  introMail({
    user,
    introducer: 'Jordan Lee <jordan@lee.example>',
    introduced: 'Chris Park <chris@acme.example>',
    subject: 'Intro: Chris <> Me',
  });

describe('Today lists the loops to close (SPEC 8, 9)', () => {
  let h: WebHarness;
  let me: User;
  let browser: WebClient;
  let other: WebClient;

  beforeAll(async () => {
    h = await createWebHarness('web-today-loops', '2026-11-24T20:10:00Z');
    me = await h.register(ME, 'America/New_York');
    const them = await h.register(OTHER, 'UTC');
    for (const from of [ME, OTHER]) {
      await h.deliver(forwardedIntro(from));
      await h.deliver(
        mail({
          from,
          to: 'Chris Park <chris@acme.example>',
          subject: 'Coffee next week?',
          date: 'Wed, 25 Nov 2026 15:00:00 +0000',
        }),
      );
    }
    h.setNow('2026-12-02T15:01:00Z');
    await h.tick('2026-12-02T15:01:00Z');
    browser = h.client();
    await browser.signIn(h, me);
    other = h.client();
    await other.signIn(h, them);
  });

  it('shows the sent prompt with the introducer, the ask and its actions', async () => {
    const page = await browser.get('/today');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h2 id="loops-heading">Loops to close (1)</h2>');
    expect(page.text).toContain('Jordan Lee Tell Jordan how it went with Chris');
    const section = page.html.slice(page.html.indexOf('loops-heading'));
    expect(section).toMatch(/<input type="hidden" name="prompt" value="[0-9A-Z]{26}" \/>/);
    // Not a thank-you: the thank-you list counts the thank-yous only.
    const sent = await h.app.prompts.sentSince(me.id, '2026-11-01T00:00:00Z');
    expect(sent.filter((p) => p.kind === 'loop')).toHaveLength(1);
    const thanks = sent.filter((p) => p.kind === 'thanks').length;
    expect(page.text).toContain(`Thank-yous to send (${thanks})`);
  });

  it('closes it with Done, logging the follow-up with the introducer, and lists it no more', async () => {
    const page = await browser.get('/today');
    const promptId = /name="prompt" value="([0-9A-Z]{26})"/.exec(
      page.html.slice(page.html.indexOf('loops-heading')),
    )![1]!;
    const before = (await h.app.contacts.get(me.id, 'jordan@lee.example'))!.contact;
    const formId = /name="formId" value="([^"]+)"/.exec(page.html)![1]!;
    const res = await browser.post('/contacts/jordan%40lee.example/actions', {
      csrf: browser.csrf(),
      back: '/today',
      formId,
      prompt: promptId,
      action: 'done',
    });
    expect(res.status).toBe(303);
    expect((await h.app.prompts.get(me.id, promptId))?.status).toBe('done');
    const after = (await h.app.contacts.get(me.id, 'jordan@lee.example'))!.contact;
    expect(after.interactionCount).toBe(before.interactionCount + 1);
    const again = await browser.get('/today');
    expect(again.html).not.toContain('loops-heading');
  });

  it("shows each user only their own loops: the other user's is still open", async () => {
    const page = await other.get('/today');
    expect(page.html).toContain('Loops to close (1)');
    expect(page.text).not.toContain(ME);
  });
});
