import type { Config } from '../config';
import type { Clock } from './clock';
import type { Mailer } from './mailer';
import type { RawMailStore } from './raw-mail-store';
import type { SendingLimits } from './sending-limits';
import type { Stores } from './stores';

/** Runs tasks with the same key one after another (shared/use-cases/per-key-queue.ts). */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/**
 * Everything a use case may reach, as ports: the stores, raw mail, the mailer, the clock and
 * the configuration. shared/app.ts builds one per process from the adapters; tests build theirs
 * the same way, on the local engines.
 */
export interface App extends Stores {
  config: Config;
  rawMail: RawMailStore;
  mailer: Mailer;
  /** What the dispatcher paces its sends to (SPEC 3, scale). */
  sendingLimits: SendingLimits;
  clock: Clock;
  /** Emails of one user are written one at a time within this process. */
  userQueue: KeyedQueue;
  /** The reply-token secret, fetched on first use and kept for the life of the process. */
  tokenSecret(): Promise<string>;
}
