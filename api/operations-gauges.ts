/**
 * The business gauges of `/metrics` (issue 14, section 3): open and overdue tasks per queue,
 * processes waiting for a person, campaign runs' progress, the email outbox's backlog and open
 * repair tasks. They are computed when Prometheus scrapes (prom-client's `collect`), from one
 * database snapshot that is kept for `cacheMs`: however many scrapers ask at once, the database
 * sees one set of COUNT queries per interval (concurrent scrapes share the one in flight).
 *
 * When the database cannot be read, the gauges are left out of that scrape (no stale numbers)
 * and `drehscheibe_operations_metrics_up` is 0, which the runbook alerts on.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../platform/logger';
import type { OperationsSnapshot } from '../prisma/operations-metrics.repository';

/** Where the snapshot comes from: prisma/operations-metrics.repository.ts in production. */
export interface OperationsSource {
  snapshot(now: Date): Promise<OperationsSnapshot>;
}

export interface OperationsGaugeOptions {
  source: OperationsSource;
  /** How long one snapshot answers scrapes; default 5 s. */
  cacheMs?: number;
  now?: () => Date;
  logger: Logger;
}

/** Registers the gauges on `registry`. */
export function registerOperationsGauges(registry: Registry, { source, cacheMs = 5_000, now = () => new Date(), logger }: OperationsGaugeOptions): void {
  const snapshot = cachedSnapshot(source, cacheMs, now, logger);
  // Each gauge is emptied on every scrape, so a queue that emptied or a run that ended drops out.
  // Emptied and filled in one synchronous step after the wait: a concurrent scrape never reads it half done.
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>, s: OperationsSnapshot) => void) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const taken = await snapshot();
        this.reset();
        if (taken) fill(this, taken);
      },
    });

  new Gauge({
    name: 'drehscheibe_operations_metrics_up',
    help: '1 when the last read of the business figures from the application database succeeded, else 0',
    registers: [registry],
    async collect() {
      this.set((await snapshot()) ? 1 : 0);
    },
  });
  gauge('drehscheibe_tasks_open', 'Open, claimed and escalated human tasks', ['queue', 'status'], (g, s) => {
    for (const row of s.tasksOpen) g.set({ queue: row.queue, status: row.status }, row.count);
  });
  gauge('drehscheibe_tasks_overdue', 'Open, claimed and escalated human tasks past their due time', ['queue'], (g, s) => {
    for (const row of s.tasksOverdue) g.set({ queue: row.queue }, row.count);
  });
  gauge('drehscheibe_repair_tasks_open', 'Open repair tasks: a process that needs a person to mend it', ['queue'], (g, s) => {
    for (const row of s.repairTasksOpen) g.set({ queue: row.queue }, row.count);
  });
  gauge('drehscheibe_processes_waiting', 'Processes waiting for a person: distinct workflows with an open task, by task type', ['task_type'], (g, s) => {
    for (const row of s.processesWaiting) g.set({ task_type: row.taskType }, row.count);
  });
  gauge('drehscheibe_campaign_run_customers', 'Customers of each unfinished campaign run: selected, started (released to a call at least once), finished', ['run', 'status', 'stage'], (g, s) => {
    for (const run of s.campaignRuns) {
      g.set({ run: run.runId, status: run.status, stage: 'selected' }, run.selected);
      g.set({ run: run.runId, status: run.status, stage: 'started' }, run.started);
      g.set({ run: run.runId, status: run.status, stage: 'finished' }, run.finished);
    }
  });
  gauge('drehscheibe_email_outbox_pending', 'Emails in the outbox not yet accepted by the SMTP server', [], (g, s) => {
    g.set(s.outbox.pending);
  });
  gauge('drehscheibe_email_outbox_oldest_pending_age_seconds', 'Age of the oldest unsent email in the outbox (0 when none)', [], (g, s) => {
    g.set(s.outbox.oldestPendingAgeSeconds);
  });
}

/** One snapshot per `cacheMs`, shared by concurrent callers; undefined when the read failed. */
function cachedSnapshot(source: OperationsSource, cacheMs: number, now: () => Date, logger: Logger): () => Promise<OperationsSnapshot | undefined> {
  let held: { at: number; value: Promise<OperationsSnapshot | undefined> } | undefined;
  return () => {
    const at = now();
    if (!held || at.getTime() - held.at >= cacheMs) {
      held = {
        at: at.getTime(),
        // A failure is kept for the interval too: a database in trouble is not asked again per scrape.
        value: source.snapshot(at).catch((error: unknown) => {
          logger.warn('business metrics could not be read', { error: error instanceof Error ? error.name : 'unknown' });
          return undefined;
        }),
      };
    }
    return held.value;
  };
}
