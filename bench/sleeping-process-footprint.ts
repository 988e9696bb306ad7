/**
 * What one sleeping Drehscheibe process costs (issue 14, section 5: "RSS and storage per sleeping
 * process"), taken as figures of one run, never as a timed test:
 *
 * - in the worker's memory while it sits in the workflow cache (sticky cache): the process's RSS
 *   delta per cached workflow, and the V8 heap delta of the SDK's workflow threads (where the
 *   workflows live) and of the main thread (the worker's own bookkeeping, the API, the activities);
 * - in storage: bytes of the Temporal server's database (the embedded dev server's SQLite file,
 *   pages in use read through a connection, so pages still in the `-wal` file count) and bytes
 *   and rows of the application database (SQLite: pages in use; PostgreSQL: `pg_database_size`
 *   of the bench's own fresh database), per process;
 *
 * for N contact blocks (`POST /api/v1/contact-blocks`, one month: the process sleeps on its
 * timer) and then N callbacks (`POST /api/v1/callbacks`, asap: the process sleeps until an agent
 * closes its task), each with a sample before and after. Why: a campaign keeps tens of thousands
 * of such processes waiting for months, and a worker's cache and the two databases must be sized
 * for them; ratios per process carry over to other sizes, a run's total does not.
 *
 * The application worker's cache is set to hold every process of the run (2N plus the warm-up),
 * and the table shows how many it held. A sample is taken once nothing moves any more (the
 * Temporal file and the application's rows unchanged over 2 s: the callback's task, history
 * entry and email are written after the API has answered), then after a full garbage collection
 * in every thread (through the inspector: see bench/support/footprint-probe.ts) and a few seconds
 * more for the allocator.
 *
 * Caveats: the API, the simulators and both workers run in this one process, so the RSS delta
 * includes what N API requests leave behind (connection pools grown, JIT code, allocator pages
 * not handed back to the system after GC); the heap figures are the cleaner per-workflow cost.
 * The workflow threads' heap is summed over the application's and the ceiling's worker (the
 * ceiling's is idle). The Rust core's own per-run state shows in RSS only. PostgreSQL allocates
 * in 8 KiB pages and its size leaves out its WAL. The ceiling bundle (bench/support/
 * ceiling.workflows.ts) has no sleeping workflow, so there is no engine-only ratio here.
 *
 *   npx tsx bench/sleeping-process-footprint.ts [N=500]             (SQLite application database)
 *   DATABASE_URL=postgresql://… npx tsx bench/sleeping-process-footprint.ts [N]   (PostgreSQL)
 *
 * Writes bench/results/sleeping-process-footprint.md. Needs the embedded dev server (not a cluster:
 * its database is not a file here to weigh).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { primaryProvider } from '../test/support/database';
import { setUpBenchSystem, type BenchSystem } from './support/bench-system';
import { appStored, collectedHeaps, sqliteStored, type Heaps, type Stored } from './support/footprint-probe';
import { closedLoop } from './support/load';
import { startBenchServer } from './support/temporal-server';

const N = Number(process.argv[2] ?? 500);
const WARM_UP = 20;
const CLIENTS = 8;
const RESULTS = path.resolve(__dirname, 'results');
const KINDS = [
  { name: 'contact block (1 month, timer)', operation: 'REST POST contact-block' },
  { name: 'callback (asap, waits for its task)', operation: 'REST POST callback' },
] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  rss: number;
  heaps: Heaps;
  temporalBytes: number;
  app: Stored;
  cached: number;
}

const rowTotal = (stored: Stored) => Object.values(stored.rows).reduce((sum, n) => sum + n, 0);

/** Waits until the Temporal file and the application's rows stop changing (2 s apart, at most 90 s). */
async function settled(dataFile: string, system: BenchSystem): Promise<void> {
  let last = '';
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
    const now = `${sqliteStored(dataFile).bytes}/${rowTotal(await appStored(system.appDatabaseUrl))}/${system.cachedWorkflows()}`;
    if (now === last) return;
    last = now;
    await sleep(2_000);
  }
  console.warn('still moving after 90 s; sampling anyway');
}

