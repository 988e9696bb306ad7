/**
 * What the application database knows about a customer's processes: the workflow ids its rows
 * carry for that customer, and the tasks of one process. Workflow ids carry only a pseudonym of
 * the customer (or none, as callbacks), so the process view finds a customer's processes here
 * and in Temporal's visibility together (api/processes.use-cases.ts).
 */
import { callbackWorkflowId } from '../domain/callback';
import type { TaskRecord } from '../domain/task';
import type { Db } from './database';
import { PrismaTaskStore } from './task.repository';

/** A workflow id the database knows for a customer, with the newest time a row of it was written. */
export interface KnownWorkflow {
  workflowId: string;
  lastSeenAt: Date;
}

/**
 * Audit actions that start a process, and what their object id is: a callback id, a consent
 * check id, or the workflow id itself (blocks, withdrawals).
 */
const STARTS: Record<string, 'callback' | 'consent-check' | 'workflow'> = {
  'callback.started': 'callback',
  'consent-check.opened': 'consent-check',
  'contact-block.created': 'workflow',
  'consent.withdrawn': 'workflow',
};

export class PrismaCustomerProcesses {
  private readonly tasks: PrismaTaskStore;

  constructor(private readonly db: Db) {
    this.tasks = new PrismaTaskStore(db);
  }

  /**
   * The workflow ids of a customer's contact history, blocks and consent evidence, and of the
   * processes the API started for the customer (from the audit trail: callbacks, blocks, consent
   * checks, withdrawals), newest first, at most `limit` of them. `checkWorkflowId` turns a consent
   * check's id (it carries the customer number) into its workflow id (it carries the pseudonym).
   */
  async workflowIdsOf(customerId: string, limit: number, checkWorkflowId: (checkId: string) => string): Promise<KnownWorkflow[]> {
    const [history, blocks, evidence, started] = await Promise.all([
      this.db.contactHistory.findMany({ where: { customerId }, select: { workflowId: true, at: true }, orderBy: { at: 'desc' }, take: limit }),
      this.db.contactBlock.findMany({ where: { customerId }, select: { workflowId: true, startedAt: true }, orderBy: { startedAt: 'desc' }, take: limit }),
      this.db.consentEvidence.findMany({ where: { customerId }, select: { workflowId: true, decidedAt: true }, orderBy: { decidedAt: 'desc' }, take: limit }),
      this.db.auditEntry.findMany({
        where: { customerId, action: { in: Object.keys(STARTS) }, objectId: { not: null } },
        select: { action: true, objectId: true, at: true },
        orderBy: { at: 'desc' },
        take: limit,
      }),
    ]);
    const seen = new Map<string, Date>();
    const add = (workflowId: string, at: Date) => {
      const held = seen.get(workflowId);
      if (!held || held < at) seen.set(workflowId, at);
    };
    for (const row of history) add(row.workflowId, row.at);
    for (const row of blocks) add(row.workflowId, row.startedAt);
    for (const row of evidence) add(row.workflowId, row.decidedAt);
    for (const row of started) {
      const kind = STARTS[row.action];
      if (!row.objectId || !kind) continue;
      add(kind === 'callback' ? callbackWorkflowId(row.objectId) : kind === 'consent-check' ? checkWorkflowId(row.objectId) : row.objectId, row.at);
    }
    return [...seen.entries()]
      .map(([workflowId, lastSeenAt]) => ({ workflowId, lastSeenAt }))
      .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime())
      .slice(0, limit);
  }

  /** The tasks a process opened, newest first. */
  async tasksOf(workflowId: string, limit = 100): Promise<TaskRecord[]> {
    const rows = await this.db.task.findMany({ where: { workflowId }, select: { id: true }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
    const tasks = await Promise.all(rows.map((row) => this.tasks.get(row.id)));
    return tasks.filter((task): task is TaskRecord => task !== undefined);
  }
}
