import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import {
  CODE_LENGTH,
  MAX_PENDING_CLAIMS,
  pendingClaims,
} from '../../shared/use-cases/claim-address';
import { NOW } from './seed';
import { createWebHarness, type WebClient, type WebHarness } from './web-harness';

/**
 * SPEC 8 Settings, adding a sending address: the form claims it and shows what proves it (an
 * email from it to login@ with a code); nothing is added, and nothing is sent to the address.
 * The proof itself: tests/integration/address-claims.test.ts.
 */

const LOGIN = 'login@in.tend.localhost';

let h: WebHarness;
let me: User;
let browser: WebClient;

async function claim(address: string) {
  await browser.get('/settings');
  return browser.post('/settings/addresses', {
    csrf: browser.csrf(),
    action: 'add',
    'new-address': address,
  });
}

async function cancel(address: string) {
  await browser.get('/settings');
  return browser.post('/settings/addresses', {
    csrf: browser.csrf(),
    action: 'cancel',
    address,
  });
}

beforeAll(async () => {
  h = await createWebHarness('web-address-claims', NOW);
  me = await h.register('cleo@claims.example', 'Europe/London');
  await h.register('dora@claims.example', 'UTC', ['dora.work@claims.example']);
  browser = h.client();
  await browser.signIn(h, me);
});

describe('Settings: adding an address you send from', () => {
  it('offers a labelled form, with the CSRF field, and no operator-only advice', async () => {
    const page = await browser.get('/settings');
    expect(page.html).toContain('<label for="new-address">Add an address you send from</label>');
    const form = /<form[^>]*>(?:(?!<\/form>)[\s\S])*name="new-address"[\s\S]*?<\/form>/.exec(
      page.html,
    )?.[0];
    expect(form).toContain('name="csrf"');
    expect(form).toMatch(/name="action" value="add"/);
    expect(page.text).not.toContain('ask whoever runs your Tend');
  });

  it('stores a claim and shows what proves it: an email from it to login@ with the code', async () => {
    const res = await claim('  Cleo.Work@Claims.example ');
    expect(res.status).toBe(303);
    const [pending] = await pendingClaims(h.app, me.id, h.now());
    expect(pending).toMatchObject({
      userId: me.id,
      address: 'cleo.work@claims.example',
      createdAt: '2026-11-26T10:00:00.000Z',
      validUntil: '2026-11-27T10:00:00.000Z',
    });
    expect(pending!.code).toMatch(new RegExp(`^[A-HJKMNP-Z2-9]{${CODE_LENGTH}}$`));
    const page = await browser.get('/settings');
    expect(page.text).toContain(
      `Almost there: send any email from cleo.work@claims.example to ${LOGIN} with ${pending!.code} in the subject, within 24 hours.`,
    );
    expect(page.text).toContain(
      `cleo.work@claims.example : send any email from it to ${LOGIN} with ${pending!.code} in the subject, within 24 hours (by Fri 27 Nov 2026, 10:00).`,
    );
    expect(page.html).toContain(
      `href="mailto:login@in.tend.localhost?subject=Tend%20${pending!.code}"`,
    );
    expect(page.text).toContain('Cancel cleo.work@claims.example');
    // Not added: only the email adds it. And nothing was sent to it.
    expect((await h.app.users.get(me.id))!.addresses).toEqual(['cleo@claims.example']);
    expect(await h.app.users.findByAddress('cleo.work@claims.example')).toBeNull();
    expect(await h.ctx.sentTo('cleo.work@claims.example')).toEqual([]);
  });

  it('keeps the code of a claim still pending when the address is claimed again', async () => {
    const [before] = await pendingClaims(h.app, me.id, h.now());
    await claim('cleo.work@claims.example');
    expect((await browser.get('/settings')).text).toContain(
      `cleo.work@claims.example is already waiting: send any email from cleo.work@claims.example to ${LOGIN} with ${before!.code} in the subject.`,
    );
    expect(await pendingClaims(h.app, me.id, h.now())).toEqual([before]);
  });

  it.each([
    [
      'not an address',
      'cleo at home',
      /Nothing changed: \S*cleo at home\S* is not an email address/,
    ],
    [
      'one of your own',
      'CLEO@claims.example',
      /cleo@claims\.example is already one of your addresses/,
    ],
  ])('refuses %s with a message, claiming nothing', async (_, address, message) => {
    const before = await pendingClaims(h.app, me.id, h.now());
    await claim(address);
    expect((await browser.get('/settings')).text).toMatch(message);
    expect(await pendingClaims(h.app, me.id, h.now())).toEqual(before);
  });

  it("refuses another user's address, saying nothing of whose it is", async () => {
    const before = await pendingClaims(h.app, me.id, h.now());
    await claim('dora.work@claims.example');
    const page = await browser.get('/settings');
    expect(page.text).toContain(
      'Nothing changed: dora.work@claims.example is already registered to a Tend user.',
    );
    expect(page.text).not.toContain('dora@claims.example');
    expect(await pendingClaims(h.app, me.id, h.now())).toEqual(before);
    expect(await h.app.addressClaims.listByAddress('dora.work@claims.example')).toEqual([]);
  });

  it(`keeps at most ${MAX_PENDING_CLAIMS} claims waiting at once; an expired one no longer counts`, async () => {
    await claim('cleo.two@claims.example');
    await claim('cleo.three@claims.example');
    expect(await pendingClaims(h.app, me.id, h.now())).toHaveLength(MAX_PENDING_CLAIMS);
    await claim('cleo.four@claims.example');
    expect((await browser.get('/settings')).text).toContain(
      `Nothing changed: ${MAX_PENDING_CLAIMS} addresses are already waiting for their email: send those, or cancel one first.`,
    );
    expect(await h.app.addressClaims.listByAddress('cleo.four@claims.example')).toEqual([]);

    // A day later every one has expired: the page lists none, and a new claim is taken.
    h.setNow('2026-11-27T10:00:01Z');
    try {
      const page = await browser.get('/settings');
      expect(page.text).not.toContain('Waiting for an email');
      await claim('cleo.four@claims.example');
      expect((await pendingClaims(h.app, me.id, h.now())).map((c) => c.address)).toEqual([
        'cleo.four@claims.example',
      ]);
      await cancel('cleo.four@claims.example');
    } finally {
      h.setNow(NOW);
    }
  });

  it('cancels a claim: it is no longer listed, and its email would prove nothing', async () => {
    await cancel('cleo.two@claims.example');
    const page = await browser.get('/settings');
    expect(page.text).toContain('Cancelled: cleo.two@claims.example will not be added.');
    expect(page.text).not.toContain('Cancel cleo.two@claims.example');
    expect(await h.app.addressClaims.listByAddress('cleo.two@claims.example')).toEqual([]);
    await cancel('cleo.two@claims.example');
    expect((await browser.get('/settings')).text).toContain(
      'Nothing changed: cleo.two@claims.example is not waiting for an email.',
    );
  });

  it('refuses an unknown action (400) and a claim without the CSRF token (403)', async () => {
    await browser.get('/settings');
    const token = browser.csrf();
    expect(
      (await browser.post('/settings/addresses', { csrf: token, action: 'claim' })).status,
    ).toBe(400);
    const res = await browser.post('/settings/addresses', {
      action: 'add',
      'new-address': 'cleo.five@claims.example',
    });
    expect(res.status).toBe(403);
    expect(await h.app.addressClaims.listByAddress('cleo.five@claims.example')).toEqual([]);
  });
});
