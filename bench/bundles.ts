/**
 * Issue 9: the Lambda bundles as `npm run synth` writes them, against their floors: a bundle of
 * only the libraries that path needs, built the same way (infra/bundling.ts). Import cost is the
 * time `node -e "await import(bundle)"` takes over `node -e 0`, as a median of rounds in which
 * every sample runs once, in turn, so machine noise hits all of them alike.
 *
 * `npx tsx bench/bundles.ts [rounds]` prints the section; bench/run.ts puts it in RESULTS.md.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  BUNDLE_OPTIONS,
  bundleFiles,
  bundlesIn,
  type FunctionName,
  REPO_ROOT,
} from '../infra/bundling';

const run = promisify(execFile);

/** Rounds of paired runs: enough for a stable median on a shared 2-core machine. */
const DEFAULT_ROUNDS = 21;

/** Issue 9's budget: a bundle's import cost is at most this multiple of its floor's. */
export const FLOOR_RATIO_BUDGET = 1.1;

/**
 * The floors (issue 9): what the path cannot do without, imported and referenced so that
 * nothing is tree-shaken away. Ingest parses mail, reads it from S3 and logs it in DynamoDB;
 * the dispatcher reads DynamoDB, builds MIME with nodemailer's MailComposer and sends it with SES.
 */
const FLOORS: Partial<Record<FunctionName, string>> = {
  ingest: `
    import { simpleParser } from 'mailparser';
    import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
    import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
    export const refs = [simpleParser, DynamoDBClient, S3Client, GetObjectCommand];`,
  dispatch: `
    import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
    import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
    import MailComposer from 'nodemailer/lib/mail-composer';
    export const refs = [DynamoDBClient, SESv2Client, SendEmailCommand, MailComposer];`,
};

/**
 * What every Tend function does at start besides its path's libraries, added to a floor: read
 * and check its configuration (shared/config.ts, zod/mini), make its logger (Powertools) and its
 * clients (the DynamoDB document client over its DynamoDB client, and the path's other client).
 * A floor only imports its libraries; the difference tells what those choices cost a cold start,
 * and what is left of a bundle's cost over this is Tend's own code.
 */
const sharedStart = (pathClient: string) => `
    import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
    import { logger } from './shared/logger';
    import { config } from './shared/config';
    export const started = [
      config(),
      logger,
      DynamoDBDocumentClient.from(new DynamoDBClient({})),
      ${pathClient},
    ];`;
const SHARED_START: Partial<Record<FunctionName, string>> = {
  ingest: sharedStart('new S3Client({})'),
  dispatch: sharedStart('new SESv2Client({})'),
};

/** The issue's other yardstick: mailparser on its own. */
const MAILPARSER_ALONE = `
  import { simpleParser } from 'mailparser';
  export const refs = [simpleParser];`;

/**
 * Before issue 9's work (b3b6acf): one file each, the SDK's CommonJS builds, every client and the
 * reply path loaded at start; its floors built the same way then. The issue measured ingest at
 * 1.5× its floor; paired runs on the same machine as the rest of this table gave 1.9×.
 */
const BEFORE: Partial<Record<FunctionName, string>> = {
  ingest: '2,984 KiB (1 file), 1.9× its floor (issue 9: +0.59 s CPU, 3.7× mailparser)',
  dispatch: '1,769 KiB (1 file), 2.3× its floor',
};

/**
 * What a cold start sees: the deployed variables; credentials and region from Lambda. Lambda runs
 * nodejs22.x, where the SDK's notice about Node 20's end of support is never emitted; on this
 * machine's Node 20 it would be, at a bundle's first client (an Error with its stack, a write to
 * stderr), a cost no deployed start pays and no floor, which makes no client, pays either.
 */
const CHILD_ENV: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'example',
  TEND_TABLE: 'tend',
  TEND_BUCKET: 'tend-mail',
  TEND_INBOUND_DOMAIN: 'in.example.com',
  TEND_FROM: 'tend@example.com',
  TEND_TOKEN_SECRET_PARAM: '/tend/token-secret',
};

/** Preloaded into every run, `node -e 0` included: reports the process's CPU time as it exits. */
const CPU_REPORTER =
  "data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ntend-cpu-us:'+(u.user+u.system))})";

interface Sample {
  label: string;
  /** The bundle's directory; none for `node -e 0`. */
  dir?: string;
}

interface Cost {
  cpuMs: number;
  wallMs: number;
}

