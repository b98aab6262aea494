import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { REPO_ROOT } from '../../infra/bundling';
import { buildTendApp, type TendStacks } from '../../infra/tend-app';

/** The context every test deployment gets (the README's example). */
export const BASE_CONTEXT = {
  inboundDomain: 'in.example.com',
  fromAddress: 'tend@example.com',
} as const;

/** cdk.json's context, so the tests synthesize with the same feature flags as the CLI. */
function cdkJsonContext(): Record<string, unknown> {
  const json = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return json.context ?? {};
}

export interface BuiltApp extends TendStacks {
  readonly app: App;
}

/**
 * Builds the real app (both stacks and the nag pack) from context, for the construct tree and
 * for synthesizing a variant (other context, an added construct). Three costly steps are left
 * to the run's one CLI synth (sharedSynth), whose output the tests read for the default
 * context: bundling (skipped unless asked for), CloudFormation Guard (a cfn-guard process per
 * template; off unless asked for) and CDK's built-in CloudFormation validation, whose
 * WebAssembly engine starts anew in each test file's process: a first synth took 30 s with it
 * and 3 s without on a busy 2-core machine. The nag pack still runs here: an unacknowledged
 * finding fails the synth.
 */
export function buildApp(
  context: Record<string, unknown> = BASE_CONTEXT,
  options: { bundle?: boolean; guard?: boolean } = {},
): BuiltApp {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
  return { app, ...buildTendApp(app, { guard: options.guard ?? false }) };
}

export function templates(built: BuiltApp): { stateful: Template; stateless: Template } {
  return {
    stateful: Template.fromStack(built.stateful),
    stateless: Template.fromStack(built.stateless),
  };
}

/**
 * One synth of the default-context app by the CLI (bundling every function, with CDK's
 * CloudFormation validation and the nag pack) takes ~20 s on an idle 2-core machine and has
 * taken 100 s on a busy one. The hooks that wait for it get this long; cdk itself is stopped
 * a little before, so a hang reports cdk's output rather than a bare hook timeout.
 */
export const SYNTH_TIMEOUT_MS = 300_000;
const CDK_TIMEOUT_MS = SYNTH_TIMEOUT_MS - 20_000;

export interface CdkRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outDir: string;
}

/**
 * `npx cdk …` from the repository root into outDir, offline: no notices, no telemetry, no
 * lookups; env is added to this process's environment.
 */
export function runCdk(
  args: readonly string[],
  outDir: string,
  env: Record<string, string> = {},
): Promise<CdkRun> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['cdk', ...args, '--no-notices', '-o', outDir],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: CDK_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CI: 'true', ...env },
      },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const stopped = error?.killed ? `\n(cdk stopped after ${CDK_TIMEOUT_MS} ms)` : '';
        resolve({ status, stdout, stderr: stderr + stopped, outDir });
      },
    );
  });
}

/** The default-context synth, as CI runs it (and as the README's deploy section does). */
export const SYNTH_ARGS = [
  'synth',
  '--all',
  '-q',
  '-c',
  `inboundDomain=${BASE_CONTEXT.inboundDomain}`,
  '-c',
  `fromAddress=${BASE_CONTEXT.fromAddress}`,
] as const;

/**
 * Where the run's synth is kept. Vitest runs each test file in its own fork (pool 'forks'),
 * so a module-level cache would synthesize once per file; a directory is shared by all of
 * them. Its name holds the run (the vitest process, parent of every fork) and a hash of what
 * the synth reads, so each run synthesizes afresh (CI proves the CLI on every run) and a watch
 * run synthesizes again after an edit. What a run leaves (some 13 MB) goes when the next one starts.
 */
const SYNTH_ROOT = path.join(tmpdir(), 'tend-infra-synth');
const RUN_ID = process.ppid;
const RESULT_FILE = 'tend-synth-result.json';

/** Everything the synth's output depends on: the app, the function code, the tools' versions. */
function synthInputsHash(): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([SYNTH_ARGS, process.version, process.platform, process.arch]));
  const files: string[] = ['package.json', 'package-lock.json', 'cdk.json', 'tsconfig.json'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) files.push(rel);
    }
  };
  for (const dir of ['infra', 'shared', 'functions']) walk(dir);
  for (const rel of files.sort()) {
    hash.update(`\0${rel}\0`);
    hash.update(readFileSync(path.join(REPO_ROOT, rel)));
  }
  return hash.digest('hex').slice(0, 16);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes what runs that have ended left behind (their synth, a stale lock or a partial one). */
