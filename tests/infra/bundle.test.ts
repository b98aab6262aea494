import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_OPTIONS,
  FUNCTION_ENTRIES,
  type FunctionName,
  REPO_ROOT,
} from '../../infra/bundling';
import { SYNTH_TIMEOUT_MS, sharedSynthDir } from './support';

/** Far above today's bundles (a few MB): a jump past it means something large got pulled in. */
const MAX_BUNDLE_BYTES = 8 * 1024 * 1024;

/**
 * Preloaded into the child: any attempt to open a socket or resolve a name throws and is
 * recorded, so "loads without network access" is checked, not assumed.
 */
const NO_NETWORK = `
import net from 'node:net';
import dns from 'node:dns';
globalThis.__networkAttempts = [];
const refuse = (what) => function () {
  globalThis.__networkAttempts.push(what);
  throw new Error('network access during import: ' + what);
};
net.Socket.prototype.connect = refuse('net.connect');
dns.lookup = refuse('dns.lookup');
dns.promises.lookup = refuse('dns.promises.lookup');
globalThis.fetch = refuse('fetch');
`;

/** Imports the bundle and reports what it exports, and any network attempt. */
const PROBE = `
const mod = await import(process.argv[1]);
console.log(JSON.stringify({ handler: typeof mod.handler, network: globalThis.__networkAttempts }));
`;

/**
 * The bundles as they ship: esbuild ran once, in the run's CLI synth (support.ts), with the
 * options of infra/bundling.ts. Each asset directory holding an index.mjs is one function's
 * bundle; its source map names the entry it was built from.
 */
function shippedBundles(synthDir: string): Map<FunctionName, string> {
  const found = new Map<FunctionName, string>();
  for (const dir of readdirSync(synthDir)) {
    const file = path.join(synthDir, dir, 'index.mjs');
    if (!existsSync(file) || !existsSync(`${file}.map`)) continue;
    const { sources } = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    const resolved = new Set(sources.map((s) => path.resolve(synthDir, dir, s)));
    for (const [name, entry] of Object.entries(FUNCTION_ENTRIES) as Array<[FunctionName, string]>) {
      if (!resolved.has(path.join(REPO_ROOT, entry))) continue;
      if (found.has(name)) throw new Error(`two bundles of ${entry} in ${synthDir}`);
      found.set(name, file);
    }
  }
  return found;
}

// An isolated directory outside the repository: no node_modules can be found from here, so a
// module the bundle left out fails the import.
let workDir: string;
let bundles: Map<FunctionName, string>;
// Runs or waits for the shared synth (SYNTH_TIMEOUT_MS says how long it can take).
beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'tend-bundle-'));
  writeFileSync(path.join(workDir, 'no-network.mjs'), NO_NETWORK);
  bundles = shippedBundles(await sharedSynthDir());
}, SYNTH_TIMEOUT_MS);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const names = Object.keys(FUNCTION_ENTRIES) as FunctionName[];

describe('function bundles', () => {
  it.each(names)('%s bundles completely, loads with no network and exports handler', (name) => {
    const shipped = bundles.get(name);
    expect(shipped, `the synth's bundle of ${FUNCTION_ENTRIES[name]}`).toBeDefined();
    // Copied, with its source map, into the isolated directory.
    const outfile = path.join(workDir, name, 'index.mjs');
    mkdirSync(path.dirname(outfile), { recursive: true });
    copyFileSync(shipped as string, outfile);
    copyFileSync(`${shipped as string}.map`, `${outfile}.map`);
    // Built with infra/bundling.ts's options: the banner, and maps that carry no sources.
    expect(readFileSync(outfile, 'utf8').startsWith(BUNDLE_OPTIONS.banner)).toBe(true);
    const map = JSON.parse(readFileSync(`${outfile}.map`, 'utf8')) as object;
    expect('sourcesContent' in map).toBe(BUNDLE_OPTIONS.sourcesContent);

    const bytes = statSync(outfile).size;
    const gzipped = gzipSync(readFileSync(outfile)).length;
    // Printed on purpose: CI logs show each bundle's size over time.
    console.log(
      `bundle ${name}: ${(bytes / 1024).toFixed(0)} KiB (${(gzipped / 1024).toFixed(0)} KiB gzipped)`,
    );
    expect(bytes).toBeLessThan(MAX_BUNDLE_BYTES);

    const child = spawnSync(
      process.execPath,
      [
        '--import',
        path.join(workDir, 'no-network.mjs'),
        '--input-type=module',
        '-e',
        PROBE,
        outfile,
      ],
      {
        cwd: workDir,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '',
          // What a cold start sees: the deployed variables, credentials and region from Lambda.
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'example',
          // Should anything still try to call AWS, it goes nowhere (port 9, discard).
          AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
          AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
          AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
          AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:9',
          AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:9',
          TEND_TABLE: 'tend',
          TEND_BUCKET: 'tend-mail',
          TEND_INBOUND_PREFIX: 'inbound/',
          TEND_INBOUND_DOMAIN: 'in.example.com',
          TEND_FROM: 'tend@example.com',
          TEND_TOKEN_SECRET: 'bundle-test-secret-0123456789',
        },
      },
    );
    // stderr may carry warnings (the SDK's Node-version notice on Node 20); a failure shows it.
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
      handler: 'function',
      network: [],
    });
  });
});