interface Sizes {
  startupBytes: number;
  startupGzipBytes: number;
  totalBytes: number;
  startupFiles: number;
}

export interface BundleRow extends Sizes, Cost {
  name: FunctionName;
  floor: (Sizes & Cost) | null;
  /** The floor with SHARED_START. */
  startedFloor: (Sizes & Cost) | null;
}

export interface BundleReport {
  rounds: number;
  rows: BundleRow[];
  mailparser: Sizes & Cost;
}

function sizes(dir: string): Sizes {
  const files = bundleFiles(dir);
  const bytes = (list: string[]) => list.reduce((sum, f) => sum + statSync(f).size, 0);
  const startup = Buffer.concat(files.startup.map((f) => readFileSync(f)));
  return {
    startupBytes: bytes(files.startup),
    startupGzipBytes: gzipSync(startup).length,
    totalBytes: bytes(files.all),
    startupFiles: files.startup.length,
  };
}

/** `npm run synth`, into a directory of its own. */
async function synthesize(outDir: string): Promise<string> {
  await run('npm', ['run', '--silent', 'synth', '--', '-q', '--no-notices', '-o', outDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CI: 'true' },
    maxBuffer: 64 * 2 ** 20,
  });
  return outDir;
}

/** A floor, built with the functions' own options into outDir (its entry is index.mjs). */
async function buildFloor(source: string, outDir: string): Promise<string> {
  const { build } = await import('esbuild');
  await build({
    ...BUNDLE_OPTIONS,
    absWorkingDir: REPO_ROOT,
    stdin: { contents: source, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'floor.ts' },
    entryNames: 'index',
    outdir: outDir,
  });
  return outDir;
}

