/**
 * Waiting in real time for something a process does by itself. On the time-skipping server real
 * waiting skips nothing, so a test that polls sees the process's state, not the future.
 */
export async function eventually<T>(probe: () => Promise<T> | T, check: (value: T) => boolean, what: string, { attempts = 400, everyMs = 25 } = {}): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}
