/**
 * Renders the sample emails so a person can look at them in a browser:
 *   npx tsx scripts/preview.ts [outDir]      (default preview/, which is gitignored)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  renderConfirmation,
  renderDigest,
  renderThanksPrompt,
  type RenderedEmail,
} from '../shared/domain/render';
import { renderCloseLoopPrompt } from '../shared/domain/render/close-loop-prompt';
import { renderNewsChecklist } from '../shared/domain/render/news';
import {
  sampleCloseLoop,
  sampleConfirmation,
  sampleDigest,
  sampleNews,
  sampleThanks,
} from './preview-samples';

export const PREVIEWS: ReadonlyArray<{ name: string; render: () => RenderedEmail }> = [
  { name: 'digest', render: () => renderDigest(sampleDigest) },
  { name: 'thanks', render: () => renderThanksPrompt(sampleThanks) },
  { name: 'confirmation', render: () => renderConfirmation(sampleConfirmation) },
  { name: 'news', render: () => renderNewsChecklist(sampleNews) },
  { name: 'close-loop', render: () => renderCloseLoopPrompt(sampleCloseLoop) },
];

async function main(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const preview of PREVIEWS) {
    const email = preview.render();
    const htmlPath = join(outDir, `${preview.name}.html`);
    const textPath = join(outDir, `${preview.name}.txt`);
    await writeFile(htmlPath, email.html);
    await writeFile(textPath, `Subject: ${email.subject}\n\n${email.text}`);
    console.log(htmlPath);
    console.log(textPath);
  }
}

await main(resolve(process.argv[2] ?? 'preview'));
