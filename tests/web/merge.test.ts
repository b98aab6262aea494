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
    await h.deliver(mail({ from: ME, to: 'Kim Ito <kim@work.example>', subject: 'Lunch' }));
    // Another user's Sam Lee is theirs: never suggested to this user.
    await h.register('other-merge@merge.example', 'Europe/London');
    await h.deliver(
      mail({ from: 'other-merge@merge.example', to: 'Sam Lee <sam@other.example>', subject: 'Hi' }),
    );
    browser = h.client();
    await browser.signIn(h, user);
  });

  it('suggests the likely duplicate when asked, linking to it and to a filled-in Merge form, and merges nothing', async () => {
    // The page as usually read offers to look (a read of every contact, so only when asked).
    const plain = await browser.get(path);
    expect(plain.html).toContain(`href="${path}?duplicates#duplicates"`);
    expect(plain.text).toContain('Likely the same person Look for contacts named Sam Lee');
    expect(plain.text).not.toContain('sam@home.example');

    const page = await browser.get(`${path}?duplicates`);
    expect(page.text).toContain('Likely the same person Sam Lee (sam@home.example)');
    expect(page.html).toContain(`href="/contacts/${enc('sam@home.example')}"`);
    const mergeLink = `${path}?merge=${enc('sam@home.example')}#merge`;
    expect(page.html).toContain(`href="${mergeLink}"`);
    expect(page.html).not.toContain('sam@other.example');
    // The link fills in the form; the merge is still the user's click.
    const form = await browser.get(mergeLink.replace('#merge', ''));
    expect(form.html).toMatch(/<input\s+id="other"\s+name="other"\s+value="sam@home\.example"/);
    // Only a suggested address is filled in.
    const odd = await browser.get(`${path}?merge=${enc('kim@work.example')}`);
    expect(odd.html).toMatch(/<input\s+id="other"\s+name="other"\s+value=""/);
    expect((await h.app.contacts.get(user.id, 'sam@work.example'))!.contact.aliases).toEqual([]);
    expect(await h.app.contacts.get(user.id, 'sam@home.example')).not.toBeNull();
    // Seen from the other side; and a contact of another name has none.
    expect((await browser.get(`/contacts/${enc('sam@home.example')}?duplicates`)).text).toContain(
      'Likely the same person Sam Lee (sam@work.example)',
    );
    expect((await browser.get(`/contacts/${enc('kim@work.example')}?duplicates`)).text).toContain(
      'Likely the same person Nobody else is named Kim Ito',
    );
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
    expect((await browser.get(`${path}?duplicates`)).text).toContain(
      'Nobody else is named Sam Lee',
    );
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
