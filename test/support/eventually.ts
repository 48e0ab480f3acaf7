/**
 * Polls `check` until it gives a value that is not undefined, null or false (a null
 * timestamp means "not yet"), and resolves with it; fails after `deadlineMs`.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  deadlineMs = 20_000,
  everyMs = 25,
): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > end) throw new Error(`condition not reached within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
