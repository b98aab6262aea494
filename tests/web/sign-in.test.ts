import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { issueLoginLink } from '../../shared/use-cases/login-links';
import { tend } from '../cli/run-cli';
import { createWebHarness, type WebHarness } from './web-harness';

const START = '2026-11-26T10:00:00Z';

describe('signing in to the web app by email (SPEC 8)', () => {
  let h: WebHarness;
  let user: User;

  beforeAll(async () => {
    h = await createWebHarness('web-sign-in', START);
    user = await h.register('signer@web.example', 'Europe/London');
  });

  it("shows only a 'Sign in' button on the link's GET, and signs nobody in", async () => {
    const browser = h.client();
    const link = await issueLoginLink(h.app, user, 'http://localhost', h.now());
    const path = new URL(link.url).pathname;

    const shown = await browser.get(path);
    expect(shown.status).toBe(200);
    expect(shown.html).toMatch(/<button type="submit">\s*Sign in\s*<\/button>/);
    expect(browser.cookies.has('tend_session')).toBe(false);
    expect((await browser.get('/today')).location).toBe('/signin');

    // The GET left the link usable: a mail scanner's fetch does not spend it.
    const token = path.split('/').pop()!;
    expect((await browser.post('/login', { token })).location).toBe('/today');
  });

  it('signs in on the POST with an HttpOnly, SameSite=Lax, 30-day session cookie', async () => {
    const browser = h.client();
    const res = await browser.signIn(h, user);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/today');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tend_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=2592000/);
    expect(cookie).not.toMatch(/Secure/i);
    const today = await browser.get('/today');
    expect(today.status).toBe(200);
    expect(today.html).toContain('Signed in as signer@web.example');
  });

  it('marks the session cookie Secure when served over https', async () => {
    const browser = h.client('https://tend.example');
    const res = await browser.signIn(h, user);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tend_session='))!;
    expect(cookie).toMatch(/Secure/);
  });

  it('accepts a link once only', async () => {
    const link = await issueLoginLink(h.app, user, 'http://localhost', h.now());
    const token = new URL(link.url).pathname.split('/').pop()!;
    expect((await h.client().post('/login', { token })).status).toBe(303);
    const second = h.client();
    const again = await second.post('/login', { token });
    expect(again.status).toBe(400);
    expect(second.cookies.has('tend_session')).toBe(false);
  });

  it('refuses a link older than 15 minutes, and accepts it just before', async () => {
    const late = await issueLoginLink(h.app, user, 'http://localhost', h.now());
    const inTime = await issueLoginLink(h.app, user, 'http://localhost', h.now());
    const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;
    try {
      h.setNow('2026-11-26T10:14:59Z');
      expect((await h.client().post('/login', { token: tokenOf(inTime.url) })).status).toBe(303);
      h.setNow('2026-11-26T10:15:01Z');
      expect((await h.client().post('/login', { token: tokenOf(late.url) })).status).toBe(400);
    } finally {
      h.setNow(START);
    }
  });

  it('refuses a made-up token', async () => {
    const res = await h.client().post('/login', { token: 'A'.repeat(43) });
    expect(res.status).toBe(400);
    expect((await h.client().post('/login', { token: '../../x' })).status).toBe(400);
  });

  it('ends a session after 30 days', async () => {
    const browser = h.client();
    await browser.signIn(h, user);
    try {
      h.setNow('2026-12-26T09:59:00Z');
      expect((await browser.get('/today')).status).toBe(200);
      h.setNow('2026-12-26T10:00:01Z');
      expect((await browser.get('/today')).location).toBe('/signin');
    } finally {
      h.setNow(START);
    }
  });

  it('signs this browser out, and leaves the others signed in', async () => {
    const laptop = h.client();
    const phone = h.client();
    await laptop.signIn(h, user);
    await phone.signIn(h, user);
    await laptop.get('/today');
    const out = await laptop.post('/signout', { csrf: laptop.csrf() });
    expect(out.location).toBe('/signin');
    expect((await laptop.get('/today')).location).toBe('/signin');
    expect((await phone.get('/today')).status).toBe(200);
  });

  it('signs every browser out with "sign out everywhere", the stolen cookie included', async () => {
    const laptop = h.client();
    const phone = h.client();
    await laptop.signIn(h, user);
    await phone.signIn(h, user);
    const stolen = phone.cookies.get('tend_session')!;
    await laptop.get('/today');
    await laptop.post('/signout-everywhere', { csrf: laptop.csrf() });
    expect((await laptop.get('/today')).location).toBe('/signin');
    expect((await phone.get('/today')).location).toBe('/signin');
    const thief = h.client();
    thief.cookies.set('tend_session', stolen);
    expect((await thief.get('/today')).location).toBe('/signin');
  });

  it("refuses a form without the session's CSRF token, or with another session's", async () => {
    const browser = h.client();
    await browser.signIn(h, user);
    await browser.get('/today');
    const mine = browser.csrf();
    const other = h.client();
    await other.signIn(h, user);
    await other.get('/today');

    expect((await browser.post('/signout', {})).status).toBe(403);
    expect((await browser.post('/signout', { csrf: other.csrf() })).status).toBe(403);
    expect((await browser.get('/today')).status).toBe(200); // still signed in
    expect((await browser.post('/signout', { csrf: mine })).status).toBe(303);
  });

  it('refuses a cross-site form post before anything runs (login CSRF included)', async () => {
    const link = await issueLoginLink(h.app, user, 'http://localhost', h.now());
    const token = new URL(link.url).pathname.split('/').pop()!;
    const victim = h.client();
    const res = await victim.post('/login', { token }, 'https://evil.example');
    expect(res.status).toBe(403);
    expect(victim.cookies.has('tend_session')).toBe(false);
    // The link was not spent by the refused post.
    expect((await h.client().post('/login', { token })).status).toBe(303);
  });

  it('removing a user removes their sessions with the rest of their data', async () => {
    const leaving = await h.register('leaving@web.example', 'Europe/London');
    const browser = h.client();
    await browser.signIn(h, leaving);
    expect((await browser.get('/today')).status).toBe(200);
    const [userId, secret] = browser.cookies.get('tend_session')!.split('.') as [string, string];
    const { secretHash } = await import('../../shared/domain/web-sign-in');
    expect(await h.app.sessions.get(userId, secretHash(secret))).not.toBeNull();
    await h.app.users.delete(leaving);
    expect(await h.app.sessions.get(userId, secretHash(secret))).toBeNull();
    expect((await browser.get('/today')).location).toBe('/signin');
  });

  it('`tend login-link` prints a link to TEND_WEB_URL that signs in', async () => {
    const out = await tend({ ...h.ctx.env, TEND_WEB_URL: 'http://localhost' }, [
      'login-link',
      '--user',
      'signer@web.example',
      '--json',
    ]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const { url, validUntil } = JSON.parse(out.stdout) as { url: string; validUntil: string };
    expect(url).toMatch(/^http:\/\/localhost\/login\/[A-Za-z0-9_-]{43}$/);
    // The CLI runs on the real clock: the link ends 15 minutes after it was made.
    expect(Date.parse(validUntil) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(Date.parse(validUntil) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const token = new URL(url).pathname.split('/').pop()!;
    // The harness clock is in 2026-11; the link was made now: redeem it at its own time.
    const realNow = new Date().toISOString();
    try {
      h.setNow(realNow);
      expect((await h.client().post('/login', { token })).location).toBe('/today');
    } finally {
      h.setNow(START);
    }
  });
});

describe('behind a custom domain (SPEC 7: CloudFront in front of the function URL)', () => {
  const DOMAIN_ORIGIN = 'https://tend.example.com';
  let h: WebHarness;
  let user: User;

  beforeAll(async () => {
    // Requests reach the app for the function URL's host (here http://localhost) while the
    // browser, on the domain, sends the domain's Origin.
    h = await createWebHarness('web-custom-domain', START, {
      TEND_WEB_URL: `${DOMAIN_ORIGIN}/`,
    });
    user = await h.register('domain@web.example', 'Europe/London');
  });

  const loginToken = async () => {
    const link = await issueLoginLink(h.app, user, DOMAIN_ORIGIN, h.now());
    expect(link.url.startsWith(`${DOMAIN_ORIGIN}/`)).toBe(true);
    return new URL(link.url).pathname.split('/').pop()!;
  };

  it("accepts forms from the domain's origin and from the function URL's own", async () => {
    const onDomain = h.client();
    expect(
      (await onDomain.post('/login', { token: await loginToken() }, DOMAIN_ORIGIN)).status,
    ).toBe(303);
    expect(onDomain.cookies.has('tend_session')).toBe(true);
    expect((await h.client().post('/login', { token: await loginToken() })).status).toBe(303);
  });

  it('still refuses every other origin, a look-alike of the domain included', async () => {
    const token = await loginToken();
    for (const origin of [
      'https://evil.example',
      'http://tend.example.com',
      'https://tend.example.com.evil.example',
    ]) {
      const victim = h.client();
      expect((await victim.post('/login', { token }, origin)).status, origin).toBe(403);
      expect(victim.cookies.has('tend_session')).toBe(false);
    }
  });
});