/** One run; its wall time as the parent sees it, its CPU time as it reports it. */
function measure(sample: Sample): Cost {
  const code = sample.dir
    ? `await import(${JSON.stringify(path.join(sample.dir, 'index.mjs'))})`
    : '0';
  const start = performance.now();
  const child = spawnSync(
    process.execPath,
    ['--import', CPU_REPORTER, '--input-type=module', '-e', code],
    // Outside the repository: the bundle must not find node_modules.
    { cwd: tmpdir(), env: CHILD_ENV, encoding: 'utf8' },
  );
  const wallMs = performance.now() - start;
  const cpu = /tend-cpu-us:(\d+)/.exec(child.stderr)?.[1];
  if (child.status !== 0 || cpu === undefined)
    throw new Error(`${sample.label} failed (${child.status}):\n${child.stderr}`);
  return { cpuMs: Number(cpu) / 1000, wallMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Each sample's cost over `node -e 0`: the median of the per-round differences, so that a
 * slow round slows both sides of its difference.
 */
function importCosts(samples: Sample[], rounds: number): Cost[] {
  for (const s of samples) measure(s); // once, untimed: the file cache
  const runs = samples.map(() => [] as Cost[]);
  for (let r = 0; r < rounds; r++)
    for (const [i, s] of samples.entries()) runs[i]!.push(measure(s));
  const base = runs[0]!;
  return runs.map((list) => ({
    cpuMs: median(list.map((c, r) => c.cpuMs - base[r]!.cpuMs)),
    wallMs: median(list.map((c, r) => c.wallMs - base[r]!.wallMs)),
  }));
}

export async function bundleReport(
  options: { rounds?: number; synthDir?: string } = {},
): Promise<BundleReport> {
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  const work = mkdtempSync(path.join(tmpdir(), 'tend-bench-bundles-'));
  try {
    const synthDir = options.synthDir ?? (await synthesize(path.join(work, 'cdk.out')));
    const bundles = [...bundlesIn(synthDir)];
    const floors = new Map<FunctionName, string>();
    for (const [name, source] of Object.entries(FLOORS) as Array<[FunctionName, string]>)
      floors.set(name, await buildFloor(source, path.join(work, `floor-${name}`)));
    const startedFloors = new Map<FunctionName, string>();
    for (const [name, source] of Object.entries(FLOORS) as Array<[FunctionName, string]>)
      startedFloors.set(
        name,
        await buildFloor(
          `${source}\n${SHARED_START[name] ?? ''}`,
          path.join(work, `started-${name}`),
        ),
      );
    const mailparser = await buildFloor(MAILPARSER_ALONE, path.join(work, 'mailparser'));

    const samples: Sample[] = [
      { label: 'node -e 0' },
      ...bundles.map(([name, dir]) => ({ label: name, dir })),
      ...[...floors].map(([name, dir]) => ({ label: `floor of ${name}`, dir })),
      ...[...startedFloors].map(([name, dir]) => ({ label: `started floor of ${name}`, dir })),
      { label: 'mailparser', dir: mailparser },
    ];
    const costs = importCosts(samples, rounds);
    const costOf = (dir: string) => costs[samples.findIndex((s) => s.dir === dir)]!;
    return {
      rounds,
      rows: bundles.map(([name, dir]) => {
        const floor = floors.get(name);
        const started = startedFloors.get(name);
        return {
          name,
          ...sizes(dir),
          ...costOf(dir),
          floor: floor ? { ...sizes(floor), ...costOf(floor) } : null,
          startedFloor: started ? { ...sizes(started), ...costOf(started) } : null,
        };
      }),
      mailparser: { ...sizes(mailparser), ...costOf(mailparser) },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)}`;
const ms = (value: number) => value.toFixed(0);

export function bundleTable(report: BundleReport): string[] {
  const { mailparser } = report;
  const row = (label: string, s: Sizes & Cost, floor: (Sizes & Cost) | null, before = '') => {
    const ratio = floor ? s.cpuMs / floor.cpuMs : null;
    const within = ratio === null ? '' : ratio <= FLOOR_RATIO_BUDGET ? 'yes' : '**no**';
    return `| ${label} | ${kib(s.startupBytes)} (${s.startupFiles}) | ${kib(s.startupGzipBytes)} | ${kib(s.totalBytes)} | ${ms(s.cpuMs)} | ${ms(s.wallMs)} | ${ratio === null ? '' : `${ratio.toFixed(2)}×`} | ${(s.cpuMs / mailparser.cpuMs).toFixed(2)}× | ${within} | ${before} |`;
  };
  return [
    `| bundle | loaded at start, KiB (files) | gzipped, KiB | whole bundle, KiB | import CPU over \`node -e 0\` (ms) | wall (ms) | vs its floor (CPU) | vs mailparser (CPU) | within ${FLOOR_RATIO_BUDGET}× | before |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...report.rows.flatMap((r) => [
      row(`${r.name}`, r, r.floor, BEFORE[r.name]),
      ...(r.floor ? [row(`floor of ${r.name}`, r.floor, null)] : []),
    ]),
    row('mailparser alone', mailparser, null),
  ];
}

/** Where a bundle's cost over its floor goes: the start every Tend function makes, then the rest. */
export function startTable(report: BundleReport): string[] {
  return [
    '| bundle | floor (ms) | + config, logger, clients made (ms) | + Tend’s own code (ms) | bundle (ms) | vs floor with that start (CPU) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...report.rows.flatMap((r) =>
      r.floor && r.startedFloor
        ? [
            `| ${r.name} | ${ms(r.floor.cpuMs)} | ${ms(r.startedFloor.cpuMs - r.floor.cpuMs)} | ${ms(r.cpuMs - r.startedFloor.cpuMs)} | ${ms(r.cpuMs)} | ${(r.cpuMs / r.startedFloor.cpuMs).toFixed(2)}× |`,
          ]
        : [],
    ),
  ];
}

/** The section of bench/RESULTS.md: heading, method, table. */
export async function bundlesSection(options: { rounds?: number } = {}): Promise<string[]> {
  const report = await bundleReport(options);
  return [
    '## Lambda bundles: what a cold start loads',
    '',
    `The bundles \`npm run synth\` writes (infra/bundling.ts), each against its floor: only the libraries`,
    'that path needs (ingest: mailparser, the DynamoDB client, the S3 client with GetObject;',
    'dispatch: the DynamoDB client, the SES v2 client, nodemailer’s MailComposer), built the same way.',
    `Import cost: \`node -e "await import(bundle)"\` over \`node -e 0\`, median of ${report.rounds} paired rounds.`,
    'Code that only some invocations need (replies, notices, SSM, the SDK’s unused credential',
    'providers) is in files loaded on demand: in the whole bundle, not in what a start loads.',
    '',
    ...bundleTable(report),
    '',
    'Where the difference goes: each floor again, with what every Tend function does at start',
    '(bench/bundles.ts SHARED_START: check its configuration with zod/mini, make its Powertools',
    'logger and its clients, the DynamoDB document client included); a floor only imports.',
    '',
    ...startTable(report),
    '',
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rounds = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const lines = await bundlesSection(rounds === undefined ? {} : { rounds });
  process.stdout.write(`${lines.join('\n')}\n`);
}
