import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { TIMELINE_PAGE } from '../../functions/web/routes/contact';
import { forwardedMail, mail } from '../support/tend-harness';
import { createWebHarness, type WebClient, type WebHarness } from './web-harness';

const enc = encodeURIComponent;
const ME = 'pager@timeline.example';
const PEN = 'pen@pals.example';
const EXTRA = 12;

/**
 * SPEC 8 budgets: a contact's timeline is paged on the server, newest first, so a long history
 * neither weighs nor reads more than one page; and the page says who introduced the contact.
 */
describe('the contact page with a long history', () => {
  let h: WebHarness;
  let user: User;
  let browser: WebClient;
  const path = `/contacts/${enc(PEN)}`;

  beforeAll(async () => {
    h = await createWebHarness('web-timeline', '2025-06-01T12:00:00Z');
    user = await h.register(ME, 'Europe/London');
    // Two emails a week to the same pen pal, from June 2025 on: more than a page of them.
    for (let i = 0; i < TIMELINE_PAGE + EXTRA; i += 1) {
      const at = new Date(Date.parse('2025-06-01T12:00:00Z') + i * 3.5 * 86_400_000);
      h.setNow(at.toISOString());
      await h.deliver(
        mail({
          from: ME,
          to: `Pen Pal <${PEN}>`,
          subject: `Letter ${i + 1}`,
          date: at.toUTCString(),
          messageId: `<letter-${i}@timeline.example>`,
        }),
      );
    }
    browser = h.client();
    await browser.signIn(h, user);
  });

  it(`shows the newest ${TIMELINE_PAGE} interactions, with a link to the older ones`, async () => {
    const page = await browser.get(path);
    expect(page.status).toBe(200);
    const letters = [...page.html.matchAll(/<h3>Letter (\d+)<\/h3>/g)].map((m) => Number(m[1]));
    const total = TIMELINE_PAGE + EXTRA;
    expect(letters).toEqual(Array.from({ length: TIMELINE_PAGE }, (_, i) => total - i));
    expect(page.html).toMatch(/>\s*Older\s*<\/a>/);
    expect(page.text).not.toContain('Newest');
    // Dates of another year than today's carry their year.
    expect(page.html).toMatch(/2025<\/time>/);
  });

  it('pages back to the oldest, then says there is nothing older', async () => {
    const first = await browser.get(path);
    const older = /href="([^"]+before=[^"]+)"\s*>\s*Older/
      .exec(first.html)?.[1]
      ?.replaceAll('&amp;', '&');
    expect(older).toBeDefined();
    const second = await browser.get(older!);
    const letters = [...second.html.matchAll(/<h3>Letter (\d+)<\/h3>/g)].map((m) => Number(m[1]));
    expect(letters).toEqual(Array.from({ length: EXTRA }, (_, i) => EXTRA - i));
    expect(second.text).toContain('Newest');
    expect(second.text).not.toContain('Older');
  });

  it('refuses a timeline position that is not a time', async () => {
    expect((await browser.get(`${path}?before=yesterday`)).status).toBe(400);
    expect((await browser.get(`${path}?before=${enc("2025-01-01' OR 1=1")}`)).status).toBe(400);
  });

  it('names who introduced the contact, linking to them', async () => {
    await h.deliver(
      forwardedMail(
        'Jordan Lee <jordan@lee.timeline.example>',
        ME,
        'Thu, 26 Nov 2026 10:00:00 +0000',
        'Intro: Chris <> you',
      ).replace(`To: <${ME}>`, `To: <${ME}>, Chris Park <chris@acme.timeline.example>`),
    );
    const chris = (await h.app.contacts.get(user.id, 'chris@acme.timeline.example'))?.contact;
    expect(chris?.introducedBy).toBe('jordan@lee.timeline.example');
    const page = await browser.get(`/contacts/${enc('chris@acme.timeline.example')}`);
    expect(page.html).toContain('<dt>Introduced by</dt>');
    expect(page.html).toContain(`href="/contacts/${enc('jordan@lee.timeline.example')}"`);
    expect(page.text).toContain('Jordan Lee &lt;jordan@lee.timeline.example&gt;');
    // The forward earns Jordan a thank-you prompt: his page says what it is for and where it is.
    const jordan = await browser.get(`/contacts/${enc('jordan@lee.timeline.example')}`);
    expect(jordan.text).toMatch(
      /Thank-you for “Intro: Chris &lt;&gt; you” · to be sent \(due \w{3} \d{1,2} \w{3}/,
    );
    // SPEC 8: and whom Jordan introduced, linking to them; Chris introduced nobody.
    expect(jordan.html).toContain('<dt>Introduced you to</dt>');
    expect(jordan.html).toMatch(
      new RegExp(`<a href="/contacts/${enc('chris@acme.timeline.example')}"\\s*>Chris Park</a`),
    );
    expect(page.html).not.toContain('Introduced you to');
  });
});
