/**
 * Waiting for a condition instead of sleeping: the predicate is polled until it gives a truthy
 * value or the time runs out, and the failure says what was awaited.
 */

/**
 * Polls `predicate` every `intervalMs` (default 20) until it returns a truthy value, which it resolves
 * with; rejects naming `what` after `timeoutMs` (default 20 s).
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 20,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
