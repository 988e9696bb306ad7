/**
 * How fast does a campaign launch over the customer base, against the engine's own ceiling
 * (issue 12, section 2)? In one run on one dev server:
 *
 * - the ceiling: raw SDK starts of a no-op workflow type (no worker polls it), 64 in flight;
 * - the launch: a selection campaign over the simulated base (`size` customers), from the launch
 *   until the run has selected everyone and started every selected customer's contact process
 *   (the worker runs the production activities; each contact process also runs its first step);
 * - the worker's RSS, the application database's bytes and the dev server's RSS (its store is in
 *   memory) per waiting contact process afterwards; the ceiling again after the launch.
 *
 * Reported as contact processes started per second, and the ratio to the ceiling.
 *
 *   npx tsx bench/campaign-launch.ts [size=20000]     (SQLite; DATABASE_URL=postgresql://… for PostgreSQL)
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

const size = Number(process.argv[2] ?? 20_000);
const CEILING_STARTS = 3_000;
const IN_FLIGHT = 64;

async function main(): Promise<void> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: await resolveTemporalCli(), log: { format: 'pretty', level: 'error' } },
    client: { dataConverter: testDataConverter },
  });
  const system = await startTestSystem(primaryProvider(), { customers: size });
  const taskQueue = `bench-launch-${randomUUID()}`;
  // As production's default (WORKER_MAX_CACHED_WORKFLOWS): memory bounded however many processes wait.
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue), { maxCachedWorkflows: 1_000 });
  try {
    // The ceiling: the server's own start rate for workflows that do nothing, taken before the
    // launch (an empty server) and after it (a server holding every waiting process); the
    // higher of the two is the ceiling.
    // `shaped`: the same no-op, started the way a contact process is (its input's size, held
    // back by a start delay): what the server itself makes of such starts.
    const measureCeiling = async (shaped?: { args: unknown[] }) => {
      const idle = `bench-idle-${randomUUID()}`;
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < CEILING_STARTS) {
            const i = next++;
            const workflowId = `bench-noop-${i}-${randomUUID()}`;
            await env.client.workflow.start('benchNoop', shaped ? { workflowId, taskQueue: idle, args: shaped.args, startDelay: CONTACT_HELD_BACK, workflowIdConflictPolicy: 'USE_EXISTING' } : { workflowId, taskQueue: idle, args: [] });
          }
        }),
      );
      return CEILING_STARTS / ((performance.now() - started) / 1000);
    };
    const serverRss = () => temporalServerRss(env.connection.options.address);
    const ceilingBefore = await measureCeiling();
    const serverBefore = serverRss();
    const dbBefore = await databaseBytes(system.db.client, system.testDb.url);

    // The launch.
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
    const rate = progress.selection.selected / seconds;
    const serverAfter = serverRss();
    const dbAfter = await databaseBytes(system.db.client, system.testDb.url);
    const ceilingAfter = await measureCeiling();
    const ceiling = Math.max(ceilingBefore, ceilingAfter);
    // A contact's start input as the run gives it (one customer of the selection).
    const sample = (await runStore.notEnded(run.runId, 1))[0]!;
    const shapedCeiling = await measureCeiling({ args: [{ ...(await launchInputOf(env.client, run.runId)).contact, customerId: sample }] });
    const idsOnlyCeiling = await measureCeiling({ args: [{ runId: run.runId, customerId: sample }] });
    process.stdout.write(`ceiling with the contact's start shape (its input, a start delay): ${shapedCeiling.toFixed(0)} starts/s; the launch reaches ${((100 * rate) / shapedCeiling).toFixed(0)} % of it\n`);
    process.stdout.write(`ceiling with a start delay and an input of ids only: ${idsOnlyCeiling.toFixed(0)} starts/s\n`);
    process.stdout.write(`ceiling: ${CEILING_STARTS} raw starts, ${ceilingBefore.toFixed(0)} starts/s before the launch, ${ceilingAfter.toFixed(0)} after (${IN_FLIGHT} in flight): ${ceiling.toFixed(0)}\n`);
    process.stdout.write(`launch over ${size} customers: ${seconds.toFixed(1)} s to select ${progress.selection.selected} and start their processes: ${rate.toFixed(0)} starts/s, ${((100 * rate) / ceiling).toFixed(0)} % of the ceiling\n`);
    global.gc?.();
    const rssAfter = process.memoryUsage().rss;
    process.stdout.write(`process RSS (API client, worker and simulator in one process): ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, ${(rssAfter / 2 ** 20).toFixed(0)} MiB with ${progress.selection.selected} waiting contact processes\n`);
    const perProcess = (before: number, after: number) => ((after - before) / Math.max(1, progress.selection.selected)).toFixed(0);
    process.stdout.write(`application database: ${(dbBefore / 2 ** 20).toFixed(1)} -> ${(dbAfter / 2 ** 20).toFixed(1)} MiB, ${perProcess(dbBefore, dbAfter)} bytes per selected customer (run targets and their indexes)\n`);
    if (serverBefore !== undefined && serverAfter !== undefined) {
      process.stdout.write(`Temporal dev server RSS (its store is in memory): ${(serverBefore / 2 ** 20).toFixed(0)} -> ${(serverAfter / 2 ** 20).toFixed(0)} MiB, ${perProcess(serverBefore, serverAfter)} bytes per waiting process\n`);
    }
    await runs.cancel(run.runId, 'bench done', 'bench');
  } finally {
    await worker.stop();
    await system.close();
    await env.teardown();
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
