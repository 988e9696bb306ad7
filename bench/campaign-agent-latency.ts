/**
 * Does an agent's work stay fast while a big campaign runs (issue 12, section 2: "while a campaign
 * of 50,000 runs, an agent's task claim and complete keep p99 < 200 ms")? In one run on one dev
 * server: a campaign is launched over `size` customers (150,000 select about 50,000), released
 * with generous pacing, and an agent claims and completes its call tasks over HTTP while the run
 * goes on. Reported: p50/p99 of claim and of complete in milliseconds, and as ratios to
 * `GET /healthz` measured in the same run.
 *
 * The server is bench/support/temporal-server.ts's: a fresh embedded dev server with the
 * production tuning, or the cluster at TEMPORAL_ADDRESS.
 *
 *   npx tsx bench/campaign-agent-latency.ts [size=150000] [tasks=100]
 *   TEMPORAL_ADDRESS=host:port … npx tsx bench/campaign-agent-latency.ts [size] [tasks]   (a running cluster)
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import '../test/support/quiet-temporal';
import { createApp } from '../api/app';
import { CampaignRunUseCases } from '../api/campaign-runs.use-cases';
import { CampaignDefinitionSchema } from '../domain/campaign';
import { BANK_TIME_ZONE, type CallingHours } from '../domain/calling-hours';
import { DEFAULT_CAMPAIGN_RUN_SETTINGS } from '../domain/campaign-run';
import { PILOT_CATALOG } from '../domain/pilot-catalog';
import { callbackPolicyOf, loadConfig, taskSettingsOf } from '../platform/config';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import { PrismaCampaignRunStore } from '../prisma/campaign-run.repository';
import { appDeps } from '../test/support/app';
import { primaryProvider } from '../test/support/database';
import { startTestSystem } from '../test/support/system';
import { tokenOf } from '../test/support/users';
import { startWorker } from '../test/support/worker';
import { startBenchServer } from './support/temporal-server';

const size = Number(process.argv[2] ?? 150_000);
const TASKS = Number(process.argv[3] ?? 100);

/** Calls around the clock (public holidays still count): the agent has tasks whatever the hour. */
const allDay = [{ start: '00:00', end: '23:59' }];
const ALL_DAY: CallingHours = { timeZone: BANK_TIME_ZONE, windows: { sun: allDay, mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay } };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

async function main(): Promise<void> {
  const temporal = await startBenchServer();
  const { env } = temporal;
  process.stdout.write(`on the ${temporal.label}\n`);
  const system = await startTestSystem(primaryProvider(), { customers: size });
  const taskQueue = `bench-agent-${randomUUID()}`;
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue), { maxCachedWorkflows: 1_000 });
  const app = createApp(appDeps({ temporal: env.client, taskQueue, ...system.appParts() }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { authorization: `Bearer ${tokenOf('agent')}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  try {
    const config = loadConfig({});
    const campaigns = new PrismaCampaignStore(system.db.client);
    // Generous pacing, so the agent never waits for the next release.
    const settings = { ...DEFAULT_CAMPAIGN_RUN_SETTINGS, maxOpenTasks: 2 * TASKS, maxNewTasksPerHour: 10 * TASKS, callingHours: ALL_DAY };
    const runs = new CampaignRunUseCases({ temporal: env.client, taskQueue, campaigns, runs: new PrismaCampaignRunStore(system.db.client), settings, callback: callbackPolicyOf(config), tasks: taskSettingsOf(config), now: () => new Date() });
    const upgrade = PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!.definition;
    await campaigns.saveDraft('bench-agent', CampaignDefinitionSchema.parse({ ...upgrade, trigger: { kind: 'selection' }, criteria: { kind: 'age', min: 18 } }), { revision: 0, by: 'bench' });
    await campaigns.publish('bench-agent', { by: 'bench' });
    const { run } = await runs.launch('bench-agent', 1, 'bench');
    let progress = await runs.progress(run.runId);
    while (progress.status === 'selecting') {
      await new Promise((resolve) => setTimeout(resolve, 500));
      progress = await runs.progress(run.runId);
    }
    process.stdout.write(`campaign running: ${progress.selection.selected} contact processes over ${size} customers\n`);

    const healthz: number[] = [];
    const claims: number[] = [];
    const completes: number[] = [];
    const done = new Set<string>();
    while (completes.length < TASKS) {
      const page = (await call('GET', '/api/v1/tasks?queue=ksc&status=open&limit=50')).tasks as Array<{ id: string; type: string }>;
      const open = page.filter((task) => task.type === 'campaign-call' && !done.has(task.id));
      if (open.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      for (const task of open) {
        if (completes.length >= TASKS) break;
        done.add(task.id);
        let started = performance.now();
        await call('GET', '/healthz');
        healthz.push(performance.now() - started);
        started = performance.now();
        await call('POST', `/api/v1/tasks/${task.id}/claim`, {});
        claims.push(performance.now() - started);
        started = performance.now();
        await call('POST', `/api/v1/tasks/${task.id}/complete`, { reached: false });
        completes.push(performance.now() - started);
      }
    }
    const base0 = summary(healthz);
    for (const [label, samples] of [['claim', claims], ['complete', completes]] as const) {
      const { p50, p99 } = summary(samples);
      process.stdout.write(`${label} of a campaign call (${samples.length}): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${(p50 / base0.p50).toFixed(1)}x / ${(p99 / base0.p99).toFixed(1)}x /healthz)\n`);
    }
    process.stdout.write(`GET /healthz: p50 ${base0.p50.toFixed(1)} ms, p99 ${base0.p99.toFixed(1)} ms\n`);
    await runs.cancel(run.runId, 'bench done', 'bench');
  } finally {
    server.close();
    await worker.stop();
    await system.close();
    await temporal.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
