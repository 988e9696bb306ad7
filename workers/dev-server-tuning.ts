/**
 * How the embedded dev server is tuned beyond its defaults, in one place: `npm start`'s server
 * (workers/dev-server.ts) and the benchmarks (bench/support/temporal-server.ts) start it alike,
 * so a benchmark measures what production runs. bench/engine-ceiling.ts compares these values
 * with the defaults in one run (README "Benchmarks against the engine's ceiling").
 */

/**
 * SQLite pragmas: WAL journaling, and fsync at checkpoints only (with WAL a crash loses at most
 * the last transactions since the checkpoint, never the database's consistency).
 */
export const DEV_SERVER_SQLITE_PRAGMAS: readonly string[] = ['journal_mode=wal', 'synchronous=normal'];

/**
 * Dynamic configuration. The dev server has one history shard, and the shard reads its transfer
 * queue (every workflow and activity task on its way to a worker) and its timer queue at most
 * 20 times a second by default. Each step of a process waits for such a read, so once a short
 * burst has used up the limiter's allowance, every step waited up to 50 ms for its turn: the
 * consent check (three steps) answered in about 150 ms however light the load. A cluster spreads
 * the same limit over many shards; one shard needs it raised. A read that finds nothing costs a
 * SQLite range read of an index, so the higher limit costs next to nothing when idle.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Readonly<Record<string, number>> = {
  'history.transferProcessorMaxPollRPS': 1000,
  'history.timerProcessorMaxPollRPS': 1000,
  // Every task queue has 4 partitions by default, a task lands on one at random and a worker's
  // poll on another has to be matched through the root partition's forwarding. On one matching
  // host that spreads nothing and, about once in 150 workflows, held a task for 2 s (measured
  // 2026-11-27: one-activity workflow at 8 clients, 5 × 300 runs, 7 runs over 1 s with max
  // 2,062 ms; with one write partition none, max 299 ms, p99 234-264 ms). Tasks are written to
  // one partition; polls still read all 4, so a backlog written before this setting drains.
  // (Lowering the read partitions too would strand such a backlog: Temporal's rule is to lower
  // write partitions first and read partitions once the others are empty.)
  'matching.numTaskqueueWritePartitions': 1,
};

/**
 * The tuning as `temporal server start-dev` arguments; `overrides` replace single dynamic-config
 * values (benchmarks that compare one setting against its default).
 */
export function devServerTuningArgs(overrides: Readonly<Record<string, number>> = {}): string[] {
  return [...DEV_SERVER_SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]), ...devServerDynamicConfigArgs(overrides)];
}

/**
 * The dynamic configuration alone, for the tests' in-memory dev servers (the SQLite pragmas are
 * about a file): they run the engine as production does, without its 2-second partition stalls.
 */
export function devServerDynamicConfigArgs(overrides: Readonly<Record<string, number>> = {}): string[] {
  return Object.entries({ ...DEV_SERVER_DYNAMIC_CONFIG, ...overrides }).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}
