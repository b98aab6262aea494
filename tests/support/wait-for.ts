/** Polls `check` every 250 ms until it holds, or throws `message()` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  message: () => string,
  onTick: () => void = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    onTick();
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(message());
    await sleep(250);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}
