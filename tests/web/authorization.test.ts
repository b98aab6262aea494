import { beforeAll, describe, expect, it } from 'vitest';
import { claimAddress } from '../../shared/use-cases/claim-address';
import { addNeverLog } from '../../shared/use-cases/never-log';
import { addUserAddress } from '../../shared/use-cases/user-addresses';
import { NOW, seedUser, type SeededUser } from './seed';
import { createWebHarness, type WebClient, type WebHarness } from './web-harness';

/**
 * SPEC 8: "Nobody sees another user's data". Every route is tried with no session and with
 * another user's session and ids; the first test checks this file covers every route there is.
 */

const A_OVERDUE = 'bob@globex.example';
const A_HELPER = 'ana@helpers.example';
/** Words of user A's data that must never appear in a page served to anyone else. */
const A_SECRETS = ['globex', 'Bob', 'bob@', 'Ana Lopez', 'initech', 'ada@a.example'];

const enc = encodeURIComponent;

/** Every route of the web app, and how this file tries it. */
const ROUTES = [
  'GET /',
  'GET /assets/tend.css',
  'GET /signin',
  'GET /login/:token',
  'POST /login',
  'POST /signout',
  'POST /signout-everywhere',
  'GET /today',
  'GET /contacts',
  'GET /contacts/:email',
  'POST /contacts/:email/actions',
  'POST /contacts/:email/edit',
  'POST /contacts/:email/notes',
  'POST /contacts/:email/merge',
  'GET /contacts/:email/forget',
  'POST /contacts/:email/forget',
  'GET /network',
  'GET /settings',
  'POST /settings',
  'POST /settings/pause',
  'POST /settings/addresses',
  'POST /settings/never-log',
  'POST /settings/import',
  'GET /settings/export.csv',
  // Action links act without a session by design (SPEC 8): the signed token names the user
  // and the item. tests/web/action-links.test.ts tries them with another user's id swapped
  // in, forged, altered and expired tokens, and a cross-site POST.
  'GET /a/:token',
  'POST /a/:token',
  // RFC 8058 one-click unsubscribe: no session either, the signed token is the capability.
  // tests/web/one-click-unsubscribe.test.ts tries swapped-user, forged, junk and expired
  // tokens, no cookie, a second POST, bad bodies and content types.
  'GET /unsubscribe/:token',
  'POST /unsubscribe/:token',
];

/** The pages that show a user's data: no session, no page. */
const PRIVATE_PAGES = [
  '/today',
  '/contacts',
  `/contacts/${enc(A_OVERDUE)}`,
  `/contacts/${enc(A_OVERDUE)}/forget`,
  '/network',
  '/settings',
  '/settings/export.csv',
];

/** User A's second address and never-log entry, which nobody else may see or take off. */
const A_ALT = 'ada.alt@a.example';
const A_NEVER = 'spam@initech.example';

/** An address user A has claimed (SPEC 8 Settings), waiting for its email. */
const A_CLAIMED = 'ada.new@a.example';

/** The settings forms beyond the schedule, with fields that would work for user A. */
const SETTINGS_CHANGES: Array<[string, Record<string, string>]> = [
  ['/settings/addresses', { action: 'remove', address: A_ALT }],
  ['/settings/addresses', { action: 'cancel', address: A_CLAIMED }],
  ['/settings/addresses', { action: 'add', 'new-address': 'x.new@x.example' }],
  ['/settings/never-log', { action: 'remove', 'never-log-address': A_NEVER }],
  ['/settings/never-log', { action: 'add', 'never-log-address': 'x@x.example' }],
  ['/settings/import', { from: '0' }],
];

/** The forms that change a user's data, with fields that would work for user A. */
const CHANGES: Array<[string, Record<string, string>]> = [
  [`/contacts/${enc(A_OVERDUE)}/actions`, { action: 'done', back: '/today' }],
  [`/contacts/${enc(A_OVERDUE)}/actions`, { action: 'mute', back: '/today' }],
  [`/contacts/${enc(A_OVERDUE)}/edit`, { name: 'Hacked', tags: 'pwned', every: '1d' }],
  [`/contacts/${enc(A_OVERDUE)}/notes`, { note: 'written by someone else' }],
  [`/contacts/${enc(A_OVERDUE)}/merge`, { other: 'cy@initech.example' }],
  [`/contacts/${enc(A_OVERDUE)}/forget`, {}],
];

