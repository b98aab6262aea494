import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SesStoredEmail } from '../../local/services';
import { NOW, seedUser, type SeededUser } from './seed';
import { servedInBrowser } from './served-browser';
import { createWebHarness, ORIGIN, type WebHarness } from './web-harness';

/**
 * SPEC 8, action links in emails: the Done / Snooze 2 weeks / Open links of the prompts and
 * digests the dispatcher really sends (read back from local SES), opened and pressed against the
 * web app on the real local engines: a GET changes nothing, a POST does its one thing once, a
 * link altered or too old does nothing at all.
 */

const ME = 'ada@links.example';
const OTHER = 'bea@links.example';
const HELPER = 'ana@helpers.example';
const OVERDUE = 'bob@globex.example';
/** Monday 30 Nov 2026, 08:00 in London: the users' first digest slot after NOW. */
const DIGEST_AT = '2026-11-30T08:00:00Z';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface Links {
  done: string;
  snooze: string;
  open: string;
}

/** The three links under the item the text part lists first after `anchor`, as paths. */
function linksAfter(email: SesStoredEmail, anchor: string): Links {
  const text = email.body.text ?? '';
  const from = text.indexOf(anchor);
  if (from < 0) throw new Error(`"${anchor}" is not in the email`);
  const url = (label: string) => {
    const m = new RegExp(`^\\s*${label}: (\\S+)$`, 'm').exec(text.slice(from));
    if (!m) throw new Error(`no ${label} link after "${anchor}"`);
    const u = new URL(m[1]!);
    expect(u.origin).toBe(ORIGIN);
    return u.pathname;
  };
  return { done: url('Done'), snooze: url('Snooze 2 weeks'), open: url('Open in Tend') };
}

/** The token field `index` of a link path replaced (0 action+kind, 1 user … 5 MAC). */
function alter(path: string, index: number, value: string): string {
  const token = path.split('/').pop()!.split('.');
  token[index] = value;
  return `/a/${token.join('.')}`;
}

