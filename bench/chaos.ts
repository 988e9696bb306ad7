/**
 * Chaos, with nothing lost (issue 14, section 4). On a fresh cluster (Temporal server on
 * PostgreSQL, 2 workers, 2 API instances behind the balancer, the simulators), a campaign over
 * about `selected` customers is launched and worked by agents through the API, with one customer
 * in ten also giving a consent "yes" during the call, while the Temporal server is restarted 5
 * times, a worker is killed with SIGKILL 20 times and PostgreSQL (both databases) is restarted
 * once, spread over the campaign. Afterwards every customer's process, task, callback, email,
 * block and core-banking write is checked: one table of counts, exit code 0 only if nothing is
 * lost or duplicated anywhere (bench/support/chaos-verify.ts).
 *
 *   flock /tmp/drehscheibe-test.lock npx tsx bench/chaos.ts [selected=2000] [--seed N] [--keep] [--kill-during-selection]
 *
 * `--keep` keeps the cluster's folder (logs, journal) after a passing run too; a failing run
 * always keeps it. The databases are dropped either way.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as PgClient } from 'pg';
import { startCluster, type Cluster } from '../tools/cluster/cluster';
import { ChaosApi } from './support/chaos-api';
import { newAgentRecord, runAgents } from './support/chaos-agents';
import { FaultRunner } from './support/chaos-faults';
import { formatTable, verify } from './support/chaos-verify';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const positional = args.filter((arg, i) => !arg.startsWith('--') && !(i > 0 && args[i - 1] === '--seed'));
const TARGET = Number(positional[0] ?? 2_000);
const SEED = Number(option('--seed') ?? 14);
const KEEP = flag('--keep');
const KILL_DURING_SELECTION = flag('--kill-during-selection');
/** Share of the simulated base the campaign's criteria select (adults with a phone consent, etc.): measured ~0.32. */
const SELECTION_RATE = 0.31;
const POSTGRES_URL = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : 'postgresql://drehscheibe:drehscheibe@127.0.0.1:5432/postgres';
const PORT_BASE = 19_800;
const WORKERS = 2;
const TOPIC = 'kreditkarte';
/** The whole campaign (launch to the last task) must be done by then; then the checks run anyway. */
const CAMPAIGN_LIMIT_MS = 18 * 60_000;
/** How long the system may take to settle after the last task (callbacks' emails, write-throughs). */
// Six minutes: a worker killed during the run's release activity holds the run's end for the
// activity's 5-minute start-to-close timeout (no heartbeat; see the README's "Chaos").
const SETTLE_LIMIT_MS = 6 * 60_000;
/** No task completed, no contact ended and no fault fired for this long: the campaign is stuck. */
const STALL_MS = 3 * 60_000;

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const say = (line: string) => process.stderr.write(`[${elapsed()}] ${line}\n`);

interface Progress {
  status: string;
  selection: { selected: number };
  counts: { waiting: number; released: number; taskOpen: number; reached: number; notContactable: number; stopped: number; cancelled: number; failed: number };
}

const endedOf = (p: Progress) => p.counts.reached + p.counts.notContactable + p.counts.stopped + p.counts.cancelled + p.counts.failed;

