import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../../scripts/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConfirmation, renderDigest, renderThanksPrompt } from '../../shared/domain/render';
import {
  digestNames,
  LONG_ADDRESS,
  sampleConfirmation,
  sampleDigest,
  sampleThanks,
} from '../../scripts/preview-samples';

const ARTIFACTS = resolve('tests/artifacts');
/** Smallest phone we support, a common phone, a desktop mail client's reading pane. */
const WIDTHS = [320, 375, 1024] as const;

const EMAILS = [
  {
    name: 'digest',
    html: renderDigest(sampleDigest).html,
    mustShow: [...digestNames(sampleDigest), LONG_ADDRESS],
  },
  {
    name: 'thanks',
    html: renderThanksPrompt(sampleThanks).html,
    mustShow: ['Ana López', 'Hi Ana, thank you'],
  },
  {
    name: 'confirmation',
    html: renderConfirmation(sampleConfirmation).html,
    mustShow: ['Zoë Ødegaard-Nakamura'],
  },
] as const;

const MISSING_CHROMIUM = `${CHROMIUM} not found: the layout tests need it, run apt-get install -y chromium`;

let browser: Browser | undefined;

beforeAll(async () => {
  // A missing browser fails every test below (never a skip): see the check at the top of each.
  if (!existsSync(CHROMIUM)) return;
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe.each(EMAILS)('the $name email', (email) => {
  describe.each(WIDTHS)('at %i px wide', (width) => {
    it('fits the width, shows every name inside it, needs no images, and is screenshotted', async () => {
      // Arrange
      if (browser === undefined) throw new Error(MISSING_CHROMIUM);
      const file = join(ARTIFACTS, `${email.name}.html`);
      await writeFile(file, email.html);
      const page = await browser.newPage({ viewport: { width, height: 800 } });

      // Act
      await page.goto(pathToFileURL(file).href);
      await page.screenshot({
        path: join(ARTIFACTS, `${email.name}-${width}.png`),
        fullPage: true,
      });

      // Assert
      // A string expression: this project compiles without the DOM lib.
      const { scrollWidth, innerWidth } = await page.evaluate<{
        scrollWidth: number;
        innerWidth: number;
      }>('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })');
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      expect(await page.locator('img').count()).toBe(0);
      for (const text of email.mustShow) {
        const matches = await page.getByText(text).all();
        expect(matches.length, `"${text}" is on the page`).toBeGreaterThan(0);
        for (const match of matches) {
          expect(await match.isVisible(), `"${text}" is visible`).toBe(true);
          const box = await match.boundingBox();
          expect(box, `"${text}" has a box`).not.toBeNull();
          expect(box!.x).toBeGreaterThanOrEqual(0);
          expect(box!.x + box!.width).toBeLessThanOrEqual(innerWidth);
        }
      }
      await page.close();
    });
  });
});
