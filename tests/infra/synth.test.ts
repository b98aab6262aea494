import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { regionRefusal } from '../../infra/ses-receiving-regions';
import { type CdkRun, runCdk, SYNTH_ARGS, SYNTH_TIMEOUT_MS, sharedSynth } from './support';

const outDirs: string[] = [];
afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
});

/** `npx cdk …` into a directory of its own, removed after the file. */
function cdk(args: readonly string[], env: Record<string, string> = {}): Promise<CdkRun> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'tend-cdk-out-'));
  outDirs.push(outDir);
  return runCdk(args, outDir, env);
}

describe('npx cdk synth (the CLI, as CI runs it)', () => {
  it(
    'synthesizes both stacks offline from cdk.json, bundling every function',
    async () => {
      // The run's one synth (support.ts, SYNTH_ARGS): the other infra files read its output.
      const run = await sharedSynth();
      expect(run.status, run.stderr).toBe(0);
      for (const stack of ['TendStateful', 'TendStateless']) {
        expect(existsSync(path.join(run.outDir, `${stack}.template.json`))).toBe(true);
      }
      const bundles = readdirSync(run.outDir).filter((d) =>
        existsSync(path.join(run.outDir, d, 'index.mjs')),
      );
      // ingest, dispatch, ses-feedback, web, the secret bootstrap and the rule-set activation.
      expect(bundles).toHaveLength(6);
      for (const dir of bundles) {
        const code = readFileSync(path.join(run.outDir, dir, 'index.mjs'), 'utf8');
        expect(
          code.startsWith("import { createRequire as __tendCreateRequire } from 'node:module';"),
        ).toBe(true);
        expect(existsSync(path.join(run.outDir, dir, 'index.mjs.map'))).toBe(true);
      }
    },
    // Runs or waits for that synth (SYNTH_TIMEOUT_MS says how long it can take).
    SYNTH_TIMEOUT_MS,
  );

  it(
    'fails before synthesizing when context is missing, naming what is missing',
    async () => {
      const missing = await cdk(['synth', '--all', '-q']);
      expect(missing.status).not.toBe(0);
      expect(missing.stderr).toContain('missing CDK context: inboundDomain, fromAddress');
    },
    // A CLI run of its own: npx, cdk and the app under tsx start before the context check
    // stops it; 5 s on an idle machine, 15 s measured on a busy 2-core one.
    120_000,
  );

  it(
    'refuses a region without SES receiving before synthesizing, listing the regions that work',
    async () => {
      // The CLI resolves the region from the environment and hands it to the app.
      const run = await cdk(SYNTH_ARGS, {
        AWS_REGION: 'eu-south-2',
        AWS_DEFAULT_REGION: 'eu-south-2',
      });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(regionRefusal('eu-south-2'));
      expect(existsSync(path.join(run.outDir, 'TendStateless.template.json'))).toBe(false);
    },
    // As above: a CLI run stopped before any stack is built.
    120_000,
  );
});
