import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntry, REPO_ROOT } from '../../infra/bundling';
import { symbolicate } from '../../scripts/symbolicate';

/**
 * The functions run without --enable-source-maps (issue 9): a logged stack trace names minified
 * bundle positions, and `npm run symbolicate` maps them back through the maps beside the bundle.
 * Here a real bundle, built as the functions are, throws from shared/config.ts.
 */
describe('npm run symbolicate', () => {
  let work: string;
  let bundleDir: string;
  let trace: string;

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'tend-symbolicate-'));
    const entry = path.join(work, 'entry.ts');
    writeFileSync(
      entry,
      `import { parseConfig } from ${JSON.stringify(path.join(REPO_ROOT, 'shared/config.ts'))};
       try { parseConfig({ TEND_TABLE: 'tend' }); } catch (error) { console.log((error as Error).stack); }`,
    );
    bundleDir = path.join(work, 'bundle');
    bundleEntry(entry, bundleDir);
    const run = spawnSync(process.execPath, [path.join(bundleDir, 'index.mjs')], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    trace = run.stdout;
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('maps a bundle frame to the source line that threw', () => {
    expect(trace).toMatch(/ConfigError: invalid configuration/);
    // Unmapped, the trace names only the minified bundle.
    expect(trace).not.toContain('shared/config.ts');
    // The throw for a missing token secret: `throw new ConfigError(` with its message below.
    const lines = readFileSync(path.join(REPO_ROOT, 'shared/config.ts'), 'utf8').split('\n');
    const index = lines.findIndex(
      (l, i) => l.includes('throw new ConfigError(') && lines[i + 1]?.includes('TEND_TOKEN_SECRET'),
    );
    expect(index).toBeGreaterThan(0);
    const throwLine = index + 1;
    expect(symbolicate(trace, bundleDir)).toMatch(
      new RegExp(`shared/config\\.ts:${throwLine}:\\d+`),
    );
  });

  it('leaves frames outside the bundle and other text as they are', () => {
    const foreign = 'Error: boom\n    at run (node:internal/main/run_main_module:28:49)\n';
    expect(symbolicate(foreign, bundleDir)).toBe(foreign);
  });

  it('says how to use it, and fails without a synth to read', () => {
    const script = path.join(REPO_ROOT, 'scripts/symbolicate.ts');
    const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
    const usage = spawnSync(tsx, [script], { input: '', encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/usage: npm run symbolicate -- <ingest\|/);
    const missing = spawnSync(tsx, [script, 'ingest', path.join(work, 'nowhere')], {
      input: '',
      encoding: 'utf8',
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('run `npm run synth` on the commit that was deployed');
  });
});
