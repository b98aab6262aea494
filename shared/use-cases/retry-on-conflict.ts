import { ConcurrentUpdateError } from '../ports/store-errors';

/**
 * How long a write that keeps losing optimistic-lock races is recomputed before the error goes
 * to the platform (SPEC 2.8: contention is resolved inside Tend). Well under the ingest
 * function's timeout and an SMTP client's patience.
 */
const CONFLICT_BUDGET_MS = 40_000;
/** Full-jitter exponential backoff: the first retry within 40 ms, none later than 2 s (a busy
 * engine takes a tenth of a second per transaction; writers must spread wider than that). */
const BACKOFF_BASE_MS = 20;
const BACKOFF_CAP_MS = 2_000;

/**
 * Runs `attempt` (read, decide, write) again while the write reports that someone else changed
 * what it read, waiting a random, growing while between tries so that concurrent writers spread
 * out instead of colliding again. `attempt` gets the try number (1, 2, …).
 */
export async function retryOnConflict<T>(attempt: (n: number) => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || Date.now() - started > CONFLICT_BUDGET_MS)
        throw error;
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(n, 10));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
