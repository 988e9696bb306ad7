/**
 * Closed-loop load for the benchmarks: `clients` callers each run one operation after another
 * until `count` operations have run; every operation's latency is kept. Bounded in count, so a
 * run always stops by itself.
 */
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  /** Operations that ran. */
  count: number;
  /** Wall-clock milliseconds from the first start to the last end. */
  elapsedMs: number;
  /** Every operation's latency in milliseconds, sorted ascending. */
  latencies: number[];
}

/** The `p`-th percentile (0–100) of ascending `sorted` values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs `operation(i)` for i in 0…count-1 with `clients` in flight at most. */
export async function closedLoop(clients: number, count: number, operation: Operation): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(clients, count) }, async () => {
      while (next < count) {
        const i = next++;
        const begun = performance.now();
        await operation(i);
        latencies.push(performance.now() - begun);
      }
    }),
  );
  return { count, elapsedMs: performance.now() - started, latencies: latencies.sort((a, b) => a - b) };
}

/** Results of the same measurement taken in several rounds, as one. */
export function merged(results: readonly LoadResult[]): LoadResult {
  return {
    count: results.reduce((sum, r) => sum + r.count, 0),
    elapsedMs: results.reduce((sum, r) => sum + r.elapsedMs, 0),
    latencies: results.flatMap((r) => r.latencies).sort((a, b) => a - b),
  };
}

/** Operations per second. */
export const throughputOf = (result: LoadResult): number => result.count / (result.elapsedMs / 1000);

/** What one measurement does once, given its running number. */
export type Operation = (i: number) => Promise<unknown>;
