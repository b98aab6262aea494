import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { NOW, seedUser } from './seed';
import { createWebHarness, type WebClient, type WebHarness } from './web-harness';

/**
 * SPEC 8 and 9: birthdays and anniversaries on the web. The Contact page shows and edits them
 * with the reply commands `birthday DATE` / `anniversary DATE` (one rule, two doors); Today lists
 * the next 14 days' (26 Nov – 9 Dec 2026 here), each with its actions.
 */

const enc = encodeURIComponent;
const CY = 'cy@initech.example';
const BOB = 'bob@globex.example';

describe('important dates on the web (SPEC 8, 9)', () => {
  let h: WebHarness;
  let user: User;
  let browser: WebClient;

  const contact = async (email: string) => (await h.app.contacts.get(user.id, email))!.contact;

  async function editDates(email: string, fields: Record<string, string>) {
    await browser.get(`/contacts/${enc(email)}`);
    return browser.post(`/contacts/${enc(email)}/edit`, { ...fields, csrf: browser.csrf() });
  }

  beforeAll(async () => {
    h = await createWebHarness('web-dates', NOW);
    ({ user } = await seedUser(h, 'ada@a.example', {
      overdue: 'Bob Stone <bob@globex.example>',
      due: 'Cy Ray <cy@initech.example>',
      recent: 'Dee Park <dee@globex.example>',
      helper: 'Ana Lopez <ana@helpers.example>',
    }));
    browser = h.client();
    await browser.signIn(h, user);
  });

  it('sets a birthday and an anniversary from the edit form, as the reply commands do', async () => {
    const res = await editDates(CY, { birthday: 'Nov 28 1986', anniversary: '12 june 2015' });
    expect(res.status).toBe(303);
    expect((await contact(CY)).dates).toEqual([
      { kind: 'birthday', month: 11, day: 28, year: 1986 },
      { kind: 'anniversary', month: 6, day: 12, year: 2015 },
    ]);
    const page = await browser.get(`/contacts/${enc(CY)}`);
    expect(page.text).toContain('Birthday 28 November 1986');
    expect(page.text).toContain('Anniversary 12 June 2015');
    expect(page.html).toMatch(/id="birthday"\s+name="birthday"\s+value="28 November 1986"/);
  });

  it('refuses a date the reply grammar refuses, says why, and changes nothing', async () => {
    const before = await contact(CY);
    const res = await editDates(CY, {
      name: 'Someone Else',
      birthday: '31 February',
      anniversary: '12 June 2015',
    });
    expect(res.status).toBe(303);
    expect(await contact(CY)).toEqual(before);
    const page = await browser.get(`/contacts/${enc(CY)}`);
    expect(page.html).toMatch(/role="alert"/);
    expect(page.text).toContain('Nothing changed');
    expect(page.text).toContain('February has no day 31');
  });

  it('refuses a year still to come', async () => {
    const before = await contact(CY);
    await editDates(CY, { birthday: 'May 4 2030', anniversary: '12 June 2015' });
    expect(await contact(CY)).toEqual(before);
    expect((await browser.get(`/contacts/${enc(CY)}`)).text).toContain('2030 is in the future');
  });

  it('lists the next two weeks’ dates on Today, soonest first, each with its actions', async () => {
    await editDates(BOB, { birthday: '5 December' });
    const page = await browser.get('/today');
    expect(page.text).toContain('Birthdays and anniversaries (2)');
    const cy = page.text.indexOf('Birthday on Sat 28 Nov (turns 40)');
    const bob = page.text.indexOf('Birthday on Sat 5 Dec');
    expect(cy).toBeGreaterThan(page.text.indexOf('Birthdays and anniversaries (2)'));
    expect(bob).toBeGreaterThan(cy);
    // The anniversary (June) is not in the window.
    expect(page.text).not.toContain('Anniversary on');
    const section = page.html.slice(page.html.indexOf('id="dates-heading"'));
    expect(section).toContain(`action="/contacts/${enc(CY)}/actions"`);
    expect(section).toMatch(/name="action" value="done"/);
  });

  it("'done' on a date logs that the user wrote to them, as the digest's `done` does", async () => {
    await browser.get('/today');
    const res = await browser.post(`/contacts/${enc(CY)}/actions`, {
      action: 'done',
      back: '/today',
      csrf: browser.csrf(),
    });
    expect(res.location).toBe('/today');
    expect((await contact(CY)).lastInteractionAt).toBe(new Date(NOW).toISOString());
  });

  it('clears a date when its field is emptied, and Today no longer lists it', async () => {
    await editDates(BOB, { birthday: '' });
    expect((await contact(BOB)).dates).toEqual([]);
    const page = await browser.get('/today');
    expect(page.text).toContain('Birthdays and anniversaries (1)');
    expect(page.text).not.toContain('Birthday on Sat 5 Dec');
    expect((await browser.get(`/contacts/${enc(BOB)}`)).text).toContain('Birthday not set');
  });
});
