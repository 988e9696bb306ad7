/**
 * The business figures operators watch (issue 14, section 3), read from the application database
 * as a handful of grouped COUNT queries that the existing indexes answer: Task (queue, status,
 * dueAt), OutboxEmail (status, createdAt), CampaignRunTarget (runId, state, seq). Only ids, queue
 * names, types and counts come back: no personal data.
 *
 * The api/metrics.ts gauges read one snapshot per scrape (cached there for a few seconds).
 */
import { ACTIVE_TASK_STATUSES } from '../domain/task';
import type { Db } from './database';

/** The task type of repair tasks (workflows/repair.workflow.ts): a process needs a person to mend it. */
export const REPAIR_TASK_TYPE = 'repair';
/** Campaign runs still going: a finished (completed or cancelled) run is history, not a gauge. */
const UNFINISHED_RUN_STATUSES = ['selecting', 'running', 'paused'];
/** Built from constants of the code only (the statuses), never from input. */
const PROCESSES_WAITING_SQL = `SELECT "type", COUNT(DISTINCT "workflowId") AS "processes" FROM "Task" WHERE "status" IN (${ACTIVE_TASK_STATUSES.map((status) => `'${status}'`).join(', ')}) GROUP BY "type"`;

export interface OperationsSnapshot {
  /** Open, claimed and escalated tasks per queue and status. */
  tasksOpen: Array<{ queue: string; status: string; count: number }>;
  /** Of those, the ones past their due time, per queue. */
  tasksOverdue: Array<{ queue: string; count: number }>;
  /** Open repair tasks per queue. */
  repairTasksOpen: Array<{ queue: string; count: number }>;
  /**
   * Processes waiting for a person, per task type: distinct workflows with an open task. The
   * database keeps no projection of all running processes (Temporal's visibility does; its
   * counts group only by status), so this is the part of them the database sees.
   */
  processesWaiting: Array<{ taskType: string; count: number }>;
  /** Each unfinished campaign run: customers selected, released to a call at least once, ended. */
  campaignRuns: Array<{ runId: string; status: string; selected: number; started: number; finished: number }>;
  /** Unsent emails and the age of the oldest one (0 when none). */
  outbox: { pending: number; oldestPendingAgeSeconds: number };
}

export class PrismaOperationsMetrics {
  constructor(private readonly db: Db) {}

  async snapshot(now: Date): Promise<OperationsSnapshot> {
    const active = { status: { in: ACTIVE_TASK_STATUSES } };
    const [open, overdue, repairs, waiting, runs, outbox] = await Promise.all([
      this.db.task.groupBy({ by: ['queue', 'status'], where: active, _count: { _all: true } }),
      this.db.task.groupBy({ by: ['queue'], where: { ...active, dueAt: { lt: now } }, _count: { _all: true } }),
      this.db.task.groupBy({ by: ['queue'], where: { ...active, type: REPAIR_TASK_TYPE }, _count: { _all: true } }),
      // COUNT(DISTINCT …) has no Prisma groupBy form; this SQL is the same on SQLite and PostgreSQL.
      this.db.$queryRawUnsafe<Array<{ type: string; processes: number | bigint }>>(PROCESSES_WAITING_SQL),
      this.db.campaignRun.findMany({ where: { status: { in: UNFINISHED_RUN_STATUSES } }, select: { id: true, status: true, selected: true } }),
      this.db.outboxEmail.aggregate({ where: { status: 'pending' }, _count: { _all: true }, _min: { createdAt: true } }),
    ]);
    const runIds = runs.map((run) => run.id);
    const [started, finished] = runIds.length === 0
      ? [[], []]
      : await Promise.all([
          this.db.campaignRunTarget.groupBy({ by: ['runId'], where: { runId: { in: runIds }, releasedAt: { not: null } }, _count: { _all: true } }),
          this.db.campaignRunTarget.groupBy({ by: ['runId'], where: { runId: { in: runIds }, state: 'ended' }, _count: { _all: true } }),
        ]);
    const countOf = (rows: Array<{ runId: string; _count: { _all: number } }>, runId: string) => rows.find((row) => row.runId === runId)?._count._all ?? 0;
    const oldest = outbox._min.createdAt;
    return {
      tasksOpen: open.map((row) => ({ queue: row.queue, status: row.status, count: row._count._all })),
      tasksOverdue: overdue.map((row) => ({ queue: row.queue, count: row._count._all })),
      repairTasksOpen: repairs.map((row) => ({ queue: row.queue, count: row._count._all })),
      processesWaiting: waiting.map((row) => ({ taskType: row.type, count: Number(row.processes) })),
      campaignRuns: runs.map((run) => ({ runId: run.id, status: run.status, selected: run.selected, started: countOf(started, run.id), finished: countOf(finished, run.id) })),
      outbox: { pending: outbox._count._all, oldestPendingAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 },
    };
  }
}
