/**
 * Waiting for a condition instead of sleeping: the predicate is polled until it holds or the time
 * runs out, and the failure says what was awaited.
 */

/** Polls `predicate` (every `intervalMs`, default 50) until it returns true; throws after `timeoutMs` (default 20 s). */
export async function waitFor(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