function removeEndedRuns(): void {
  for (const name of readdirSync(SYNTH_ROOT)) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === RUN_ID || isAlive(pid)) continue;
    rmSync(path.join(SYNTH_ROOT, name), { recursive: true, force: true });
  }
}

function readResult(dir: string): CdkRun | undefined {
  const file = path.join(dir, RESULT_FILE);
  if (!existsSync(file)) return undefined;
  const result = JSON.parse(readFileSync(file, 'utf8')) as Omit<CdkRun, 'outDir'>;
  return { ...result, outDir: dir };
}

/** An exclusive lock file holding the pid of the fork that synthesizes. */
function tryLock(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function lockHolderEnded(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return false; // released meanwhile: the next round finds the result or takes the lock
  }
  return pid > 0 && !isAlive(pid);
}

async function obtainSharedSynth(): Promise<CdkRun> {
  mkdirSync(SYNTH_ROOT, { recursive: true });
  removeEndedRuns();
  const dir = path.join(SYNTH_ROOT, `run-${RUN_ID}-${synthInputsHash()}`);
  const lock = `${dir}.lock`;
  const deadline = Date.now() + SYNTH_TIMEOUT_MS;
  for (;;) {
    const done = readResult(dir);
    if (done) return done;
    if (tryLock(lock)) {
      try {
        const finished = readResult(dir);
        if (finished) return finished;
        // Written aside and renamed when complete: another fork never sees half a synth.
        const partial = `${dir}.partial-${process.pid}`;
        rmSync(partial, { recursive: true, force: true });
        mkdirSync(partial);
        const run = await runCdk(SYNTH_ARGS, partial);
        const { status, stdout, stderr } = run;
        writeFileSync(path.join(partial, RESULT_FILE), JSON.stringify({ status, stdout, stderr }));
        renameSync(partial, dir);
        return { ...run, outDir: dir };
      } finally {
        rmSync(lock, { force: true });
      }
    }
    if (lockHolderEnded(lock)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`no shared synth in ${dir} after waiting for it`);
    await sleep(250);
  }
}

let sharedRun: Promise<CdkRun> | undefined;

/**
 * The default-context app as `npx cdk synth` writes it (templates, bundles, validation report),
 * synthesized once per test run and shared by every infra test file. A failed synth is shared
 * too: the synth test reports its output, the others stop with it (see sharedTemplates).
 * Call it from a beforeAll with SYNTH_TIMEOUT_MS: the first caller waits for the synth.
 */
export function sharedSynth(): Promise<CdkRun> {
  sharedRun ??= obtainSharedSynth();
  return sharedRun;
}

/** The shared synth's output directory; throws with cdk's output if the synth failed. */
export async function sharedSynthDir(): Promise<string> {
  const run = await sharedSynth();
  if (run.status !== 0) {
    throw new Error(`npx cdk ${SYNTH_ARGS.join(' ')} failed (${run.status}):\n${run.stderr}`);
  }
  return run.outDir;
}

/** Both stacks' templates from the shared synth: the default context, as deployed. */
export async function sharedTemplates(): Promise<{ stateful: Template; stateless: Template }> {
  const dir = await sharedSynthDir();
  const read = (stack: string) =>
    Template.fromJSON(
      JSON.parse(readFileSync(path.join(dir, `${stack}.template.json`), 'utf8')) as Record<
        string,
        unknown
      >,
    );
  return { stateful: read('TendStateful'), stateless: read('TendStateless') };
}

/** The CloudFormation logical id of a construct's resource. */
/**
 * An ARN in this stack's partition, region and account, as CDK writes it in a template:
 * `arn:<partition>:<service>:<region>:<account>:` then the resource, whose parts may be tokens
 * (`accountArn('ses', 'configuration-set/', { Ref: id })`).
 */
export function accountArn(service: string, ...resource: [string, ...Array<string | object>]) {
  const [first, ...rest] = resource;
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        `:${service}:`,
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:${first}`,
        ...rest,
      ],
    ],
  };
}

export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(element.logicalId) as string;
}

export interface PolicyStatementJson {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
  Principal?: unknown;
}

/** Every statement of every AWS::IAM::Policy attached to the role with this logical id. */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatementJson[]);
}

export const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
