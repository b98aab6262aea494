/**
 * Runs `load` on the first call and hands every caller its one result. A failed load is not
 * kept: the next call tries again (the platform's retry of an invocation must not inherit it).
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
}
