import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/bundling';

const outDirs: string[] = [];
afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
});

/** `npx cdk …` from the repository root, offline: no notices, no telemetry, no lookups. */
function cdk(args: string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
  outDir: string;
} {
  const outDir = mkdtempSync(path.join(tmpdir(), 'tend-cdk-out-'));
  outDirs.push(outDir);
  const result = spawnSync('npx', ['cdk', ...args, '--no-notices', '-o', outDir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 170_000,
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CI: 'true' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outDir };
}

describe('npx cdk synth (the CLI, as CI runs it)', () => {
  it('synthesizes both stacks offline from cdk.json, bundling every function', () => {
    const run = cdk([
      'synth',
      '--all',
      '-q',
      '-c',
      'inboundDomain=in.example.com',
      '-c',
      'fromAddress=tend@example.com',
    ]);
    expect(run.status, run.stderr).toBe(0);
    for (const stack of ['TendStateful', 'TendStateless']) {
      expect(existsSync(path.join(run.outDir, `${stack}.template.json`))).toBe(true);
    }
    const bundles = readdirSync(run.outDir).filter((d) =>
      existsSync(path.join(run.outDir, d, 'index.mjs')),
    );
    // ingest, dispatch and the secret bootstrap (the rule-set activation ships CDK's own code).
    expect(bundles).toHaveLength(3);
    for (const dir of bundles) {
      const code = readFileSync(path.join(run.outDir, dir, 'index.mjs'), 'utf8');
      expect(
        code.startsWith("import { createRequire as __tendCreateRequire } from 'node:module';"),
      ).toBe(true);
      expect(existsSync(path.join(run.outDir, dir, 'index.mjs.map'))).toBe(true);
    }
  });

  it('fails before synthesizing when context is missing, naming what is missing', () => {
    const run = cdk(['synth', '--all', '-q']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('missing CDK context: inboundDomain, fromAddress');
  });
});
