import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
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
  BUNDLE_ENTRY_FILE,
  BUNDLE_OPTIONS,
  bundleFiles,
  bundlesIn,
  ESM_REQUIRE_BANNER,
  FUNCTION_ENTRIES,
  type FunctionName,
} from '../../infra/bundling';
import { SYNTH_TIMEOUT_MS, sharedSynthDir } from './support';

/**
 * Byte budgets (issue 9): what a cold start loads (the entry file and its static imports) and
 * the whole bundle (with the files loaded on demand), source maps left out. About 5% over what
 * was measured when set (bench/bundles.ts prints the sizes, bench/RESULTS.md keeps them): growing
 * past one means something new joined that path; look at it before raising the budget.
 */
const BYTE_BUDGETS: Record<FunctionName, { startup: number; total: number }> = {
  // Measured 1,608,284 and 2,310,257 bytes (issue 9: luxon, email-forward-parser, then chrono-node
  // off the start path; issue 12: the word index).
  ingest: { startup: 1_689_000, total: 2_426_000 },
  // Measured 452,404 and 967,276 bytes (issue 9: luxon, then the renderers and nodemailer off
  // the start path).
  dispatch: { startup: 475_000, total: 1_016_000 },
  // Measured 293,360 and 438,603 bytes.
  secretBootstrap: { startup: 308_000, total: 461_000 },
  // Measured 241,656 and 386,899 bytes.
  activateRuleSet: { startup: 254_000, total: 407_000 },
  // Measured 372,804 and 785,313 bytes.
  sesFeedback: { startup: 392_000, total: 825_000 },
  // Measured 624,037 and 1,168,293 bytes (issue 12: Settings' import, whose parsers (csv-parse,
  // ical.js, luxon) load on demand, on an import only; the word index; address claims).
  web: { startup: 656_000, total: 1_227_000 },
};

/**
 * What a function's cold start must not load, by the source paths in its startup files' maps:
 * ingest sends email only to answer a reply or tell of quarantined mail; the dispatcher never
 * reads raw mail; the token secret comes from SSM on first use only; the web app needs the table
 * alone.
 */
const NOT_AT_START: Partial<Record<FunctionName, RegExp[]>> = {
  ingest: [
    /@aws-sdk\/client-sesv2\//,
    /@aws-sdk\/client-ssm\//,
    /nodemailer\/dist\/[^/]+\/mail-composer\//,
    /shared\/use-cases\/handle-reply\.ts$/,
    /shared\/use-cases\/quarantine-notice\.ts$/,
    /shared\/domain\/render\//,
    // Zone arithmetic is shared/domain/time.ts's, on Intl (issue 9).
    /\/luxon\//,
    // Only mail whose subject could mark a forward (or that has none) needs it (parse-mail.ts).
    /\/email-forward-parser\//,
    // Reads a forward's printed date, and a reply's dates: loaded by forwards and replies only.
    /\/chrono-node\//,
  ],
  // Most ticks find nothing due: what renders and builds an email loads on the first send.
  dispatch: [
    /@aws-sdk\/client-s3\//,
    /@aws-sdk\/client-ssm\//,
    /\/mailparser\//,
    /\/luxon\//,
    /shared\/domain\/render\//,
    /\/nodemailer\//,
    /\/chrono-node\//,
  ],
  // The web app reads and writes the table: it sends no email and reads no raw mail.
  web: [
    /@aws-sdk\/client-s3\//,
    /@aws-sdk\/client-sesv2\//,
    /@aws-sdk\/client-ssm\//,
    /\/mailparser\//,
    /\/nodemailer\//,
  ],
};

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

/** What a cold start sees: the deployed variables, credentials and region from Lambda. */
const CHILD_ENV = {
  PATH: process.env.PATH ?? '',
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
};

