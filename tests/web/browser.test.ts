import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContactCommands } from '../../functions/web/contact-actions';
import { CHROMIUM, launchChromium } from '../../scripts/chromium';
import { claimAddress } from '../../shared/use-cases/claim-address';
import { addNeverLog } from '../../shared/use-cases/never-log';
import { addUserAddress } from '../../shared/use-cases/user-addresses';
import { mail } from '../support/tend-harness';
import { NOW, seedUser, type SeededUser } from './seed';
import { createWebHarness, type WebHarness } from './web-harness';

/**
 * The web app in Debian's Chromium (SPEC 8): the sign-in flow from the emailed link, each page
 * at a phone, a tablet and a desktop width with no horizontal scrolling, axe-core with no WCAG
 * 2.2 AA violation, and keyboard-only use.
 */

const ARTIFACTS = resolve('tests/artifacts');
/** The smallest phone SPEC 8 promises, a tablet, a desktop. */
const WIDTHS = [320, 768, 1280] as const;
const PAGES = [
  { name: 'today', path: '/today', heading: 'Today' },
  { name: 'contacts', path: '/contacts', heading: 'Contacts' },
  {
    name: 'contact',
    path: `/contacts/${encodeURIComponent('bob@globex.example')}`,
    heading: 'Bob Stone',
  },
  { name: 'contacts-page-2', path: '/contacts?q=crowd&page=2', heading: 'Contacts' },
  { name: 'network', path: '/network', heading: 'Network' },
  { name: 'settings', path: '/settings', heading: 'Settings' },
  {
    name: 'forget',
    path: `/contacts/${encodeURIComponent('cy@initech.example')}/forget`,
    heading: 'Forget Cy Ray?',
  },
] as const;
/** axe-core's rule sets for WCAG 2.0, 2.1 and 2.2 at levels A and AA, and its best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const MISSING_CHROMIUM = `${CHROMIUM} not found: the browser tests need it, run apt-get install -y chromium`;

let h: WebHarness;
let seeded: SeededUser;
let server: ServerType;
let base: string;
let browser: Browser | undefined;
let context: BrowserContext;
let axeSource: string;

beforeAll(async () => {
  // The server first, so the app knows its own address (TEND_WEB_URL, for the links it emails).
  const late: { web?: WebHarness['web'] } = {};
  server = await new Promise<ServerType>((started) => {
    const s = serve(
      { fetch: (request) => late.web!.fetch(request), port: 0, hostname: '127.0.0.1' },
      () => started(s),
    );
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h = await createWebHarness('web-browser', NOW, { TEND_WEB_URL: base });
  late.web = h.web;
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
  // A birthday in the next two weeks: Today draws its dates section with an item and actions.
  const dated = await runContactCommands(
    h.app,
    seeded.user,
    'dee@globex.example',
    ['birthday 30 November 1990'],
    { formId: '01KB0000000000000000000099' },
  );
  expect(dated.kind).toBe('done');
  // Settings lists a second address and a never-logged one, each with its Remove button.
  await addUserAddress(h.app.users, seeded.user, 'ada.work@a.example');
  await addNeverLog(h.app.users, seeded.user, 'noreply@vendor.example');
  // …and an address claimed on the web, waiting for its email, with its Cancel button.
  await claimAddress(h.app, seeded.user, 'ada.home@a.example', h.now());
  axeSource = await readFile(resolve('node_modules/axe-core/axe.min.js'), 'utf8');
  await mkdir(ARTIFACTS, { recursive: true });
  // A missing browser fails every test below (never a skip): see requireBrowser().
  if (!existsSync(CHROMIUM)) return;
  browser = await launchChromium();
  // The app's CSP allows no script at all; only axe, injected by the test, needs the bypass.
  context = await browser.newContext({ bypassCSP: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
});

function requireBrowser(): Browser {
  if (browser === undefined) throw new Error(MISSING_CHROMIUM);
  return browser;
}

/** A string expression: this project compiles without the DOM lib. */
async function widths(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
  );
}

interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } }).then((r) => r.violations)`,
  );
  return violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

/** What has keyboard focus: its tag, text and whether it shows a focus ring. */
async function focused(page: Page): Promise<{ tag: string; text: string; ring: boolean }> {
  return page.evaluate<{ tag: string; text: string; ring: boolean }>(`(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.innerText || el.value || '').trim(),
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  })()`);
}

/** Presses Tab until something whose text starts with `text` has focus (at most `limit` times). */
async function tabTo(page: Page, text: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).text.startsWith(text)) return;
  }
  throw new Error(`could not reach "${text}" with the keyboard`);
}

describe('the web app in a real browser', () => {
  it('has an axe check that does find violations (a control: an image without alt text)', async () => {
    requireBrowser();
    const page = await context.newPage();
    await page.setContent(
      '<!doctype html><html lang="en"><title>x</title><main><img src="x.png"></main></html>',
    );
    expect((await axeViolations(page)).join('\n')).toMatch(/^image-alt:/m);
    await page.close();
  });

  it('signs in with the keyboard alone from the link emailed in answer to login@', async () => {
    requireBrowser();
    const asked = await h.deliver(mail({ from: 'ada@a.example', to: `login@${h.ctx.domain}` }), {
      recipients: [`login@${h.ctx.domain}`],
    });
    expect(asked).toEqual({ outcome: 'login', result: 'sent' });
    const [email] = (await h.ctx.sentTo('ada@a.example')).filter(
      (e) => e.subject === 'Your Tend sign-in link',
    );
    const link = /http:\/\/\S+\/login\/[A-Za-z0-9_-]{43}/.exec(email?.body.text ?? '')?.[0];
    expect(link?.startsWith(`${base}/login/`)).toBe(true);
    const page = await context.newPage();
    await page.goto(link!);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in to Tend');
    expect(await context.cookies()).toEqual([]);

    await tabTo(page, 'Sign in');
    expect((await focused(page)).ring).toBe(true);
    await Promise.all([page.waitForURL(`${base}/today`), page.keyboard.press('Enter')]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Today');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'tend_session', httpOnly: true, sameSite: 'Lax' });
    await page.close();
  });

  describe.each(PAGES)('the $name page', ({ name, path, heading }) => {
    it.each(WIDTHS)(
      'fits %i px with no horizontal scrolling and no axe violation',
      async (width) => {
        requireBrowser();
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 900 });
        const res = await page.goto(`${base}${path}`);
        expect(res?.status()).toBe(200);
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(heading);
        const { scrollWidth, innerWidth } = await widths(page);
        expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
        await page.screenshot({
          path: join(ARTIFACTS, `web-${name}-${width}.png`),
          fullPage: true,
        });
        expect(await axeViolations(page)).toEqual([]);
        await page.close();
      },
    );
  });

  it('is usable with the keyboard: skip link, visible focus, an action done with Enter', async () => {
    requireBrowser();
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 900 });
    await page.goto(`${base}/today`);

    await page.keyboard.press('Tab');
    const skip = await focused(page);
    expect(skip.text).toBe('Skip to content');
    expect(skip.ring).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('main');

    // The first action in the main content is the thank-you's "Done".
    await tabTo(page, 'Done');
    expect((await focused(page)).ring).toBe(true);
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.waitForURL(`${base}/today`);
    expect(await page.getByRole('status').innerText()).toMatch(/Ana Lopez/);
    expect((await h.app.prompts.get(seeded.user.id, seeded.thanksPromptId))!.status).toBe('done');

    // Search with the keyboard: type, submit with Enter.
    await page.goto(`${base}/contacts`);
    await page.getByLabel('Search').focus();
    await page.keyboard.type('globex');
    await Promise.all([page.waitForURL(/q=globex/), page.keyboard.press('Enter')]);
    expect(await page.getByRole('heading', { level: 2 }).first().innerText()).toBe('2 contacts');
    await page.close();
  });

  it('imports a file chosen in Settings and shows its progress page, which fits 320 px with no axe violation', async () => {
    requireBrowser();
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 900 });
    await page.goto(`${base}/settings`);
    const csv = [
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      'Grace,Hopper,https://www.linkedin.com/in/grace-hopper-1906,grace@navy.example,US Navy,Rear Admiral,9 Dec 2020',
      'No,Address,,,,,',
    ].join('\n');
    await page.getByLabel('File to import').setInputFiles({
      name: 'Connections.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await Promise.all([
      page.waitForURL(`${base}/settings/import`),
      page.getByRole('button', { name: 'Import', exact: true }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Import contacts');
    expect(await page.getByRole('status').innerText()).toBe(
      'Done: imported 1 of 1 person from Connections.csv.',
    );
    const { scrollWidth, innerWidth } = await widths(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await page.screenshot({ path: join(ARTIFACTS, 'web-settings-import-320.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect((await h.app.contacts.get(seeded.user.id, 'grace@navy.example'))!.contact.source).toBe(
      'linkedin',
    );
    await page.close();
  });

  it('signs out with a button, and the pages then ask to sign in', async () => {
    requireBrowser();
    const page = await context.newPage();
    await page.goto(`${base}/today`);
    await Promise.all([
      page.waitForURL(`${base}/signin`),
      page.getByRole('button', { name: 'Sign out', exact: true }).click(),
    ]);
    expect(await page.getByRole('status').innerText()).toMatch(/signed out/);
    await page.goto(`${base}/contacts`);
    expect(page.url()).toBe(`${base}/signin`);
    await page.close();
  });
});
