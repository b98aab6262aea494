import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../functions/cli/run';

/** The repository root: `bin/tend.mjs` is run from here, as `npx tend` would. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A spawned `tend` starts in a fraction of a second; a machine busy with other suites is slower. */
const CLI_TIMEOUT_MS = 30_000;
/** For a test that runs the CLI several times, one after the other, on a busy machine. */
export const CLI_TEST_TIMEOUT_MS = 120_000;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a CLI run: this machine's (PATH, HOME…) without any AWS_* or TEND_* of its
 * own, then the test context's (its endpoints, table and bucket), then `extra`. TEND_TARGET
 * stays unset, so the CLI takes the local path and keeps these endpoints.
 */
export function cliEnv(
  contextEnv: Record<string, string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('AWS_') && !key.startsWith('TEND_'))
      base[key] = value;
  }
  return { ...base, ...contextEnv, ...extra };
}

/** Runs in this process take turns: a run points the SDK's process.env at its services. */
let turn: Promise<unknown> = Promise.resolve();

/**
 * `tend ARGS…` in this process: the same program, argument parsing, output and exit codes as
 * the binary (functions/cli/run.ts), without a process start per command. tests/cli/binary.test.ts
 * runs the real binary.
 */
export function tend(env: Record<string, string>, args: string[]): Promise<CliResult> {
  const run = turn.then(async () => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      env,
      out: (text) => (stdout += text),
      err: (text) => (stderr += text),
    });
    return { code, stdout, stderr };
  });
  turn = run.catch(() => undefined);
  return run;
}

/** Runs `tend ARGS…` as `npx tend` does (node bin/tend.mjs, a child process). */
export function tendProcess(env: Record<string, string>, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/tend.mjs', ...args],
      { cwd: ROOT, env, timeout: CLI_TIMEOUT_MS },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `tend ARGS… --json`, expecting success: the parsed stdout. */
export async function tendJson<T = unknown>(
  env: Record<string, string>,
  args: string[],
): Promise<T> {
  const r = await tend(env, [...args, '--json']);
  if (r.code !== 0) throw new Error(`tend ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
