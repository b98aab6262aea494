import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = resolve(import.meta.dirname, '../..');
/** What local/stack.ts prints once every service and the SMTP stand-in answer. */
export const READY_LINE = 'Tend local stack ready';

/**
 * The test run's environment without anything that could point the stack or the CLI elsewhere
 * (AWS_* and TEND_*), plus `vars`.
 */
export function isolatedEnv(vars: Record<string, string>): Record<string, string> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] =>
        e[1] !== undefined && !e[0].startsWith('AWS_') && !e[0].startsWith('TEND_'),
    ),
  );
  return { ...env, ...vars };
}

export interface StackProcess {
  child: ChildProcess;
  /** Everything the stack has printed so far, stdout and stderr. */
  readonly output: string;
}

/**
 * What `npm start` runs, without npm and sh in between so a test signals the stack itself;
 * resolves once it prints READY_LINE, and fails with its output if it exits or times out first.
 */
export async function startStack(
  env: Record<string, string>,
  timeoutMs: number,
): Promise<StackProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/stack.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const stack: StackProcess = {
    child,
    get output() {
      return output;
    },
  };
  await waitFor(
    () => output.includes(READY_LINE),
    timeoutMs,
    () => `stack not ready:\n${output}`,
    () => {
      if (child.exitCode !== null)
        throw new Error(`stack exited with ${child.exitCode}:\n${output}`);
    },
  );
  return stack;
}
