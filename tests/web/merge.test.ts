import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { mail } from '../support/tend-harness';
import { createWebHarness, type WebClient, type WebHarness } from './web-harness';

const enc = encodeURIComponent;
const ME = 'web-merge@merge.example';

/** SPEC 9 on the web: the Contact page merges another address in, through the same use case
 * as `tend contacts merge` and the `merge OTHER` reply. */
describe('merging from the Contact page', () => {
  let h: WebHarness;
  let user: User;
  let browser: WebClient;
  const path = `/contacts/${enc('sam@work.example')}`;

  beforeAll(async () => {
    h = await createWebHarness('web-merge', '2026-11-26T10:00:00Z');
    user = await h.register(ME, 'Europe/London');
    await h.deliver(mail({ from: ME, to: 'Sam Lee <sam@work.example>', subject: 'Budget' }));
    await h.deliver(mail({ from: ME, to: 'Sam Lee <sam@home.example>', subject: 'Dinner' }));
    browser = h.client();
    await browser.signIn(h, user);
  });

  it('merges the other address in, says so, and lists it on the page', async () => {
    await browser.get(path);
    const res = await browser.post(`${path}/merge`, {
      other: ' Sam@Home.example ',
      csrf: browser.csrf(),
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe(path);
    const page = await browser.get(path);
    expect(page.text).toContain('Merged sam@home.example into Sam Lee');
    expect(page.text).toContain('Also writes from sam@home.example');
    expect(page.text).toContain('Interactions 2');
    const sam = (await h.app.contacts.get(user.id, 'sam@work.example'))!.contact;
    expect(sam.aliases).toEqual(['sam@home.example']);
    expect(await h.app.contacts.get(user.id, 'sam@home.example')).toBeNull();
  });

  it('says why nothing changed for an unknown, empty or same address', async () => {
    for (const [other, why] of [
      ['nobody@x.example', 'nobody@x.example is not one of your contacts'],
      ['', 'give the other address'],
      ['sam@work.example', 'cannot merge sam@work.example into itself'],
    ] as const) {
      await browser.get(path);
      await browser.post(`${path}/merge`, { other, csrf: browser.csrf() });
      expect((await browser.get(path)).text).toContain(`Nothing changed: ${why}`);
    }
    expect((await h.app.contacts.get(user.id, 'sam@work.example'))!.contact.aliases).toEqual([
      'sam@home.example',
    ]);
  });
});
