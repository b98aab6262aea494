import { Option } from 'commander';
import type { App } from '../../shared/app';
import type { User } from '../../shared/domain/types';

/** Where one CLI run reads its environment and writes its output: the process, or a test. */
export interface CliIo {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
}

/** What every command group needs: the app, built on first use (so `--help` and `--version`
 * load no SDK and touch no service), and the run's output. */
export interface Cli {
  app(): Promise<App>;
  /** `aws` with TEND_TARGET=aws (a deployment), else `local` (the local stack, SPEC 6). */
  readonly target: 'local' | 'aws';
  /**
   * Points the AWS SDK at the environment `tend` was started in, as it is (no local stack
   * defaults), for a command that only ever talks to AWS (`tend doctor`).
   */
  useAwsEnvironment(): void;
  /** `--json` prints the data (the SPEC 5 contract); otherwise the human text. */
  print(json: boolean, data: unknown, human: () => string): void;
  /** Raw output (a CSV to stdout). */
  write(text: string): void;
}

export const userOption = () =>
  new Option('--user <email>', 'which user (optional when there is only one)');

/** The `users list --json` shape (SPEC 5). */
export function userJson(u: User) {
  return {
    email: u.email,
    addresses: u.addresses,
    timezone: u.timezone,
    digest: u.digest,
    pausedUntil: u.pausedUntil,
    unsubscribed: u.unsubscribed,
    emailStopped: u.emailStopped,
  };
}
