import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM, launchChromium } from '../../scripts/chromium';

export interface ServedBrowser {
  /** The app's address on loopback. */
  base(): string;
  /** The browser; a missing Chromium fails the test that asks (never a skip). */
  browser(): Browser;
}

/**
 * For a describe block: serves the web app on a free loopback port and starts Chromium before
 * its tests, and stops both after.
 */
export function servedInBrowser(
  fetch: (request: Request) => Response | Promise<Response>,
): ServedBrowser {
  let server: ServerType | undefined;
  let browser: Browser | undefined;
  let base = '';
  beforeAll(async () => {
    server = await new Promise<ServerType>((started) => {
      const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => started(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (existsSync(CHROMIUM)) browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });
  return {
    base: () => base,
    browser: () => {
      if (!browser) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
      return browser;
    },
  };
}
