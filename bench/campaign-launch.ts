/**
 * How fast does a campaign launch over the customer base, against the engine's own ceiling
 * (issue 12, section 2)? In one run:
 *
 * - the launch: a selection campaign over the simulated base (`size` customers) on a fresh dev
 *   server, from the launch until the run has selected everyone and started every selected
 *   customer's contact process (the worker runs the production activities; the contact processes
 *   are held back by their start delay until pacing releases them);
 * - the ceiling: raw SDK starts of a no-op workflow type (no worker polls it), 64 in flight, **as
 *   many starts as the launch made, each on a fresh dev server of the same build and options**.
 *   The server slows as its store fills (3,000-start blocks on one server: about 520 → 350
 *   starts/s over 24,000 starts here), so a ceiling of a few thousand starts on an empty store
 *   is not the engine's rate over a launch's tens of thousands; the same count from the same
 *   empty state is. Taken twice after the launch, the higher counting; the
 *   3,000-start figure on the launch's own server is printed for reference;
 * - `shaped`: the same no-op started the way a contact process is (its input, held back by the
 *   start delay), over the same count on a fresh server: what the server makes of such starts;
 * - the worker's RSS, the application database's bytes and the dev server's RSS (its store is in
 *   memory) per waiting contact process after the launch.
 *
 * Reported as contact processes started per second, and the ratio to the ceiling.
 *
 * On a cluster (TEMPORAL_ADDRESS, as bench/support/temporal-server.ts reads it) there is no fresh
 * server to take: the ceilings are the same counts of starts on the same cluster right after the
 * launch (its store on PostgreSQL does not live in memory), and the no-op starts time out after
 * ten minutes so they leave nothing behind.
 *
 *   npx tsx bench/campaign-launch.ts [size=20000]     (SQLite; DATABASE_URL=postgresql://… for PostgreSQL)
 *   TEMPORAL_ADDRESS=host:port … npx tsx bench/campaign-launch.ts [size]   (a running cluster)
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import '../test/support/quiet-temporal';
import { CampaignRunUseCases } from '../api/campaign-runs.use-cases';
import { CampaignDefinitionSchema } from '../domain/campaign';
import { campaignRunWorkflowId, DEFAULT_CAMPAIGN_RUN_SETTINGS } from '../domain/campaign-run';
import { CONTACT_HELD_BACK } from '../workflows/campaign-run.client';
import type { CampaignRunInput } from '../workflows/campaign-run.workflow';
import { PILOT_CATALOG } from '../domain/pilot-catalog';
import { callbackPolicyOf, loadConfig, taskSettingsOf } from '../platform/config';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import { PrismaCampaignRunStore } from '../prisma/campaign-run.repository';
import { primaryProvider } from '../test/support/database';
import { startTestSystem } from '../test/support/system';
import { testDataConverter } from '../test/support/temporal';
import { startWorker } from '../test/support/worker';
import { resolveTemporalCli } from '../tools/temporal-cli';
import { startBenchServer, type BenchServer } from './support/temporal-server';

const size = Number(process.argv[2] ?? 20_000);
const REFERENCE_STARTS = 3_000;
const IN_FLIGHT = 64;
/** On a cluster: the server the launch runs on, also the one its ceilings are taken on. */
const ON_CLUSTER = Boolean(process.env.TEMPORAL_ADDRESS);

/** A dev server of the build and options every measurement here uses, its store empty. */
async function freshServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: await resolveTemporalCli(), log: { format: 'pretty', level: 'error' } },
    client: { dataConverter: testDataConverter },
  });
}

