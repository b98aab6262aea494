import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { mail } from '../support/tend-harness';
import { NOW, seedUser, type SeededUser } from './seed';
import { createWebHarness, type WebClient, type WebHarness } from './web-harness';

const enc = encodeURIComponent;
const DAY_MS = 86_400_000;

describe('the web pages and their actions (SPEC 8)', () => {
  let h: WebHarness;
  let seeded: SeededUser;
  let user: User;
  let browser: WebClient;

  const contact = async (email: string) => (await h.app.contacts.get(user.id, email))!.contact;

  beforeAll(async () => {
    h = await createWebHarness('web-pages', NOW);
    seeded = await seedUser(
      h,
      'ada@a.example',
      {
        overdue: 'Bob Stone <bob@globex.example>',
        due: 'Cy Ray <cy@initech.example>',
        recent: 'Dee Park <dee@globex.example>',
        helper: 'Ana Lopez <ana@helpers.example>',
      },
      30,
    );
    user = seeded.user;
    browser = h.client();
    await browser.signIn(h, user);
  });

  beforeEach(() => h.setNow(NOW));

  describe('Today', () => {
    it('lists who is due, most overdue first, and the thank-yous still open', async () => {
      const page = await browser.get('/today');
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      const bob = page.text.indexOf('Bob Stone');
      const cy = page.text.indexOf('Cy Ray');
      expect(bob).toBeGreaterThan(-1);
      expect(cy).toBeGreaterThan(bob);
      expect(page.text).toContain('Due to reconnect (2)');
      expect(page.text).not.toContain('Dee Park'); // written to last week: not due
      expect(page.text).toContain('Thank-yous to send (1)');
      expect(page.text).toContain('Ana Lopez');
    });

    it("'done' on a thank-you closes it and logs an interaction, as the reply 'done' does", async () => {
      await browser.get('/today');
      const res = await browser.post(`/contacts/${enc('ana@helpers.example')}/actions`, {
        action: 'done',
        prompt: seeded.thanksPromptId,
        back: '/today',
        csrf: browser.csrf(),
        formId: '01KB0000000000000000000001',
      });
      expect(res.location).toBe('/today');
      expect((await h.app.prompts.get(user.id, seeded.thanksPromptId))!.status).toBe('done');
      const ana = await contact('ana@helpers.example');
      expect(ana.lastInteractionAt).toBe(new Date(NOW).toISOString());
      const [latest] = await h.app.contacts.listInteractions(user.id, 'ana@helpers.example');
      expect(latest!.direction).toBe('manual');
      const after = await browser.get('/today');
      expect(after.text).toContain('Thank-yous to send (0)');
      expect(after.html).toMatch(/role="status"/); // what it did, said on the page
    });

    it("'snooze' with a chosen length hides the contact until then", async () => {
      await browser.get('/today');
      await browser.post(`/contacts/${enc('cy@initech.example')}/actions`, {
        action: 'snooze',
        snooze: '1m',
        back: '/today',
        csrf: browser.csrf(),
      });
      const cy = await contact('cy@initech.example');
      const days = (Date.parse(cy.snoozedUntil!) - Date.parse(NOW)) / DAY_MS;
      expect(days).toBeGreaterThan(29);
      expect(days).toBeLessThan(31.5);
      const today = await browser.get('/today');
      expect(today.text).toContain('Due to reconnect (1)');
      expect(today.text).toMatch(/Snoozed Cy Ray until/); // the confirmation a reply would get
    });

    it("'skip' restarts a due contact's clock without logging an interaction", async () => {
      await browser.get('/today');
      const before = await contact('bob@globex.example');
      await browser.post(`/contacts/${enc('bob@globex.example')}/actions`, {
        action: 'skip',
        back: '/today',
        csrf: browser.csrf(),
      });
      const bob = await contact('bob@globex.example');
      expect(bob.clockResetAt).toBe(new Date(NOW).toISOString());
      expect(bob.interactionCount).toBe(before.interactionCount);
      expect((await browser.get('/today')).text).toContain('Nobody is due');
    });

    it('refuses an action the reply grammar does not have (400)', async () => {
      await browser.get('/today');
      const res = await browser.post(`/contacts/${enc('bob@globex.example')}/actions`, {
        action: 'explode',
        csrf: browser.csrf(),
      });
      expect(res.status).toBe(400);
    });
  });

  describe('what a page costs (DynamoDB requests, counted on the wire)', () => {
    it('serves the stylesheet without reading the database', async () => {
      const { result, counts } = await h.requests.measure(() => browser.get('/assets/tend.css'));
      expect(result.status).toBe(200);
      expect(counts.total).toBe(0);
    });

    it('reads Today in proportion to what it shows, as the digest does', async () => {
      const { result, counts } = await h.requests.measure(() => browser.get('/today'));
      expect(result.status).toBe(200);
      // Session and user (2 GetItem), cadence groups and one Query per cadence in use (here
      // one), the sent thank-yous (1 Query), the date index (1 Query: no dates, so no
      // BatchGetItem): never the 34 contacts.
      expect(counts.byKind).toEqual({ GetItem: 2, Query: 4 });
      expect(counts.itemsRead).toBeLessThan(10);
    });

    it('reads one contact with its history, notes, prompts and whom they introduced', async () => {
      const { result, counts } = await h.requests.measure(() =>
        browser.get(`/contacts/${enc('bob@globex.example')}`),
      );
      expect(result.status).toBe(200);
      expect(counts.byKind).toEqual({ GetItem: 3, Query: 4 });
    });
  });

  describe('Contacts', () => {
    it('finds contacts by company domain, name and tag', async () => {
      const byDomain = await browser.get('/contacts?q=globex');
      expect(byDomain.text).toContain('2 contacts');
      expect(byDomain.text).toContain('Bob Stone');
      expect(byDomain.text).toContain('Dee Park');
      const byName = await browser.get('/contacts?q=ana+lopez');
      expect(byName.text).toContain('1 contact');
      expect(byName.text).toContain('ana@helpers.example');
      const none = await browser.get('/contacts?q=nobody-like-this');
      expect(none.text).toContain('No contacts match');
    });

    it('filters by tag, status and due, and sorts by next due', async () => {
      await browser.get(`/contacts/${enc('dee@globex.example')}`);
      await browser.post(`/contacts/${enc('dee@globex.example')}/edit`, {
        tags: 'climber',
        csrf: browser.csrf(),
      });
      const tagged = await browser.get('/contacts?tag=climber');
      expect(tagged.text).toContain('1 contact');
      expect(tagged.text).toContain('Dee Park');
      expect((await browser.get('/contacts?tag=climber&status=muted')).text).toContain(
        'No contacts match',
      );
      // 20 Feb 2027: Bob (skipped 26 Nov) and Ana (done 26 Nov) come due on 24 Feb; Cy (snoozed
      // to 26 Dec), the crowd (10 Nov + 90 days) and Dee (20 Nov + 90 days) are due.
      h.setNow('2027-02-20T10:00:00Z');
      await browser.signIn(h, user); // the first session ended after 30 days
      const due = await browser.get('/contacts?due=yes&sort=due');
      expect(due.text).toContain('32 contacts');
      expect(due.text).not.toContain('Bob Stone');
      expect(due.text).not.toContain('Ana Lopez');
      // Next due soonest first: Cy's snooze ended first.
      expect(/<h3><a href="[^"]+">([^<]+)<\/a><\/h3>/.exec(due.html)?.[1]).toBe('Cy Ray');
    });

    it('pages the list on the server, 25 a page', async () => {
      const first = await browser.get('/contacts');
      expect(first.text).toContain('34 contacts · page 1 of 2');
      expect((first.html.match(/<h3>/g) ?? []).length).toBe(25);
      expect(first.html).toContain('href="/contacts?page=2"');
      const second = await browser.get('/contacts?page=2');
      expect((second.html.match(/<h3>/g) ?? []).length).toBe(9);
      expect(second.html).toContain('rel="prev"');
      // Most recent contact first: the crowd (10 Nov) before Cy (3 Aug) and Bob (1 Jun).
      expect(second.text.indexOf('Cy Ray')).toBeLessThan(second.text.indexOf('Bob Stone'));
      expect((await browser.get('/contacts?page=99')).text).toContain('page 2 of 2');
    });
  });

  describe('Contact', () => {
    it('shows the facts and the timeline', async () => {
      const page = await browser.get(`/contacts/${enc('bob@globex.example')}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Bob Stone');
      expect(page.text).toContain('Catching up on the Globex launch');
      expect(page.text).toContain('You wrote');
      expect(page.html).toMatch(/<h1>\s*Bob Stone\s*<\/h1>/);
      // Inside Contacts, but not the Contacts page itself.
      expect(page.html).not.toContain('aria-current');
      expect((await browser.get('/contacts')).html).toMatch(
        /href="\/contacts" aria-current="page"/,
      );
    });

    it('edits name, tags and cadence with the reply commands rename, tag/untag and every', async () => {
      await browser.get(`/contacts/${enc('cy@initech.example')}`);
      const res = await browser.post(`/contacts/${enc('cy@initech.example')}/edit`, {
        name: 'Cyrus Ray',
        tags: 'advisor investor',
        every: '2w',
        csrf: browser.csrf(),
      });
      expect(res.location).toBe(`/contacts/${enc('cy@initech.example')}`);
      let cy = await contact('cy@initech.example');
      expect(cy.name).toBe('Cyrus Ray');
      expect(cy.nameSetByUser).toBe(true);
      expect(cy.tags.sort()).toEqual(['advisor', 'investor']);
      expect(cy.cadenceDays).toBe(14);

      await browser.get(`/contacts/${enc('cy@initech.example')}`);
      await browser.post(`/contacts/${enc('cy@initech.example')}/edit`, {
        name: 'Cyrus Ray',
        tags: 'investor',
        every: '14d',
        csrf: browser.csrf(),
      });
      cy = await contact('cy@initech.example');
      expect(cy.tags).toEqual(['investor']);
    });

    it('refuses a cadence the reply grammar refuses, says why, and changes nothing', async () => {
      const before = await contact('cy@initech.example');
      await browser.get(`/contacts/${enc('cy@initech.example')}`);
      const res = await browser.post(`/contacts/${enc('cy@initech.example')}/edit`, {
        name: 'Someone Else',
        every: 'banana',
        csrf: browser.csrf(),
      });
      expect(res.status).toBe(303);
      expect(await contact('cy@initech.example')).toEqual(before);
      const page = await browser.get(`/contacts/${enc('cy@initech.example')}`);
      expect(page.html).toMatch(/role="alert"/);
      expect(page.text).toContain('Nothing changed');
    });

    it('adds a note once, however often the same form is sent', async () => {
      await browser.get(`/contacts/${enc('dee@globex.example')}`);
      const form = {
        note: 'Met at the meetup;\nlikes climbing',
        csrf: browser.csrf(),
        formId: '01KB0000000000000000000002',
      };
      await browser.post(`/contacts/${enc('dee@globex.example')}/notes`, form);
      await browser.post(`/contacts/${enc('dee@globex.example')}/notes`, form);
      const notes = await h.app.contacts.listNotes(user.id, 'dee@globex.example');
      expect(notes.map((n) => n.text)).toEqual(['Met at the meetup; likes climbing']);
      const page = await browser.get(`/contacts/${enc('dee@globex.example')}`);
      expect(page.text).toContain('Met at the meetup; likes climbing');
    });

    it('forgets a contact only from its own confirmation page, as the reply `forget` does', async () => {
      const asked = await browser.get(`/contacts/${enc('p7@crowd.example')}/forget`);
      expect(asked.text).toContain('Forget Person 7?');
      expect(asked.text).toContain('It cannot be undone');
      expect(await contact('p7@crowd.example')).toBeDefined(); // the GET changed nothing
      const res = await browser.post(`/contacts/${enc('p7@crowd.example')}/forget`, {
        csrf: browser.csrf(),
      });
      expect(res.location).toBe('/contacts');
      expect(await h.app.contacts.get(user.id, 'p7@crowd.example')).toBeNull();
      expect((await h.app.users.get(user.id))!.neverLog).toContain('p7@crowd.example');
      expect((await browser.get('/contacts')).text).toContain('Forgot Person 7');
      expect((await browser.get(`/contacts/${enc('p7@crowd.example')}`)).status).toBe(404);
    });

    it('escapes what came from email, so a name cannot inject markup', async () => {
      await h.deliver(
        [
          'From: ada@a.example',
          'To: "<script>alert(1)</script>" <evil@markup.example>',
          'Subject: <b>bold</b>',
          'Date: Mon, 23 Nov 2026 09:00:00 +0000',
          'Message-ID: <xss@a.example>',
          '',
          'hi',
        ].join('\r\n'),
      );
      const page = await browser.get(`/contacts/${enc('evil@markup.example')}`);
      expect(page.status).toBe(200);
      expect(page.html).not.toContain('<script>');
      expect(page.html).not.toContain('<b>bold</b>');
      expect(page.html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    });

    it('opens and acts on a contact whose address needs escaping in a URL', async () => {
      const odd = "o'neil+x%y&z@odd.example";
      await h.deliver(mail({ from: 'ada@a.example', to: `"O'Neil" <${odd}>`, subject: 'Odd one' }));
      const path = `/contacts/${enc(odd)}`;
      const page = await browser.get(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Odd one');
      await browser.post(`${path}/notes`, { note: 'still reachable', csrf: browser.csrf() });
      expect((await h.app.contacts.listNotes(user.id, odd)).map((n) => n.text)).toEqual([
        'still reachable',
      ]);
    });

    it('refuses a form larger than any Tend has (413), before reading it', async () => {
      await browser.get('/today');
      const res = await browser.post(`/contacts/${enc('dee@globex.example')}/notes`, {
        note: 'x'.repeat(20_000),
        csrf: browser.csrf(),
      });
      expect(res.status).toBe(413);
    });

    it('sends security headers: a strict CSP, no framing, no referrer', async () => {
      const page = await browser.get('/today');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  // Last: the settings change the cadences every test above reads.
  describe('Settings', () => {
    it('changes the digest and the default cadence with the rules of `tend settings set`', async () => {
      const page = await browser.get('/settings');
      expect(page.status).toBe(200);
      expect(page.html).toContain('value="monday 8"');
      expect(page.html).toContain('value="90d"');
      await browser.post('/settings', {
        csrf: browser.csrf(),
        timezone: 'Europe/London',
        digest: 'friday 9am',
        cadence: '30d',
        'digest-items': '7',
      });
      const saved = (await h.app.users.get(user.id))!;
      expect(saved.digest).toEqual({ day: 'friday', hour: 9 });
      expect(saved.defaultCadenceDays).toBe(30);
      // The schedule moved with it: Friday 27 Nov 2026, 09:00 in London.
      expect((await h.app.digests.getSchedule(user.id))?.dueAt).toBe('2026-11-27T09:00:00.000Z');
      expect((await browser.get('/settings')).text).toContain('Saved:');
    });

    it('changes nothing when one value is wrong, and says which', async () => {
      const before = await h.app.users.get(user.id);
      await browser.get('/settings');
      await browser.post('/settings', {
        csrf: browser.csrf(),
        timezone: 'Mars/Olympus',
        cadence: '45d',
      });
      expect(await h.app.users.get(user.id)).toEqual(before);
      const page = await browser.get('/settings');
      expect(page.html).toMatch(/role="alert"/);
      expect(page.text).toContain('timezone must be an IANA zone');
    });

    it('pauses and resumes with the reply commands `pause 2w` and `resume`', async () => {
      await browser.get('/settings');
      await browser.post('/settings/pause', { csrf: browser.csrf(), action: 'pause', for: '2w' });
      const paused = (await h.app.users.get(user.id))!.pausedUntil!;
      const days = (Date.parse(paused) - Date.parse(NOW)) / DAY_MS;
      expect(days).toBeGreaterThan(13.5);
      expect(days).toBeLessThan(14.8);
      const page = await browser.get('/settings');
      expect(page.text).toContain('paused until');
      await browser.post('/settings/pause', { csrf: browser.csrf(), action: 'resume' });
      expect((await h.app.users.get(user.id))!.pausedUntil).toBeNull();
      expect(
        (await browser.post('/settings/pause', { csrf: browser.csrf(), action: 'explode' })).status,
      ).toBe(400);
    });
  });
});
