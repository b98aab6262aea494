/**
 * Regenerates the README image: the sample digest as a 375-px-wide phone sees it.
 *   npx tsx scripts/screenshot-digest.ts [out.png]      (default docs/images/digest.png)
 * Needs Debian's chromium (`apt-get install -y chromium`).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CHROMIUM, launchChromium } from './chromium';
import { renderDigest } from '../shared/domain/render';
import { sampleDigest } from './preview-samples';

/** iPhone SE / mini class width, the narrowest common phone layout after 320 px. */
const PHONE_WIDTH = 375;

async function main(out: string): Promise<void> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run apt-get install -y chromium`);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({
      viewport: { width: PHONE_WIDTH, height: 800 },
      deviceScaleFactor: 1,
    });
    await page.setContent(renderDigest(sampleDigest).html);
    await mkdir(dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });
    console.log(out);
  } finally {
    await browser.close();
  }
}

await main(resolve(process.argv[2] ?? 'docs/images/digest.png'));