/** Starts per second of `count` no-op starts, 64 in flight; `shaped` starts them as a contact process is started. */
async function startRate(env: TestWorkflowEnvironment, count: number, shaped?: { args: unknown[] }): Promise<number> {
  const idle = `bench-idle-${randomUUID()}`;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) {
        const i = next++;
        const workflowId = `bench-noop-${i}-${randomUUID()}`;
        // On a shared cluster they time out unseen instead of waiting there for ever.
        const cleanUp = ON_CLUSTER ? { workflowExecutionTimeout: '10 minutes' as const } : {};
        await env.client.workflow.start('benchNoop', shaped ? { workflowId, taskQueue: idle, args: shaped.args, startDelay: CONTACT_HELD_BACK, workflowIdConflictPolicy: 'USE_EXISTING', ...cleanUp } : { workflowId, taskQueue: idle, args: [], ...cleanUp });
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** The ceiling over `count` starts on a server of its own, torn down afterwards (on a cluster: the cluster). */
async function ceilingOnFreshServer(count: number, shaped?: { args: unknown[] }): Promise<number> {
  const server = ON_CLUSTER ? await startBenchServer() : undefined;
  const env = server?.env ?? (await freshServer());
  try {
    return await startRate(env, count, shaped);
  } finally {
    await (server ? server.stop() : env.teardown());
  }
}

/** What the launch measured, before its server is torn down. */
interface LaunchFigures {
  selected: number;
  seconds: number;
  referenceCeiling: number;
  contactInput: unknown;
}

async function main(): Promise<void> {
  // The ceiling needs the launch's count, so the launch goes first; the ceiling is taken twice
  // on fresh servers (the higher counting), so one slow sample does not flatter the launch.
  const launch = await measureLaunch();
  const rate = launch.selected / launch.seconds;
  const ceilings = [await ceilingOnFreshServer(launch.selected), await ceilingOnFreshServer(launch.selected)];
  const ceiling = Math.max(...ceilings);
  const shapedCeiling = await ceilingOnFreshServer(launch.selected, { args: [launch.contactInput] });
  process.stdout.write(`ceiling: ${launch.selected} raw starts on ${ON_CLUSTER ? 'the cluster after the launch' : 'a fresh server'}, ${ceilings.map((value) => value.toFixed(0)).join(' and ')} starts/s (${IN_FLIGHT} in flight): ${ceiling.toFixed(0)}\n`);
  process.stdout.write(`ceiling with the contact's start shape (its input, a start delay), ${launch.selected} starts: ${shapedCeiling.toFixed(0)} starts/s; the launch reaches ${((100 * rate) / shapedCeiling).toFixed(0)} % of it\n`);
  process.stdout.write(`reference: ${REFERENCE_STARTS} raw starts on the launch's server before it (empty store): ${launch.referenceCeiling.toFixed(0)} starts/s; the launch reaches ${((100 * rate) / launch.referenceCeiling).toFixed(0)} % of it\n`);
  process.stdout.write(`launch over ${size} customers: ${launch.seconds.toFixed(1)} s to select ${launch.selected} and start their processes: ${rate.toFixed(0)} starts/s, ${((100 * rate) / ceiling).toFixed(0)} % of the ceiling\n`);
}

async function measureLaunch(): Promise<LaunchFigures> {
  const server: BenchServer | undefined = ON_CLUSTER ? await startBenchServer() : undefined;
  const env = server?.env ?? (await freshServer());
  if (server) process.stdout.write(`on the ${server.label}\n`);
  const system = await startTestSystem(primaryProvider(), { customers: size });
  const taskQueue = `bench-launch-${randomUUID()}`;
  // As production's default (WORKER_MAX_CACHED_WORKFLOWS): memory bounded however many processes wait.
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue), { maxCachedWorkflows: 1_000 });
  try {
    const referenceCeiling = await startRate(env, REFERENCE_STARTS);
    const serverRss = () => temporalServerRss(env.connection.options.address);
    const serverBefore = serverRss();
    const dbBefore = await databaseBytes(system.db.client, system.testDb.url);

    const config = loadConfig({});
    const campaigns = new PrismaCampaignStore(system.db.client);
    const runStore = new PrismaCampaignRunStore(system.db.client);
    const runs = new CampaignRunUseCases({ temporal: env.client, taskQueue, campaigns, runs: runStore, settings: DEFAULT_CAMPAIGN_RUN_SETTINGS, callback: callbackPolicyOf(config), tasks: taskSettingsOf(config), now: () => new Date() });
    const upgrade = PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!.definition;
    await campaigns.saveDraft('bench-launch', CampaignDefinitionSchema.parse({ ...upgrade, trigger: { kind: 'selection' }, criteria: { kind: 'age', min: 18 } }), { revision: 0, by: 'bench' });
    await campaigns.publish('bench-launch', { by: 'bench' });
    const rssBefore = process.memoryUsage().rss;
    const launched = performance.now();
    const { run } = await runs.launch('bench-launch', 1, 'bench');
    let progress = await runs.progress(run.runId);
    while (progress.status === 'selecting') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      progress = await runs.progress(run.runId);
    }
    const seconds = (performance.now() - launched) / 1000;
    const selected = progress.selection.selected;
    const serverAfter = serverRss();
    const dbAfter = await databaseBytes(system.db.client, system.testDb.url);
    global.gc?.();
    const rssAfter = process.memoryUsage().rss;
    process.stdout.write(`process RSS (API client, worker and simulator in one process): ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, ${(rssAfter / 2 ** 20).toFixed(0)} MiB with ${selected} waiting contact processes\n`);
    const perProcess = (before: number, after: number) => ((after - before) / Math.max(1, selected)).toFixed(0);
    process.stdout.write(`application database: ${(dbBefore / 2 ** 20).toFixed(1)} -> ${(dbAfter / 2 ** 20).toFixed(1)} MiB, ${perProcess(dbBefore, dbAfter)} bytes per selected customer (run targets and their indexes)\n`);
    if (serverBefore !== undefined && serverAfter !== undefined) {
      process.stdout.write(`Temporal dev server RSS (its store is in memory): ${(serverBefore / 2 ** 20).toFixed(0)} -> ${(serverAfter / 2 ** 20).toFixed(0)} MiB, ${perProcess(serverBefore, serverAfter)} bytes per waiting process\n`);
    }
    // A contact's start input as the run gives it (one customer of the selection).
    const sample = (await runStore.notEnded(run.runId, 1))[0]!;
    const contactInput = { ...(await launchInputOf(env.client, run.runId)).contact, customerId: sample };
    await runs.cancel(run.runId, 'bench done', 'bench');
    return { selected, seconds, referenceCeiling, contactInput };
  } finally {
    await worker.stop();
    await system.close();
    await (server ? server.stop() : env.teardown());
  }
}

