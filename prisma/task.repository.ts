/**
 * The task inbox in the application database: written by workflows (through activities), read
 * by the API.
 */
import type { TaskStore } from '../activities/ports';
import { ACTIVE_TASK_STATUSES, type TaskContext, type TaskRecord, type TaskStatus } from '../domain/task';
import type { Db } from './database';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';
import { saveVersioned } from './versioned-write';

type Row = Awaited<ReturnType<Db['task']['findFirstOrThrow']>>;

export interface TaskQuery {
  /** Only these queues (the caller's); must not be empty. */
  queues: string[];
  statuses: TaskStatus[];
  assignee?: string;
  dueBefore?: Date;
  /** Opaque cursor from the previous page. */
  cursor?: string;
  limit: number;
}

export interface TaskPage {
  tasks: TaskRecord[];
  nextCursor?: string;
}

/** A task row as the change feed sees it: the task and when its row was last written. */
export interface ChangedTask {
  task: TaskRecord;
  updatedAt: Date;
}

export class PrismaTaskStore implements TaskStore {
  constructor(private readonly db: Db) {}

  async save(task: TaskRecord): Promise<void> {
    const data = {
      workflowId: task.workflowId,
      type: task.type,
      resultVersion: task.resultVersion,
      queue: task.queue,
      assignee: task.assignee ?? null,
      status: task.status,
      priority: task.priority,
      dueAt: new Date(task.dueAt),
      followUpAt: task.followUpAt ? new Date(task.followUpAt) : null,
      title: task.title,
      context: JSON.stringify(task.context),
      result: task.result === undefined ? null : JSON.stringify(task.result),
      completedBy: task.completedBy ?? null,
      completedAt: task.completedAt ? new Date(task.completedAt) : null,
      escalatedAt: task.escalatedAt ? new Date(task.escalatedAt) : null,
      createdAt: new Date(task.createdAt),
      version: task.version,
    };
    await saveVersioned({
      updateOlder: () => this.db.task.updateMany({ where: { id: task.id, version: { lt: task.version } }, data }),
      storedAtLeast: async () => (await this.db.task.findFirst({ where: { id: task.id, version: { gte: task.version } }, select: { id: true } })) !== null,
      create: () => this.db.task.create({ data: { id: task.id, ...data } }),
      what: `task ${task.id}`,
      first: task.version === 1,
    });
  }

  async get(id: string): Promise<TaskRecord | undefined> {
    const row = await this.db.task.findUnique({ where: { id } });
    return row ? toRecord(row) : undefined;
  }

  /** A page of tasks, most urgent (earliest due) first; stable under concurrent inserts. */
  async workflowsWithActiveTasks(limit: number, after?: string): Promise<string[]> {
    const rows = await this.db.task.findMany({
      where: { status: { in: ACTIVE_TASK_STATUSES }, ...(after ? { workflowId: { gt: after } } : {}) },
      distinct: ['workflowId'],
      select: { workflowId: true },
      orderBy: { workflowId: 'asc' },
      take: limit,
    });
    return rows.map((row) => row.workflowId);
  }

  async closeActiveOf(workflowId: string): Promise<Array<Pick<TaskRecord, 'id' | 'type' | 'context'>>> {
    // The workflow is gone, so nothing else writes these rows any more; the version still moves
    // on, so a late write of an older version cannot reopen them.
    const where = { workflowId, status: { in: ACTIVE_TASK_STATUSES } };
    const active = await this.db.task.findMany({ where, select: { id: true, type: true, context: true } });
    await this.db.task.updateMany({ where: { ...where, id: { in: active.map((row) => row.id) } }, data: { status: 'cancelled', version: { increment: 1 } } });
    return active.map((row) => ({ id: row.id, type: row.type, context: JSON.parse(row.context) as TaskContext }));
  }

  async list(query: TaskQuery): Promise<TaskPage> {
    const after = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
    const rows = await this.db.task.findMany({
      where: {
        queue: { in: query.queues },
        status: { in: query.statuses },
        ...(query.assignee ? { assignee: query.assignee } : {}),
        ...(query.dueBefore ? { dueAt: { lt: query.dueBefore } } : {}),
        ...(after
          ? { OR: [{ dueAt: { gt: after.at } }, { dueAt: after.at, id: { gt: after.id } }] }
          : {}),
      },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit).map(toRecord);
    const last = page[page.length - 1];
    return { tasks: page, nextCursor: rows.length > query.limit && last ? encodeKeysetCursor(last.dueAt, last.id) : undefined };
  }

  /**
   * Rows written at or after `since` (by the row's `updatedAt`), oldest write first, continuing
   * strictly after `after` (the last row of the previous call) when given: the change feed's
   * look at the table (api/task-feed). Ordered by (updatedAt, id), so a burst larger than
   * `limit` is read in pages without skipping rows.
   */
  async changedSince(since: Date, limit: number, after?: { at: Date; id: string }): Promise<ChangedTask[]> {
    const rows = await this.db.task.findMany({
      where: after
        ? { OR: [{ updatedAt: { gt: after.at } }, { updatedAt: after.at, id: { gt: after.id } }] }
        : { updatedAt: { gte: since } },
      orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map((row) => ({ task: toRecord(row), updatedAt: row.updatedAt }));
  }
}

function toRecord(row: Row): TaskRecord {
  return {
    id: row.id,
    workflowId: row.workflowId,
    type: row.type,
    resultVersion: row.resultVersion,
    queue: row.queue,
    assignee: row.assignee ?? undefined,
    status: row.status as TaskStatus,
    priority: row.priority,
    dueAt: row.dueAt.toISOString(),
    followUpAt: row.followUpAt?.toISOString(),
    title: row.title,
    context: JSON.parse(row.context) as TaskContext,
    result: row.result === null ? undefined : (JSON.parse(row.result) as unknown),
    completedBy: row.completedBy ?? undefined,
    completedAt: row.completedAt?.toISOString(),
    escalatedAt: row.escalatedAt?.toISOString(),
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}
