/**
 * Runs tasks with the same key one after another, tasks with different keys side by side.
 * Tend uses one per process, keyed by user: emails of one user arriving together (a burst of
 * BCCs, SES redelivering) are decided and written in turn instead of racing each other's
 * optimistic locks. Across processes (Lambda instances) the locks and their retries still
 * decide; this only spares the engine the lost races it can see coming.
 */
export class PerKeyQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