async function sample(dataFile: string, system: BenchSystem): Promise<Sample> {
  await settled(dataFile, system);
  // Twice, with a pause: the first collection's finalizers and freed native memory settle in between.
  await collectedHeaps();
  await sleep(3_000);
  const heaps = await collectedHeaps();
  return { rss: process.memoryUsage().rss, heaps, temporalBytes: sqliteStored(dataFile).bytes, app: await appStored(system.appDatabaseUrl), cached: system.cachedWorkflows() };
}

interface Measured {
  name: string;
  before: Sample;
  after: Sample;
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

function report(label: string, measured: Measured[]): string {
  const perProcess = (delta: number) => kib(delta / N);
  const lines = [
    `Measured ${new Date().toISOString()} on ${cpus().length} cores (load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}), ${label}, application database ${primaryProvider()}, N = ${N} per kind (${CLIENTS} clients), after ${WARM_UP} warm-up starts of each.`,
    '',
    '| sleeping process | N | cached before → after | RSS KiB/process | workflow-thread heap KiB/process | main-thread heap KiB/process | Temporal DB KiB/process | app DB KiB/process | app rows/process |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { name, before, after } of measured) {
    lines.push(
      `| ${name} | ${N} | ${before.cached} → ${after.cached} | ${perProcess(after.rss - before.rss)} | ${perProcess(after.heaps.workflowThreads - before.heaps.workflowThreads)} | ${perProcess(after.heaps.main - before.heaps.main)} | ${perProcess(after.temporalBytes - before.temporalBytes)} | ${perProcess(after.app.bytes - before.app.bytes)} | ${((rowTotal(after.app) - rowTotal(before.app)) / N).toFixed(2)} |`,
    );
  }
  lines.push('', 'Application rows per process, by table:', '');
  for (const { name, before, after } of measured) {
    const byTable = Object.entries(after.app.rows)
      .map(([table, n]) => [table, (n - (before.app.rows[table] ?? 0)) / N] as const)
      .filter(([, perProcess]) => perProcess !== 0)
      .map(([table, perProcess]) => `${table} ${perProcess.toFixed(2)}`);
    lines.push(`- ${name}: ${byTable.join(', ') || 'none'}`);
  }
  const last = measured[measured.length - 1]!.after;
  lines.push(
    '',
    `At the end: RSS ${kib(last.rss / 1024)} MiB, workflow-thread heaps ${kib(last.heaps.workflowThreads / 1024)} MiB (${last.heaps.threadCount} threads), main-thread heap ${kib(last.heaps.main / 1024)} MiB, Temporal DB ${kib(last.temporalBytes / 1024)} MiB, application DB ${kib(last.app.bytes / 1024)} MiB.`,
    'RSS includes the API\'s and the simulators\' leftovers of N requests (same process); the heap columns are the cleaner per-workflow cost. One run on a machine shared with other work: read the figures as orders of magnitude, the heap and storage ones to a few per cent.',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (!Number.isInteger(N) || N < 1) throw new Error(`N must be a positive integer, not ${process.argv[2]}`);
  const server = await startBenchServer('production');
  try {
    const dataFile = server.dataFile;
    if (!dataFile) throw new Error('needs the embedded dev server: unset TEMPORAL_ADDRESS (a cluster has no database file here to weigh)');
    const system = await setUpBenchSystem(server, { maxCachedWorkflows: 2 * N + 2 * WARM_UP + 100 });
    try {
      // Loads the bundle's code paths, the API's and the database's pools before the first sample.
      for (const kind of KINDS) await closedLoop(CLIENTS, WARM_UP, system.operations[kind.operation]!);
      const measured: Measured[] = [];
      for (const kind of KINDS) {
        const before = await sample(dataFile, system);
        await closedLoop(CLIENTS, N, system.operations[kind.operation]!);
        measured.push({ name: kind.name, before, after: await sample(dataFile, system) });
        console.log(`${kind.name}: ${N} started`);
      }
      const text = report(server.label, measured);
      console.log(`\n${text}\n`);
      mkdirSync(RESULTS, { recursive: true });
      const file = path.join(RESULTS, 'sleeping-process-footprint.md');
      writeFileSync(file, `${text}\n`);
      console.log(`written: ${path.relative(process.cwd(), file)}`);
    } finally {
      await system.close();
    }
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