async function main(): Promise<number> {
  const hex = randomBytes(4).toString('hex');
  const name = `chaos_${hex}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'drehscheibe-chaos-'));
  const customers = Math.ceil(TARGET / SELECTION_RATE);
  say(`chaos: cluster ${name} in ${dir}, ${customers} customers in core banking (about ${TARGET} selected), seed ${SEED}`);
  let cluster: Cluster | undefined;
  let passed = false;
  // Ctrl-C or a SIGTERM stops the cluster and drops its databases too (they would outlive us).
  const interrupted = (signal: NodeJS.Signals) => {
    say(`chaos: ${signal}: stopping the cluster`);
    void (async () => {
      await cluster?.stop().catch(() => undefined);
      await dropDatabases(name).catch(() => undefined);
      say(`chaos: logs and journal kept in ${dir}`);
      process.exit(130);
    })();
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    cluster = await startCluster({
      dir,
      postgresUrl: POSTGRES_URL,
      name,
      portBase: PORT_BASE,
      workers: WORKERS,
      apis: 2,
      customers,
      appEnv: {
        // Every task opens at once whatever the time of day: pacing wide open, one attempt each,
        // so each customer's end state follows from the agent's answer alone.
        CAMPAIGN_MAX_OPEN_TASKS: '5000',
        CAMPAIGN_MAX_NEW_TASKS_PER_HOUR: '100000',
        CAMPAIGN_CALLING_HOURS: 'mon-sun 00:00-23:59',
        CAMPAIGN_MAX_ATTEMPTS: '1',
      },
      log: say,
    });
    const clusterUp = performance.now();
    say(`chaos: cluster up`);
    const api = new ChaosApi({ url: cluster.url, tokens: cluster.tokens });
    const runId = await launchCampaign(api, `chaos-${hex}`);
    const launchedAt = performance.now();
    say(`chaos: launched ${runId}`);

    const faults = new FaultRunner(cluster, { killWorker: 20, restartTemporal: 5, restartPostgres: 1, workers: WORKERS, seed: SEED }, say);
    const record = newAgentRecord();
    let progress: Progress | undefined;
    let done = false;
    const share = () => (progress && progress.status !== 'selecting' && progress.selection.selected > 0 ? record.completed.size / progress.selection.selected : 0);
    const agents = runAgents(api, {
      queue: 'ksc',
      agents: ['agent.anna', 'agent.karl'],
      concurrency: 8,
      contactPrefix: `chaos-${hex}`,
      gate: async () => {
        while (!done && !faults.allows(share())) await sleep(200);
      },
      finished: () => done,
    }, record);

    // With --kill-during-selection the first fault hits during the selection (a killed worker
    // holds the selection step for its 5-minute start-to-close timeout: see the README).
    if (KILL_DURING_SELECTION) await faults.step(0, true);
    const deadline = performance.now() + CAMPAIGN_LIMIT_MS;
    let lastLine = 0;
    let lastMark = '';
    let movedAt = performance.now();
    while (performance.now() < deadline) {
      try {
        const answer = await api.call<Progress>('owner.olga', 'GET', `/api/v1/campaign-runs/${runId}`);
        if (answer.status === 200) progress = answer.body;
      } catch (error) {
        say(`chaos: progress: ${(error as Error).message}`);
      }
      const allWorked = progress !== undefined && progress.status !== 'selecting' && progress.selection.selected > 0 && endedOf(progress) >= progress.selection.selected;
      if (allWorked && faults.fired >= faults.total) break;
      // Nothing moved for 3 minutes (work lost?): the rest of the faults fire, then the checks say what is missing.
      const mark = `${record.completed.size}/${progress ? endedOf(progress) : 0}/${faults.fired}`;
      if (mark !== lastMark) {
        lastMark = mark;
        movedAt = performance.now();
      }
      const stalled = performance.now() - movedAt > STALL_MS;
      if (stalled && faults.fired >= faults.total) {
        say('chaos: no progress for 3 minutes; checking what is there');
        break;
      }
      // Work finished before the schedule (should not happen: the agents wait for the faults).
      await faults.step(share(), allWorked || stalled);
      await faults.watch();
      if (performance.now() - lastLine > 10_000 && progress) {
        lastLine = performance.now();
        say(`chaos: ${progress.status}, selected ${progress.selection.selected}, completed by agents ${record.completed.size}, ended ${endedOf(progress)}, open ${progress.counts.taskOpen}, faults ${faults.fired}/${faults.total}, retries ${JSON.stringify(api.retries)}`);
      }
      await sleep(1_000);
    }
    done = true;
    await agents;
    const campaignDone = performance.now();
    say(`chaos: campaign worked (${((campaignDone - launchedAt) / 1000).toFixed(0)} s); letting the system settle`);
    await settle(cluster, api, runId);
    const settled = performance.now();

    const rows = await verify({
      temporalAddress: cluster.temporalAddress,
      connectOptions: cluster.connectOptions,
      namespace: cluster.namespace,
      env: cluster.env,
      dir,
      appDatabaseUrl: cluster.env.DATABASE_URL!,
      simControlUrl: cluster.simControlUrl,
      journalFile: path.join(dir, 'core-banking.jsonl'),
      runId,
      topic: TOPIC,
      agents: record,
    });
    const verified = performance.now();
    const lost = rows.reduce((sum, row) => sum + row.lost, 0);
    const duplicated = rows.reduce((sum, row) => sum + row.duplicated, 0);
    const wrong = rows.reduce((sum, row) => sum + row.wrong, 0);
    const faultCounts = (kind: string) => faults.log.done.filter((f) => f.kind === kind).length;
    const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(0)} s`;
    process.stdout.write(`\nChaos run ${new Date().toISOString().slice(0, 16)}Z: ${customers} customers in core banking, seed ${SEED}\n`);
    process.stdout.write(`faults: worker SIGKILL ${faultCounts('kill-worker')}, Temporal restarts ${faultCounts('restart-temporal')}, PostgreSQL restarts ${faultCounts('restart-postgres')}; unplanned exits: ${faults.log.unplannedExits.length ? faults.log.unplannedExits.join(', ') : 'none'}\n`);
    process.stdout.write(`agents: ${record.completed.size} call tasks completed (${record.doneOnRetry} found done on a retry), ${record.consents.size} consent checks; requests repeated: ${api.retries.connection} connection errors, ${api.retries.serverError} 5xx, ${api.retries.busy} busy, ${api.retries.gaveUp} given up; problems: ${record.problems.length}\n`);
    for (const problem of record.problems.slice(0, 10)) process.stdout.write(`  problem: ${problem}\n`);
    process.stdout.write(`durations: cluster start ${seconds(started, clusterUp)}, campaign (launch to last task ended) ${seconds(launchedAt, campaignDone)}, settle ${seconds(campaignDone, settled)}, checks ${seconds(settled, verified)}, total ${seconds(started, verified)}\n\n`);
    process.stdout.write(`${formatTable(rows)}\n\n`);
    passed = lost === 0 && duplicated === 0 && wrong === 0 && api.retries.gaveUp === 0 && faults.fired === faults.total;
    process.stdout.write(`${passed ? 'PASS' : 'FAIL'}: lost ${lost}, duplicated ${duplicated}, wrong ${wrong}\n`);
    return passed ? 0 : 1;
  } finally {
    await cluster?.stop().catch((error: unknown) => say(`chaos: stopping the cluster: ${String(error)}`));
    await dropDatabases(name).catch((error: unknown) => say(`chaos: dropping the databases: ${String(error)}`));
    if (passed && !KEEP) rmSync(dir, { recursive: true, force: true });
    else say(`chaos: logs and journal kept in ${dir}`);
  }
}

