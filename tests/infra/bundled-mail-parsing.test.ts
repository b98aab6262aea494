import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BUNDLE_ENTRY_FILE, bundleEntry } from '../../infra/bundling';
import { parseMail } from '../../shared/mail/parse-mail';

/**
 * The bundle options choose other builds of some packages than Node does (the AWS SDK's and
 * others' ES modules, one libmime for mailparser and mailsplit alike). Mail must read the same
 * either way, every charset included: the corpus goes through the bundled parser and the source.
 */
const CORPUS = fileURLToPath(new URL('../../../shared/corpus/eml/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

/** MailFacts as comparable data (its headers are a Map, its dates Dates), or the error's name. */
async function read(parse: typeof parseMail, raw: Buffer): Promise<unknown> {
  try {
    const facts = await parse(raw);
    return JSON.parse(JSON.stringify({ ...facts, headers: [...facts.headers] }));
  } catch (error) {
    return { error: (error as Error).name };
  }
}

let outDir: string;
let bundledParseMail: typeof parseMail;
beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'tend-bundled-parse-'));
  bundleEntry('shared/mail/parse-mail.ts', outDir);
  const url = pathToFileURL(path.join(outDir, BUNDLE_ENTRY_FILE)).href;
  ({ parseMail: bundledParseMail } = (await import(/* @vite-ignore */ url)) as {
    parseMail: typeof parseMail;
  });
});
afterAll(() => {
  vi.useRealTimers();
  rmSync(outDir, { recursive: true, force: true });
});

describe('mail parsed by the bundled code', () => {
  const corpus = files(CORPUS);

  it('finds the corpus', () => {
    expect(corpus.length).toBeGreaterThan(200);
  });

  it('reads every email of ../shared/corpus/eml as the source does', async () => {
    // mailparser dates a message with an unreadable Date header "now": one now for both.
    vi.useFakeTimers({ now: new Date('2026-11-26T10:00:00Z'), toFake: ['Date'] });
    for (const file of corpus) {
      const raw = readFileSync(file);
      expect(await read(bundledParseMail, raw), path.relative(CORPUS, file)).toEqual(
        await read(parseMail, raw),
      );
    }
  });
});