describe('action links in emails (SPEC 8)', () => {
  let h: WebHarness;
  let a: SeededUser;
  let b: SeededUser;
  let prompt: SesStoredEmail;
  let promptLinks: Links;
  let digest: SesStoredEmail;

  /** Everything a link could change for user A: the contacts, the prompt, the notes. */
  async function stateOfA() {
    const contacts = await Promise.all(
      [HELPER, OVERDUE, 'cy@initech.example'].map((e) => h.app.contacts.get(a.user.id, e)),
    );
    return { contacts, prompt: await h.app.prompts.get(a.user.id, a.thanksPromptId) };
  }

  beforeAll(async () => {
    h = await createWebHarness('web-action-links', NOW, { TEND_WEB_URL: ORIGIN });
    a = await seedUser(h, ME, {
      overdue: `Bob Stone <${OVERDUE}>`,
      due: 'Cy Ray <cy@initech.example>',
      recent: 'Dee Park <dee@globex.example>',
      helper: `Ana Lopez <${HELPER}>`,
    });
    b = await seedUser(h, OTHER, {
      overdue: 'Zed Zane <zed@zeta.example>',
      due: 'Yan Young <yan@yonder.example>',
      recent: 'Xia Xu <xia@xeno.example>',
      helper: 'Wes West <wes@west.example>',
    });
    const sent = await h.ctx.sentTo(ME);
    prompt = sent.find((e) => e.subject.includes('Ana Lopez'))!;
    expect(prompt, 'the thank-you prompt was sent').toBeDefined();
    promptLinks = linksAfter(prompt, 'Or use a link');
  });

  it('puts Done, Snooze 2 weeks and Open links in the prompt the dispatcher sends, in both parts', () => {
    expect(promptLinks.done).toMatch(/^\/a\/dt\.[0-9a-z.]+$/);
    expect(promptLinks.snooze).toMatch(/^\/a\/st\./);
    expect(promptLinks.open).toMatch(/^\/a\/ot\./);
    const html = prompt.body.html ?? '';
    for (const path of Object.values(promptLinks))
      expect(html).toContain(`href="${ORIGIN}${path}"`);
    expect(html).toContain('>Snooze 2 weeks<');
  });

  it('shows one button saying what it will do and to whom, and the GET changes nothing', async () => {
    const before = await stateOfA();
    const page = await h.client().get(promptLinks.done);

    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).toContain('Mark the thank-you to Ana Lopez done?');
    expect(page.text).toContain(`Ana Lopez (${HELPER})`);
    expect(page.text).toContain(ME);
    expect(page.html.match(/<form method="post"/g)).toHaveLength(1);
    expect(page.html).toContain(`action="${promptLinks.done}"`);
    expect(page.html).toContain('<button type="submit">Mark done</button>');
    // A scanner may fetch it any number of times.
    await h.client().get(promptLinks.done);
    await h.client().get(promptLinks.snooze);
    expect(await stateOfA()).toEqual(before);
  });

  it('refuses a link with another user’s id swapped in, changing nothing for either', async () => {
    const before = await stateOfA();
    const beforeB = await h.app.prompts.get(b.user.id, b.thanksPromptId);
    const swapped = alter(promptLinks.done, 1, b.user.id.toLowerCase());
    const browser = h.client();

    for (const res of [await browser.get(swapped), await browser.post(swapped, {})]) {
      expect(res.status).toBe(404);
      expect(res.text).toContain('This link does not work');
      expect(res.text).not.toContain('Ana Lopez');
    }
    expect(await stateOfA()).toEqual(before);
    expect(await h.app.prompts.get(b.user.id, b.thanksPromptId)).toEqual(beforeB);
  });

  it.each([
    ['a forged MAC', (p: string) => alter(p, 5, 'a'.repeat(26))],
    ['its action changed from done to snooze', (p: string) => alter(p, 0, 'st')],
    ['its prompt changed', (p: string) => alter(p, 2, '01jdzzzzzz0000000000000abd')],
    ['junk for a token', () => '/a/not-a-token'],
  ])('refuses a link with %s (404), changing nothing', async (_name, make) => {
    const before = await stateOfA();
    const res = await h.client().post(make(promptLinks.done), {});
    expect(res.status).toBe(404);
    expect(res.text).toContain('Nothing changed');
    expect(await stateOfA()).toEqual(before);
  });

  it('refuses an expired link (410) on the 61st day, changing nothing', async () => {
    const before = await stateOfA();
    h.setNow('2027-01-26T10:00:01Z');
    try {
      for (const res of [
        await h.client().get(promptLinks.done),
        await h.client().post(promptLinks.done, {}),
      ]) {
        expect(res.status).toBe(410);
        expect(res.text).toContain('This link has expired');
      }
    } finally {
      h.setNow(NOW);
    }
    expect(await stateOfA()).toEqual(before);
  });

  it('refuses a cross-site POST of a genuine link (403), changing nothing', async () => {
    const before = await stateOfA();
    const res = await h.client().post(promptLinks.done, {}, 'https://evil.example');
    expect(res.status).toBe(403);
    expect(await stateOfA()).toEqual(before);
  });

  it('marks the prompt done on POST, as the `done` reply does, exactly once', async () => {
    const before = (await h.app.contacts.get(a.user.id, HELPER))!.contact;
    const res = await h.client().post(promptLinks.done, {});

    expect(res.status).toBe(200);
    expect(res.text).toContain('Marked Ana Lopez done');
    expect((await h.app.prompts.get(a.user.id, a.thanksPromptId))?.status).toBe('done');
    const after = (await h.app.contacts.get(a.user.id, HELPER))!.contact;
    expect(after.interactionCount).toBe(before.interactionCount + 1);
    expect(after.lastInteractionAt).toBe(new Date(NOW).toISOString());
    const [logged] = await h.app.contacts.listInteractions(a.user.id, HELPER);
    expect(logged?.snippet).toBe('Marked done from a link in an email');

    // Pressed again (a double click, a resend), or opened again: nothing changes.
    const state = await stateOfA();
    const again = await h.client().post(promptLinks.done, {});
    expect(again.status).toBe(200);
    expect(again.text).toContain('Already done');
    expect(again.text).toContain('Nothing changed');
    const reopened = await h.client().get(promptLinks.done);
    expect(reopened.text).toContain('Already done');
    expect(reopened.html).not.toContain('<form method="post" action="/a/');
    expect(await stateOfA()).toEqual(state);

    // The link's exactly-once marker names no stored email: erasing A would count none for it.
    const rawMailKeys = await h.app.users.rawMailKeys(a.user.id);
    expect(rawMailKeys.length).toBeGreaterThan(0);
    expect(rawMailKeys.filter((k) => !k.startsWith('inbound/'))).toEqual([]);
  });

  it('puts links under every numbered item of the digest, for that item', async () => {
    h.setNow(DIGEST_AT);
    await h.tick(DIGEST_AT);
    digest = (await h.ctx.sentTo(ME)).find((e) => e.subject.startsWith('Tend: '))!;
    expect(digest, 'the digest was sent').toBeDefined();
    const [stored] = await h.app.digests.list(a.user.id);
    const first = stored!.items[0]!;
    expect(first.contactEmail).toBe(OVERDUE);
    expect(linksAfter(digest, '1. Bob Stone').snooze).toMatch(/^\/a\/sd\./);
    expect(digest.body.html).toContain('aria-label="Done: Bob Stone"');
  });

  it('snoozes a digest item’s contact for 2 weeks on POST, once', async () => {
    const links = linksAfter(digest, '1. Bob Stone');
    const page = await h.client().get(links.snooze);
    expect(page.text).toContain('Snooze Bob Stone for 2 weeks?');
    expect((await h.app.contacts.get(a.user.id, OVERDUE))!.contact.snoozedUntil).toBeNull();

    const res = await h.client().post(links.snooze, {});
    expect(res.status).toBe(200);
    expect(res.text).toContain('Snoozed Bob Stone for 2 weeks');
    const snoozed = (await h.app.contacts.get(a.user.id, OVERDUE))!.contact;
    const days = (Date.parse(snoozed.snoozedUntil ?? '') - Date.parse(DIGEST_AT)) / 86_400_000;
    expect(days).toBeGreaterThan(13);
    expect(days).toBeLessThan(15);

    const again = await h.client().post(links.snooze, {});
    expect(again.text).toContain('Already done');
    expect((await h.app.contacts.get(a.user.id, OVERDUE))!.contact).toEqual(snoozed);
  });

  it('opens the contact’s page when signed in, and asks to sign in otherwise', async () => {
    const links = linksAfter(digest, '1. Bob Stone');
    const before = await stateOfA();
    const stranger = await h.client().get(links.open);
    expect(stranger.status).toBe(303);
    expect(stranger.location).toBe('/signin');

    const alice = h.client();
    await alice.signIn(h, a.user);
    const open = await alice.get(links.open);
    expect(open.status).toBe(303);
    expect(open.location).toBe(`/contacts/${encodeURIComponent(OVERDUE)}`);
    expect((await alice.get(open.location!)).text).toContain('Bob Stone');
    expect(await stateOfA()).toEqual(before);
  });

  describe('in a real browser', () => {
    const served = servedInBrowser((request) => h.web.fetch(request));

    it('has a confirmation page with no axe violation, usable at 320 px without JavaScript', async () => {
      const browser = served.browser();
      const base = served.base();
      const axe = await readFile(resolve('node_modules/axe-core/axe.min.js'), 'utf8');
      const context = await browser.newContext({
        viewport: { width: 320, height: 640 },
        javaScriptEnabled: false,
      });
      const page = await context.newPage();
      const links = linksAfter(digest, '2. ');
      await page.goto(`${base}${links.done}`);
      expect(await page.locator('h1').innerText()).toMatch(/^Mark .+ done\?$/);
      // The button works with scripts off: a plain form post.
      await page.getByRole('button', { name: 'Mark done' }).click();
      expect(await page.locator('h1').innerText()).toMatch(/^Marked .+ done$/);

      // axe needs scripts: the same page again in a context that runs them (the CSP bypassed
      // for axe only), on a link not yet used.
      const checked = await browser.newContext({
        viewport: { width: 320, height: 640 },
        bypassCSP: true,
      });
      const tab = await checked.newPage();
      await tab.goto(`${base}${linksAfter(digest, '2. ').snooze}`);
      const fits = await tab.evaluate<boolean>(
        'document.documentElement.scrollWidth <= window.innerWidth',
      );
      expect(fits, 'no horizontal scrolling at 320 px').toBe(true);
      await tab.addScriptTag({ content: axe });
      const violations = await tab.evaluate<Array<{ id: string }>>(
        `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } }).then((r) => r.violations)`,
      );
      expect(violations.map((v) => v.id)).toEqual([]);
      await context.close();
      await checked.close();
    });
  });
});
