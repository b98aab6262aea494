import { Option } from 'commander';
import type { App } from '../../shared/app';
import type { User } from '../../shared/domain/types';

/** What every command group needs from main.ts: the app, built on first use (so `--help` and
 * `--version` touch no service). */
export interface Cli {
  app(): App;
}

/** `--json` prints the data (the SPEC 5 contract); otherwise the human text. */
export function print(json: boolean, data: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
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
  };
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