function noSecrets(html: string): void {
  for (const secret of A_SECRETS) expect(html, `the page shows "${secret}"`).not.toContain(secret);
}

describe('who may see and change what on the web (SPEC 8)', () => {
  let h: WebHarness;
  let a: SeededUser;
  let b: SeededUser;
  let alice: WebClient;
  let mallory: WebClient;

  beforeAll(async () => {
    h = await createWebHarness('web-authz', NOW);
    a = await seedUser(h, 'ada@a.example', {
      overdue: 'Bob Stone <bob@globex.example>',
      due: 'Cy Ray <cy@initech.example>',
      recent: 'Dee Park <dee@globex.example>',
      helper: 'Ana Lopez <ana@helpers.example>',
    });
    b = await seedUser(h, 'bea@b.example', {
      overdue: 'Zed Zane <zed@zeta.example>',
      due: 'Yan Young <yan@yonder.example>',
      recent: 'Xia Xu <xia@xeno.example>',
      helper: 'Wes West <wes@west.example>',
    });
    await addUserAddress(h.app.users, a.user, A_ALT);
    await addNeverLog(h.app.users, a.user, A_NEVER);
    await claimAddress(h.app, a.user, A_CLAIMED, h.now());
    alice = h.client();
    await alice.signIn(h, a.user);
    mallory = h.client();
    await mallory.signIn(h, b.user);
  });

  it('covers every route the web app has', () => {
    const routes = h.web.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`);
    expect(new Set(routes)).toEqual(new Set(ROUTES));
  });

  it.each(PRIVATE_PAGES)('sends a browser with no session from %s to sign in', async (path) => {
    const res = await h.client().get(path);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/signin');
    noSecrets(res.html);
  });

  it('sends a forged or unknown session cookie to sign in too', async () => {
    const forger = h.client();
    forger.cookies.set('tend_session', `${a.user.id}.${'x'.repeat(43)}`);
    for (const path of PRIVATE_PAGES) expect((await forger.get(path)).location).toBe('/signin');
    forger.cookies.set('tend_session', 'garbage');
    expect((await forger.get('/today')).location).toBe('/signin');
  });

  it('serves the public pages to anyone, with nobody’s data', async () => {
    for (const path of ['/signin', '/login/whatever', '/assets/tend.css']) {
      const res = await h.client().get(path);
      expect(res.status, path).toBe(200);
      noSecrets(res.html);
    }
    expect((await h.client().get('/')).location).toBe('/signin');
    expect((await alice.get('/')).location).toBe('/today');
  });

  it.each(CHANGES)('refuses %s with no session (403), changing nothing', async (path, form) => {
    const before = await h.app.contacts.get(a.user.id, A_OVERDUE);
    const res = await h.client().post(path, { ...form, csrf: 'x' });
    expect(res.status).toBe(403);
    noSecrets(res.html);
    expect(await h.app.contacts.get(a.user.id, A_OVERDUE)).toEqual(before);
  });

  it('refuses signing out and settings with no session (403)', async () => {
    expect((await h.client().post('/signout', { csrf: 'x' })).status).toBe(403);
    expect((await h.client().post('/signout-everywhere', { csrf: 'x' })).status).toBe(403);
    const before = await h.app.users.get(a.user.id);
    expect((await h.client().post('/settings', { csrf: 'x', cadence: '1d' })).status).toBe(403);
    expect(
      (await h.client().post('/settings/pause', { csrf: 'x', action: 'pause', for: '1w' })).status,
    ).toBe(403);
    expect(await h.app.users.get(a.user.id)).toEqual(before);
  });

  it("shows and changes only one's own settings", async () => {
    const page = await mallory.get('/settings');
    expect(page.status).toBe(200);
    noSecrets(page.html);
    expect(page.text).toContain('bea@b.example');
    const before = await h.app.users.get(a.user.id);
    await mallory.post('/settings', {
      csrf: mallory.csrf(),
      cadence: '7d',
      timezone: 'Asia/Tokyo',
    });
    await mallory.get('/settings');
    await mallory.post('/settings/pause', { csrf: mallory.csrf(), action: 'pause', for: '1w' });
    expect(await h.app.users.get(a.user.id)).toEqual(before);
    const bea = (await h.app.users.get(b.user.id))!;
    expect(bea).toMatchObject({ defaultCadenceDays: 7, timezone: 'Asia/Tokyo' });
    expect(bea.pausedUntil).not.toBeNull();
  });

  it.each(SETTINGS_CHANGES)(
    'refuses %s with no session (403), changing nothing',
    async (path, form) => {
      const before = await h.app.users.get(a.user.id);
      const claimsBefore = await h.app.addressClaims.listByUser(a.user.id);
      const res = await h.client().post(path, { ...form, csrf: 'x' });
      expect(res.status).toBe(403);
      noSecrets(res.html);
      expect(await h.app.users.get(a.user.id)).toEqual(before);
      expect(await h.app.addressClaims.listByUser(a.user.id)).toEqual(claimsBefore);
    },
  );

  it.each(SETTINGS_CHANGES)(
    "changes only one's own lists with %s, never another user's",
    async (path, form) => {
      const before = await h.app.users.get(a.user.id);
      const contactsBefore = await h.app.contacts.list(a.user.id);
      const claimsBefore = await h.app.addressClaims.listByUser(a.user.id);
      await mallory.get('/settings');
      const res = await mallory.post(path, { ...form, csrf: mallory.csrf() });
      expect([303, 422]).toContain(res.status);
      expect(await h.app.users.get(a.user.id)).toEqual(before);
      expect(await h.app.contacts.list(a.user.id)).toEqual(contactsBefore);
      expect(await h.app.addressClaims.listByUser(a.user.id)).toEqual(claimsBefore);
    },
  );

  it("never takes another user's address, nor shows it or their claims", async () => {
    await mallory.get('/settings');
    await mallory.post('/settings/addresses', {
      csrf: mallory.csrf(),
      action: 'add',
      'new-address': A_ALT,
    });
    const page = await mallory.get('/settings');
    // Refused, naming nobody: the address is registered, to whom is not said.
    expect(page.text).toContain(`${A_ALT} is already registered to a Tend user`);
    noSecrets(page.html.replaceAll(A_ALT, ''));
    expect((await h.app.users.findByAddress(A_ALT))!.id).toBe(a.user.id);
    expect(await h.app.addressClaims.listByAddress(A_ALT)).toEqual([]);
    // A's second address, never-log list and claim (with its code) are A's to see.
    const [claim] = await h.app.addressClaims.listByUser(a.user.id);
    expect(page.html).not.toContain(A_NEVER);
    expect(page.html).not.toContain(A_CLAIMED);
    expect(page.html).not.toContain(claim!.code);
    const own = await alice.get('/settings');
    expect(own.text).toContain(A_ALT);
    expect(own.text).toContain(A_NEVER);
    expect(own.text).toContain(`${A_CLAIMED} : send any email from it`);
    expect(own.text).toContain(claim!.code);
  });

  it("imports into one's own contacts only, even people another user has", async () => {
    const before = await h.app.contacts.get(a.user.id, A_OVERDUE);
    await mallory.get('/settings');
    const form = new FormData();
    form.set('csrf', mallory.csrf());
    const csv = `First Name,Last Name,URL,Email Address\nBob,Stone,,${A_OVERDUE}\n`;
    form.set('file', new Blob([csv]), 'Connections.csv');
    const res = await h.web.request('http://localhost/settings/import', {
      method: 'POST',
      body: form,
      headers: {
        Origin: 'http://localhost',
        Cookie: [...mallory.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('New contacts');
    expect((await h.app.contacts.get(b.user.id, A_OVERDUE))!.contact.source).toBe('linkedin');
    expect(await h.app.contacts.get(a.user.id, A_OVERDUE)).toEqual(before);
    await h.app.contacts.forget(b.user.id, A_OVERDUE);
  });

  it("exports only one's own contacts", async () => {
    const res = await h.web.request('http://localhost/settings/export.csv', {
      headers: { Cookie: [...mallory.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    const csv = await res.text();
    expect(res.status).toBe(200);
    expect(csv).toContain('zed@zeta.example');
    noSecrets(csv);
  });

  it("shows another user's contact as not found (404), the same as no contact at all", async () => {
    for (const suffix of ['', '/forget']) {
      const theirs = await mallory.get(`/contacts/${enc(A_OVERDUE)}${suffix}`);
      const nobody = await mallory.get(`/contacts/${enc('nobody@nowhere.example')}${suffix}`);
      expect(theirs.status).toBe(404);
      expect(nobody.status).toBe(404);
      expect(theirs.html).toBe(nobody.html);
      noSecrets(theirs.html);
    }
  });

  it('shows a user only their own people on Today and Contacts', async () => {
    const today = await mallory.get('/today');
    const contacts = await mallory.get('/contacts');
    const search = await mallory.get('/contacts?q=globex');
    for (const page of [today, contacts]) {
      expect(page.status).toBe(200);
      noSecrets(page.html);
    }
    // The search box shows back what was typed; nothing of user A's comes with it.
    expect(search.html).not.toContain('bob@globex.example');
    expect(search.html).not.toContain('dee@globex.example');
    expect(today.html).toContain('Zed Zane');
    expect(today.html).toContain('Wes West');
    expect(search.text).toContain('0 contacts');
    // …and the same pages do show user A's own data to user A.
    expect((await alice.get('/today')).html).toContain('Bob Stone');
  });

  it.each(CHANGES)(
    "refuses %s on another user's contact with a valid session and token (404), changing nothing",
    async (path, form) => {
      const before = await h.app.contacts.get(a.user.id, A_OVERDUE);
      const notesBefore = await h.app.contacts.listNotes(a.user.id, A_OVERDUE);
      await mallory.get('/today');
      const res = await mallory.post(path, { ...form, csrf: mallory.csrf() });
      expect(res.status).toBe(404);
      noSecrets(res.html);
      expect(await h.app.contacts.get(a.user.id, A_OVERDUE)).toEqual(before);
      expect(await h.app.contacts.listNotes(a.user.id, A_OVERDUE)).toEqual(notesBefore);
    },
  );

  it("refuses a form carrying another user's CSRF token (403)", async () => {
    await alice.get('/today');
    const alicesToken = alice.csrf();
    const res = await mallory.post(`/contacts/${enc('zed@zeta.example')}/actions`, {
      action: 'done',
      csrf: alicesToken,
    });
    expect(res.status).toBe(403);
    const zed = await h.app.contacts.get(b.user.id, 'zed@zeta.example');
    expect(zed!.contact.interactionCount).toBe(1);
  });

  it("never answers another user's thank-you prompt, even named in one's own form", async () => {
    await mallory.get('/today');
    const res = await mallory.post(`/contacts/${enc('wes@west.example')}/actions`, {
      action: 'done',
      prompt: a.thanksPromptId,
      back: '/today',
      csrf: mallory.csrf(),
    });
    expect(res.status).toBe(303);
    expect((await h.app.prompts.get(a.user.id, a.thanksPromptId))!.status).toBe('sent');
    expect(await h.app.contacts.get(a.user.id, A_HELPER)).not.toBeNull();
  });

  it("cannot sign out another user's sessions", async () => {
    await mallory.get('/today');
    await mallory.post('/signout-everywhere', { csrf: mallory.csrf() });
    expect((await alice.get('/today')).status).toBe(200);
    expect((await mallory.get('/today')).location).toBe('/signin');
  });
});
