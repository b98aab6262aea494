import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNSUBSCRIBE_LINK_TTL_DAYS } from '../../shared/domain/limits';
import { oneClickUnsubscribeUrl } from '../../shared/use-cases/one-click-unsubscribe';
import { headerField, recordRaw } from '../support/raw-mail';
import { mail } from '../support/tend-harness';
import { NOW, seedUser, type SeededUser } from './seed';
import { servedInBrowser } from './served-browser';
import { createWebHarness, textOf, type WebHarness } from './web-harness';

/**
 * SPEC 7, RFC 8058 one-click unsubscribe, end to end on the real local engines: the prompt the
 * dispatcher sends carries both header fields; a mail provider's POST to the link (no cookie, no
 * Origin, no CSRF token) unsubscribes its user once, as the `unsubscribe` reply does, and Tend
 * sends nothing after; the GET changes nothing; a link that is forged, altered, too old or not
 * a one-click body is refused with 4xx, changing nothing for anyone.
 */

/** The web app's public address: https, as deployed (RFC 8058 wants an https URI). */
const WEB = 'https://tend.test';
const ME = 'ada@unsub.example';
const OTHER = 'bea@unsub.example';
/** Monday 30 Nov 2026, 08:00 in London: the users' first digest slot after NOW. */
const DIGEST_AT = '2026-11-30T08:00:00Z';
const ONE_CLICK = 'List-Unsubscribe=One-Click';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface Answer {
  status: number;
  text: string;
  headers: Headers;
}