/** A campaign of our own over every adult (the simulated base decides how many), published and launched. */
async function launchCampaign(api: ChaosApi, campaignId: string): Promise<string> {
  const definition = {
    name: 'Chaos: Kreditkarte',
    trigger: { kind: 'selection' },
    criteria: { kind: 'age', min: 18 },
    offer: { product: 'mastercard-gold', topic: TOPIC, title: 'Mastercard Gold', argument: 'Umsatzbonifikation und Reiseversicherungen.' },
    script: { opening: 'Guten Tag {anrede}, hier ist Ihre Sparkasse.' },
    outcomes: [{ outcome: 'interested-callback' }, { outcome: 'not-interested' }, { outcome: 'maybe-later' }],
  };
  await api.expect(201, 'owner.olga', 'PUT', `/api/v1/campaigns/${campaignId}/draft`, { revision: 0, definition });
  const { version } = await api.expect<{ version: number }>(201, 'owner.olga', 'POST', `/api/v1/campaigns/${campaignId}/publish`, undefined, { 'Idempotency-Key': `${campaignId}-publish` });
  const run = await api.expect<{ runId: string }>(202, 'owner.olga', 'POST', `/api/v1/campaigns/${campaignId}/versions/${version}/launch`, undefined, { 'Idempotency-Key': `${campaignId}-launch` });
  return run.runId;
}

/**
 * Waits until the system is at rest: the run completed, every outbox email sent, and the counts
 * that still move after the last task (emails caught, journal lines, running processes) unchanged
 * for 15 s. Bounded: after SETTLE_LIMIT_MS the checks run with what is there.
 */
async function settle(cluster: Cluster, api: ChaosApi, runId: string): Promise<void> {
  const db = new PgClient({ connectionString: cluster.env.DATABASE_URL });
  db.on('error', () => undefined);
  await db.connect();
  try {
    const deadline = performance.now() + SETTLE_LIMIT_MS;
    let last = '';
    let stableSince = performance.now();
    while (performance.now() < deadline) {
      const run = await api.call<Progress>('owner.olga', 'GET', `/api/v1/campaign-runs/${runId}`);
      const unsent = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "OutboxEmail" WHERE status <> 'sent'`)).rows[0]!.n);
      const emails = ((await (await fetch(`${cluster.simControlUrl}/emails`)).json()) as unknown[]).length;
      const evidence = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "ConsentEvidence" WHERE "coreBankingId" IS NULL`)).rows[0]!.n);
      const now = JSON.stringify({ status: run.body.status, unsent, emails, evidence });
      if (now !== last) {
        last = now;
        stableSince = performance.now();
        say(`chaos: settling: ${now}`);
      }
      if (run.body.status === 'completed' && unsent === 0 && evidence === 0 && performance.now() - stableSince > 15_000) return;
      await sleep(1_000);
    }
    say('chaos: the system did not settle in time; checking what is there');
  } finally {
    await db.end();
  }
}

async function dropDatabases(name: string): Promise<void> {
  const client = new PgClient({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    for (const suffix of ['temporal', 'visibility', 'app']) await client.query(`DROP DATABASE IF EXISTS "${name}_${suffix}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
