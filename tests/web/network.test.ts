import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { NOW } from './seed';
import { createWebHarness, sentTo, type WebClient, type WebHarness } from './web-harness';

/**
 * SPEC 8, Network: fresh / due / overdue contacts per tag and interactions per week over the
 * last year, drawn from what ingest logged (Thursday 26 Nov 2026 is "now": the year's last week
 * is 20–26 Nov 2026, its first starts 28 Nov 2025).
 */

const enc = encodeURIComponent;
const ME = 'ada@a.example';

describe('the Network page (SPEC 8)', () => {
  let h: WebHarness;
  let ada: User;
  let browser: WebClient;
  let mallory: WebClient;

  /** Sets a contact's tags and cadence through the Contact page's edit form. */
  async function edit(email: string, tags: string): Promise<void> {
    await browser.get(`/contacts/${enc(email)}`);
    const res = await browser.post(`/contacts/${enc(email)}/edit`, {
      tags,
      every: '30d',
      csrf: browser.csrf(),
    });
    expect(res.status).toBe(303);
  }

  beforeAll(async () => {
    h = await createWebHarness('web-network', NOW);
    ada = await h.register(ME, 'Europe/London');
    // Cadence 30 days for all (set below). Fresh: written to 6 days ago. Due: 56 days ago (due
    // 26 days ago, less than one more cadence). Overdue: 178 days ago. Muted: not counted.
    await h.deliver(
      sentTo(ME, 'Fay Fresh <fay@fresh.example>', 'Hi', 'Fri, 20 Nov 2026 09:00:00 +0000'),
    );
    await h.deliver(
      sentTo(ME, 'Dan Due <dan@due.example>', 'Hi', 'Thu, 01 Oct 2026 09:00:00 +0000'),
    );
    await h.deliver(
      sentTo(ME, 'Mo Mute <mo@mute.example>', 'Hi', 'Thu, 01 Oct 2026 12:00:00 +0000'),
    );
    await h.deliver(
      sentTo(ME, 'Olu Over <olu@over.example>', 'Hi', 'Mon, 01 Jun 2026 09:00:00 +0000'),
    );
    // Before the year the chart covers: counted nowhere on it.
    await h.deliver(
      sentTo(ME, 'Olu Over <olu@over.example>', 'Old', 'Mon, 03 Nov 2025 09:00:00 +0000'),
    );

    // Another user, whose tag and activity must never show on Ada's page.
    const bea = await h.register('bea@b.example', 'Europe/London');
    for (const day of ['23', '24', '25'])
      await h.deliver(
        sentTo(
          bea.email,
          `Zed Zane <zed${day}@zeta.example>`,
          'Hi',
          `Mon, ${day} Nov 2026 09:00:00 +0000`,
        ),
      );
    mallory = h.client();
    await mallory.signIn(h, bea);
    await mallory.get(`/contacts/${enc('zed23@zeta.example')}`);
    await mallory.post(`/contacts/${enc('zed23@zeta.example')}/edit`, {
      tags: 'secretproject',
      csrf: mallory.csrf(),
    });

    browser = h.client();
    await browser.signIn(h, ada);
    await edit('fay@fresh.example', 'mentor');
    await edit('dan@due.example', 'mentor investor');
    await edit('olu@over.example', '');
    await edit('mo@mute.example', 'mentor');
    await browser.post(`/contacts/${enc('mo@mute.example')}/actions`, {
      action: 'mute',
      csrf: browser.csrf(),
    });
  });

  it('counts fresh, due and overdue contacts per tag, and says who is left out', async () => {
    const page = await browser.get('/network');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.html).toMatch(/href="\/network" aria-current="page"/);
    expect(page.text).toContain('All contacts: 1 fresh, 1 due, 1 overdue (3 in all)');
    expect(page.text).toContain('mentor: 1 fresh, 1 due, 0 overdue (2 in all)');
    expect(page.text).toContain('investor: 0 fresh, 1 due, 0 overdue (1 in all)');
    expect(page.text).toContain('untagged: 0 fresh, 0 due, 1 overdue (1 in all)');
    expect(page.text).toContain('Not counted: 1 muted.');
    // Most contacts first, the untagged last.
    const order = ['All contacts:', 'mentor:', 'investor:', 'untagged:'].map((s) =>
      page.text.indexOf(s),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Each bar is an image named with its numbers; the definitions are on the page.
    expect(page.html).toMatch(/role="img"\s+aria-label="mentor: 1 fresh, 1 due, 0 overdue"/);
    expect(page.text).toContain('due for a whole cadence or longer');
  });

  it('sums the interactions logged in each of the last 52 weeks', async () => {
    const page = await browser.get('/network');
    const summary =
      '4 interactions in the last 52 weeks; most in one week: 2, the week of 25 Sep 2026; 49 weeks with none.';
    expect(page.text).toContain(summary);
    expect(page.html).toContain(`aria-label="Interactions per week. ${summary}"`);
    const rows = [...page.html.matchAll(/<th scope="row">([^<]+)<\/th>\s*<td>(\d+)<\/td>/g)].map(
      (m) => `${m[1]!.trim()}: ${m[2]}`,
    );
    expect(rows).toHaveLength(52);
    expect(rows[0]).toBe('28 Nov 2025 to 4 Dec 2025: 0');
    expect(rows[51]).toBe('20 Nov 2026 to 26 Nov 2026: 1');
    expect(rows.filter((r) => !r.endsWith(': 0'))).toEqual([
      '29 May 2026 to 4 Jun 2026: 1',
      '25 Sep 2026 to 1 Oct 2026: 2',
      '20 Nov 2026 to 26 Nov 2026: 1',
    ]);
  });

  it("never shows another user's tags or activity", async () => {
    const page = await browser.get('/network');
    expect(page.html).not.toContain('secretproject');
    expect(page.html).not.toContain('zeta');
    // …and Ada's never shows on Bea's: her three contacts, her tag, her three interactions.
    const theirs = await mallory.get('/network');
    expect(theirs.text).toContain('All contacts: 3 fresh, 0 due, 0 overdue (3 in all)');
    expect(theirs.text).toContain('secretproject: 1 fresh');
    expect(theirs.text).not.toContain('mentor');
    expect(theirs.text).toContain('3 interactions in the last 52 weeks');
    expect(theirs.html).not.toContain(ME);
    expect(theirs.html).not.toContain('fresh.example');
  });

  it('sends a browser with no session to sign in', async () => {
    const res = await h.client().get('/network');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/signin');
  });

  it('reads the contacts (projected) and the year of day stats: two Queries after the session', async () => {
    const { result, counts } = await h.requests.measure(() => browser.get('/network'));
    expect(result.status).toBe(200);
    // Session and user (2 GetItem), the contact items (1 Query), the day stats (1 Query).
    expect(counts.byKind).toEqual({ GetItem: 2, Query: 2 });
  });
});