describe('one-click unsubscribe (RFC 8058)', () => {
  let h: WebHarness;
  let a: SeededUser;
  let b: SeededUser;
  let raws: ReturnType<typeof recordRaw>;
  /** The path of the one-click link in A's thank-you prompt. */
  let link: string;
  let replyTo: string;

  /** A request the way a mail provider sends it: no cookie, no Origin, no Referer. */
  async function provider(
    path: string,
    init: { method?: string; type?: string | null; body?: string | FormData } = {},
  ): Promise<Answer> {
    const headers = new Headers();
    const type = init.type === undefined ? 'application/x-www-form-urlencoded' : init.type;
    if (type !== null) headers.set('Content-Type', type);
    const res = await h.web.request(`${WEB}${path}`, {
      method: init.method ?? 'POST',
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    return { status: res.status, text: textOf(await res.text()), headers: res.headers };
  }

  const userA = async () => h.app.users.get(a.user.id);
  const userB = async () => h.app.users.get(b.user.id);
  /** The token field `index` replaced (0 head, 1 user, 2 time, 3 MAC). */
  const alter = (index: number, value: string) => {
    const parts = link.split('/').pop()!.split('.');
    parts[index] = value;
    return `/unsubscribe/${parts.join('.')}`;
  };

  beforeAll(async () => {
    h = await createWebHarness('web-one-click-unsubscribe', NOW, { TEND_WEB_URL: WEB });
    raws = recordRaw(h.app);
    a = await seedUser(h, ME, {
      overdue: 'Bob Stone <bob@globex.example>',
      due: 'Cy Ray <cy@initech.example>',
      recent: 'Dee Park <dee@globex.example>',
      helper: 'Ana Lopez <ana@helpers.example>',
    });
    b = await seedUser(h, OTHER, {
      overdue: 'Zed Zane <zed@zeta.example>',
      due: 'Yan Young <yan@yonder.example>',
      recent: 'Xia Xu <xia@xeno.example>',
      helper: 'Wes West <wes@west.example>',
    });
    const prompt = raws.find((r) => r.to === ME);
    if (!prompt) throw new Error('the thank-you prompt was not sent');
    const field = headerField(prompt.raw, 'List-Unsubscribe') ?? '';
    const https = /^<(https:\/\/[^>]+)>/.exec(field)?.[1];
    if (!https) throw new Error(`no https URI first in List-Unsubscribe: ${field}`);
    link = new URL(https).pathname;
    replyTo = (await h.ctx.sentTo(ME))[0]!.replyTo[0]!;
  });

  it('puts the https link and the mailto in every email the dispatcher sends, marked one-click', () => {
    expect(raws.length).toBeGreaterThanOrEqual(2);
    for (const { raw, to } of raws) {
      const field = headerField(raw, 'List-Unsubscribe');
      expect(field).toMatch(
        /^<https:\/\/tend\.test\/unsubscribe\/u\.[0-9a-z]{26}\.[0-9a-v]{7}\.[0-9a-v]{26}>, <mailto:reply\+[0-9a-z]{50}@in\.tend\.localhost\?subject=unsubscribe>$/,
      );
      expect(headerField(raw, 'List-Unsubscribe-Post')).toBe(ONE_CLICK);
      // The mailto is the email's own reply address: the `unsubscribe` reply's door.
      const reply = headerField(raw, 'Reply-To');
      expect(field).toContain(`<mailto:${reply}?subject=unsubscribe>`);
      expect([ME, OTHER]).toContain(to);
    }
    expect(replyTo).toMatch(/^reply\+/);
  });

  it('gives no https link and no -Post field where the web app is not https (npm start)', async () => {
    const local = { ...h.app, config: { ...h.app.config, TEND_WEB_URL: 'http://127.0.0.1:8080' } };
    expect(await oneClickUnsubscribeUrl(local, a.user, h.now())).toBeNull();
    const none = { ...h.app, config: { ...h.app.config, TEND_WEB_URL: undefined } };
    expect(await oneClickUnsubscribeUrl(none, a.user, h.now())).toBeNull();
  });

  it('shows one Unsubscribe button on GET, and the GET changes nothing', async () => {
    const before = await userA();
    const page = await h.client(WEB).get(link);

    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.text).toContain('Unsubscribe from Tend?');
    expect(page.text).toContain(ME);
    expect(page.html.match(/<form method="post"/g)).toHaveLength(1);
    expect(page.html).toContain(`action="${link}"`);
    expect(page.html).toContain(
      '<input type="hidden" name="List-Unsubscribe" value="One-Click" />',
    );
    expect(page.html).toContain('<button type="submit">Unsubscribe</button>');
    // Scanners fetch links any number of times, HEAD too.
    await provider(link, { method: 'GET', type: null });
    await provider(link, { method: 'HEAD', type: null });
    expect(await userA()).toEqual(before);
  });

  it.each([
    ['another user’s id swapped in', () => alter(1, '01kb0000000000000000000bea'), 404],
    ['a forged MAC', () => alter(3, 'a'.repeat(26)), 404],
    ['its time changed', () => alter(2, '0000001'), 404],
    ['an action link’s head', () => alter(0, 'dt'), 404],
    ['junk for a token', () => '/unsubscribe/not-a-token', 404],
    ['a token cut short', () => link.slice(0, -4), 404],
    ['a 4 KB token', () => `/unsubscribe/${'u.'.repeat(2048)}`, 404],
  ])('refuses a link with %s, changing nothing for anyone', async (_name, make, status) => {
    const [beforeA, beforeB] = [await userA(), await userB()];
    for (const res of [
      await provider(make(), { body: ONE_CLICK }),
      await provider(make(), { method: 'GET', type: null }),
    ]) {
      expect(res.status).toBe(status);
      expect(res.text).toContain('This link does not work');
      expect(res.text).toContain('Nothing changed');
      expect(res.text).not.toContain(ME);
    }
    expect(await userA()).toEqual(beforeA);
    expect(await userB()).toEqual(beforeB);
  });

  it(`refuses the link after ${UNSUBSCRIBE_LINK_TTL_DAYS} days (410), changing nothing`, async () => {
    const before = await userA();
    h.setNow(
      new Date(Date.parse(NOW) + (UNSUBSCRIBE_LINK_TTL_DAYS + 1) * 86_400_000).toISOString(),
    );
    try {
      for (const res of [
        await provider(link, { body: ONE_CLICK }),
        await provider(link, { method: 'GET', type: null }),
      ]) {
        expect(res.status).toBe(410);
        expect(res.text).toContain('This link has expired');
        expect(res.text).not.toContain(ME);
      }
    } finally {
      h.setNow(NOW);
    }
    expect(await userA()).toEqual(before);
  });

  it.each([
    ['no content type', { type: null, body: ONE_CLICK }, 415],
    ['a JSON body', { type: 'application/json', body: '{"List-Unsubscribe":"One-Click"}' }, 415],
    ['a text/plain body', { type: 'text/plain', body: ONE_CLICK }, 415],
    ['an empty form', { body: '' }, 400],
    ['another value', { body: 'List-Unsubscribe=Yes' }, 400],
    ['a body of 1 MB', { body: `${ONE_CLICK}&x=${'a'.repeat(1_000_000)}` }, 413],
  ])('refuses a POST with %s (4xx, never 5xx), changing nothing', async (_name, init, status) => {
    const before = await userA();
    const res = await provider(link, init);
    expect(res.status).toBe(status);
    expect(await userA()).toEqual(before);
  });

  it('unsubscribes on a POST with no cookie and no Origin, as the `unsubscribe` reply does, once', async () => {
    const before = await userA();
    const started = Date.now();
    const res = await provider(link, { body: ONE_CLICK });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.text).toContain('You are unsubscribed');
    const after = await userA();
    expect(after?.unsubscribed).toBe(true);
    // Only that flag changed, and only for A.
    expect(after).toEqual({ ...before, unsubscribed: true });
    expect((await userB())?.unsubscribed).toBe(false);

    // Posted again (a provider's retry, a double click): 200, nothing written.
    const again = await provider(link, { body: ONE_CLICK });
    expect(again.status).toBe(200);
    expect(again.text).toContain('You are unsubscribed');
    expect(await userA()).toEqual(after);
    const page = await h.client(WEB).get(link);
    expect(page.text).toContain('You are unsubscribed');
    expect(page.html).not.toContain('<form method="post"');
  });

  it('sends A nothing after, not even a confirmation, while B still gets the digest', async () => {
    const mine = (await h.ctx.sentTo(ME)).length;
    const theirs = (await h.ctx.sentTo(OTHER)).length;
    h.setNow(DIGEST_AT);
    await h.tick(DIGEST_AT);
    expect(await h.ctx.sentTo(ME)).toHaveLength(mine);
    expect((await h.ctx.sentTo(OTHER)).length).toBeGreaterThan(theirs);
  });

  it('works again after a `subscribe` reply: the button on an old email is meant', async () => {
    await h.deliver(mail({ from: ME, to: replyTo, subject: 'Re: Tend', body: 'subscribe' }), {
      recipients: [replyTo],
    });
    expect((await userA())?.unsubscribed).toBe(false);
    const res = await provider(link, { body: ONE_CLICK });
    expect(res.status).toBe(200);
    expect((await userA())?.unsubscribed).toBe(true);
    h.setNow(NOW);
  });

  it('answers two posts of the same link at once with 200 each, unsubscribed once', async () => {
    const d = await h.register('dee@unsub.example', 'Europe/London');
    const path = new URL((await oneClickUnsubscribeUrl(h.app, d, h.now()))!).pathname;
    const answers = await Promise.all([1, 2, 3].map(() => provider(path, { body: ONE_CLICK })));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const after = await h.app.users.get(d.id);
    expect(after).toEqual({ ...d, unsubscribed: true });
  });

  it('never answers 5xx to random paths under /unsubscribe/ (fuzz), and changes nothing', async () => {
    const before = await userA();
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789.-_~%';
    let seed = 20261208;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 200; i++) {
      const length = Math.floor(next() * 120);
      const junk = Array.from({ length }, () => chars[Math.floor(next() * chars.length)]).join('');
      const res = await provider(`/unsubscribe/${encodeURI(junk)}`, {
        method: i % 2 ? 'POST' : 'GET',
        type: i % 2 ? 'application/x-www-form-urlencoded' : null,
        ...(i % 2 ? { body: ONE_CLICK } : {}),
      });
      expect(res.status, junk).toBeGreaterThanOrEqual(400);
      expect(res.status, junk).toBeLessThan(500);
    }
    expect(await userA()).toEqual(before);
  });

  it('takes the multipart/form-data body RFC 8058 prefers', async () => {
    const url = await oneClickUnsubscribeUrl(h.app, b.user, h.now());
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const res = await provider(new URL(url!).pathname, { type: null, body: form });
    expect(res.status).toBe(200);
    expect((await userB())?.unsubscribed).toBe(true);
  });

  describe('in a real browser', () => {
    const served = servedInBrowser((request) => h.web.fetch(request));

    it('has a page with no axe violation, usable at 320 px without JavaScript', async () => {
      const browser = served.browser();
      const base = served.base();
      const c = await h.register('cy@unsub.example', 'Europe/London');
      const path = new URL((await oneClickUnsubscribeUrl(h.app, c, h.now()))!).pathname;

      // axe needs scripts: the page in a context that runs them (the CSP bypassed for axe only).
      const checked = await browser.newContext({
        viewport: { width: 320, height: 640 },
        bypassCSP: true,
      });
      const tab = await checked.newPage();
      await tab.goto(`${base}${path}`);
      expect(await tab.locator('h1').innerText()).toBe('Unsubscribe from Tend?');
      const fits = await tab.evaluate<boolean>(
        'document.documentElement.scrollWidth <= window.innerWidth',
      );
      expect(fits, 'no horizontal scrolling at 320 px').toBe(true);
      await tab.addScriptTag({
        content: await readFile(resolve('node_modules/axe-core/axe.min.js'), 'utf8'),
      });
      const violations = await tab.evaluate<Array<{ id: string }>>(
        `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } }).then((r) => r.violations)`,
      );
      expect(violations.map((v) => v.id)).toEqual([]);
      await checked.close();

      // The button works with scripts off: a plain form post of the one-click body.
      const plain = await browser.newContext({
        viewport: { width: 320, height: 640 },
        javaScriptEnabled: false,
      });
      const page = await plain.newPage();
      await page.goto(`${base}${path}`);
      await page.getByRole('button', { name: 'Unsubscribe' }).click();
      expect(await page.locator('h1').innerText()).toBe('You are unsubscribed');
      expect((await h.app.users.get(c.id))?.unsubscribed).toBe(true);
      await plain.close();
    });
  });
});
