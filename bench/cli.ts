import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { registerUser } from '../shared/use-cases/users';
import { seedNetwork } from '../local/workload/seed-network';
import { localDynamoDbClient } from '../local/services';
import type { Bench } from './support';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Issue 9's budgets: wall time of the whole command, as a user at a terminal waits for it. */
export const CLI_BUDGETS_S = { help: 0.4, list: 1 };

interface Sample {
  label: string;
  /** The program run: node unless said. */
  command?: string;
  args: string[];
  env?: Record<string, string>;
}

export interface CliRow {
  label: string;
  medianS: number;
  overNodeS: number;
  budgetS: number | null;
}

/**
 * `tend` as a user runs it (node bin/tend.mjs, compiled), against `node -e 0` in the same rounds:
 * each round runs every command once, in turn, so machine noise hits all of them alike. The
 * figures are medians over the rounds. "Before" is the old start, tsx compiling the CLI.
 * `npx tend` is the same binary behind npm's own start (npm exec reads the project's whole
 * node_modules tree to find it): what the README's demo costs, where it uses npx for needing no
 * setup.
 */
export async function cliStartup(bench: Bench, rounds: number): Promise<CliRow[]> {
  const b = await bench.freshApp('cli', '2026-11-26T15:00:00Z');
  const user = await registerUser(
    b.app.users,
    { email: 'me@bench.example', timezone: 'UTC', also: [] },
    b.now.t,
  );
  await seedNetwork(
    localDynamoDbClient(bench.services.endpoints.dynamodb),
    b.app.config.TEND_TABLE,
    user,
    {
      contacts: 1_000,
      perContact: 1,
      now: b.now.t,
    },
  );
  const { endpoints } = bench.services;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TEND_DYNAMODB_ENDPOINT: endpoints.dynamodb,
    TEND_S3_ENDPOINT: endpoints.s3,
    TEND_SES_ENDPOINT: endpoints.ses,
    TEND_TABLE: b.app.config.TEND_TABLE,
    TEND_BUCKET: b.app.config.TEND_BUCKET,
    TEND_TOKEN_SECRET: randomBytes(32).toString('hex'),
    TEND_DATA_DIR: mkdtempSync(join(tmpdir(), 'tend-bench-cli-')),
    TEND_NOW: b.now.t.toISOString(),
  };
  const samples: Sample[] = [
    { label: '`node -e 0`', args: ['-e', '0'] },
    { label: '`tend --help`', args: ['bin/tend.mjs', '--help'] },
    {
      label: '`tend contacts list --json`, 1,000 contacts',
      args: ['bin/tend.mjs', 'contacts', 'list', '--json'],
    },
    {
      label: 'before: `tend --help` through tsx',
      args: ['--import', 'tsx', 'functions/cli/main.ts', '--help'],
    },
    {
      label: '`npx tend --help` (npm exec’s own start included)',
      command: 'npx',
      args: ['tend', '--help'],
    },
  ];
  // Once, untimed: builds dist/cli if it is stale, and warms the file cache.
  for (const s of samples) await time(s, env);
  const times = samples.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++)
    for (const [i, s] of samples.entries()) times[i]!.push(await time(s, env));
  const medians = times.map(median);
  const node = medians[0]!;
  const budgets = [null, CLI_BUDGETS_S.help, CLI_BUDGETS_S.list, null, null];
  return samples.map((s, i) => ({
    label: s.label,
    medianS: medians[i]!,
    overNodeS: medians[i]! - node,
    budgetS: budgets[i] ?? null,
  }));
}

async function time(sample: Sample, env: Record<string, string>): Promise<number> {
  const start = performance.now();
  const { stdout } = await run(sample.command ?? process.execPath, sample.args, {
    cwd: ROOT,
    env,
    maxBuffer: 64 * 2 ** 20,
  });
  const seconds = (performance.now() - start) / 1000;
  if (sample.args.includes('--json') && (JSON.parse(stdout) as unknown[]).length !== 1_000)
    throw new Error('contacts list --json did not list the 1,000 contacts');
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function cliTable(rows: CliRow[]): string[] {
  return [
    '| command | median wall (s) | over `node -e 0` (s) | budget (s) | within |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.medianS.toFixed(3)} | ${r.overNodeS.toFixed(3)} | ${r.budgetS ?? ''} | ${r.budgetS === null ? '' : r.medianS <= r.budgetS ? 'yes' : '**no**'} |`,
    ),
  ];
}