/** The input the run's process was started with (its first event). */
async function launchInputOf(client: TestWorkflowEnvironment['client'], runId: string): Promise<CampaignRunInput> {
  const history = await client.workflow.getHandle(campaignRunWorkflowId(runId)).fetchHistory();
  const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  return decodeFromPayloadsAtIndex<CampaignRunInput>(client.options.loadedDataConverter, 0, payloads);
}

/** The application database's size in bytes (the SQLite file, or PostgreSQL's own count). */
async function databaseBytes(db: { $queryRawUnsafe: (sql: string) => Promise<unknown> }, url: string): Promise<number> {
  if (url.startsWith('file:')) return statSync(url.slice('file:'.length)).size;
  const [row] = (await db.$queryRawUnsafe('select pg_database_size(current_database())::bigint as bytes')) as Array<{ bytes: bigint }>;
  return Number(row!.bytes);
}

/** The RSS of the dev server listening on `address` (found by its command line), if it can be read. */
function temporalServerRss(address: string): number | undefined {
  const port = address.split(':').at(-1);
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!command.includes('start-dev') || command[command.indexOf('--port') + 1] !== port) continue;
      const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return kib ? Number(kib) * 1024 : undefined;
    } catch {
      // A process that ended meanwhile: not the server.
    }
  }
  return undefined;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