/** Imports a copied bundle in an isolated child; its exit status, stderr and probe report. */
function load(entryFile: string) {
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      path.join(workDir, 'no-network.mjs'),
      '--input-type=module',
      '-e',
      PROBE,
      entryFile,
    ],
    { cwd: workDir, encoding: 'utf8', timeout: 60_000, env: CHILD_ENV },
  );
  // stderr may carry warnings (the SDK's Node-version notice on Node 20); a failure shows it.
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as unknown;
}

/** Copies these files of a bundle, where they sit in it, into dest; returns dest's entry file. */
function copyFiles(dir: string, files: string[], dest: string): string {
  for (const file of files) {
    const target = path.join(dest, path.relative(dir, file));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(file, target);
  }
  return path.join(dest, BUNDLE_ENTRY_FILE);
}

const bytesOf = (files: string[]) => files.reduce((sum, f) => sum + statSync(f).size, 0);

// An isolated directory outside the repository: no node_modules can be found from here, so a
// module the bundle left out fails the import.
let workDir: string;
let bundles: Map<FunctionName, string>;
// Runs or waits for the shared synth (SYNTH_TIMEOUT_MS says how long it can take).
beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'tend-bundle-'));
  writeFileSync(path.join(workDir, 'no-network.mjs'), NO_NETWORK);
  // The bundles as they ship: built once, in the run's CLI synth (support.ts), by infra/bundling.ts.
  bundles = bundlesIn(await sharedSynthDir());
}, SYNTH_TIMEOUT_MS);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const names = Object.keys(FUNCTION_ENTRIES) as FunctionName[];

function bundleOf(name: FunctionName): string {
  const dir = bundles.get(name);
  expect(dir, `the synth's bundle of ${FUNCTION_ENTRIES[name]}`).toBeDefined();
  return dir as string;
}

describe('function bundles', () => {
  it.each(names)('%s bundles completely, loads with no network and exports handler', (name) => {
    const dir = bundleOf(name);
    const { all } = bundleFiles(dir);
    const entry = copyFiles(dir, all, path.join(workDir, name, 'whole'));
    // Built with infra/bundling.ts's options: the banner in every file, maps without sources.
    for (const file of all) {
      expect(readFileSync(file, 'utf8').startsWith(ESM_REQUIRE_BANNER), file).toBe(true);
      const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as object;
      expect('sourcesContent' in map).toBe(BUNDLE_OPTIONS.sourcesContent);
    }
    expect(load(entry)).toEqual({ handler: 'function', network: [] });
  });

  it.each(names)('%s starts with its startup files alone, within its byte budgets', (name) => {
    const dir = bundleOf(name);
    const { startup, all } = bundleFiles(dir);
    // Without the files loaded on demand: a cold start needs none of them.
    const entry = copyFiles(dir, startup, path.join(workDir, name, 'startup'));
    expect(load(entry)).toEqual({ handler: 'function', network: [] });

    const startupBytes = bytesOf(startup);
    const totalBytes = bytesOf(all);
    const gzipped = gzipSync(Buffer.concat(startup.map((f) => readFileSync(f)))).length;
    // Printed on purpose: CI logs show each bundle's size over time.
    console.log(
      `bundle ${name}: ${startupBytes} bytes at start (${gzipped} gzipped, ${startup.length} files), ${totalBytes} in all`,
    );
    expect(startupBytes).toBeLessThanOrEqual(BYTE_BUDGETS[name].startup);
    expect(totalBytes).toBeLessThanOrEqual(BYTE_BUDGETS[name].total);
  });

  it.each(Object.keys(NOT_AT_START) as FunctionName[])(
    '%s loads at start only what every invocation needs',
    (name) => {
      const dir = bundleOf(name);
      const sources = bundleFiles(dir).startup.flatMap((file) => {
        const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
        return map.sources.map((s) => path.resolve(path.dirname(file), s));
      });
      for (const pattern of NOT_AT_START[name] ?? [])
        expect(
          sources.filter((s) => pattern.test(s)),
          `${pattern}`,
        ).toEqual([]);
    },
  );
});
