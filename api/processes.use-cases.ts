/**
 * The process view (issue 9, part 5): one process by workflow id with its state, tasks and steps,
 * and all processes of a customer. Steps come from Temporal's history without payloads: payloads
 * and failures are encrypted there and stay so; only event types and names are read.
 */
import type { Client, WorkflowExecutionStatusName } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { PseudonymOf } from '../domain/pseudonym';
import type { TaskRecord } from '../domain/task';
import type { PrismaCustomerProcesses } from '../prisma/customer-processes.repository';
import { stepsOf, type ProcessStep, type RunStatus } from './process-steps';

export type ProcessStatus = RunStatus;

/** A process as listed: its workflow id, type (workflow type name), status and times. */
export interface ProcessSummary {
  workflowId: string;
  runId: string;
  type: string;
  status: ProcessStatus;
  startedAt: string;
  closedAt?: string;
}

export interface ProcessView extends ProcessSummary {
  /** The tasks the process opened, newest first. */
  tasks: TaskRecord[];
  /** Oldest first, as they happened. */
  steps: ProcessStep[];
  /** The process in the Temporal Web UI, when TEMPORAL_UI_URL is configured. */
  temporalUiUrl?: string;
}

export interface ProcessUseCaseDeps {
  temporal: Client;
  records: Pick<PrismaCustomerProcesses, 'workflowIdsOf' | 'tasksOf'>;
  pseudonymOf: PseudonymOf;
  /** Base URL of the Temporal Web UI (no trailing slash needed). */
  temporalUiUrl?: string;
  /** Maps a consent check id to its workflow id (api/consent.use-cases.ts). */
  checkWorkflowId: (checkId: string) => string;
}

/** At most this many processes per customer are listed (newest first). */
export const MAX_CUSTOMER_PROCESSES = 200;

const STATUS: Record<WorkflowExecutionStatusName, ProcessStatus> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed-out',
  CONTINUED_AS_NEW: 'continued',
  PAUSED: 'paused',
  UNSPECIFIED: 'unknown',
  UNKNOWN: 'unknown',
};

export class ProcessUseCases {
  constructor(private readonly deps: ProcessUseCaseDeps) {}

  /** One process, latest run. Throws WorkflowNotFoundError (404) for an unknown id. */
  async get(workflowId: string): Promise<ProcessView> {
    const handle = this.deps.temporal.workflow.getHandle(workflowId);
    const description = await handle.describe();
    const [history, tasks] = await Promise.all([this.deps.temporal.workflow.getHandle(workflowId, description.runId).fetchHistory(), this.deps.records.tasksOf(workflowId)]);
    const summary: ProcessSummary = {
      workflowId,
      runId: description.runId,
      type: description.type,
      status: STATUS[description.status.name],
      startedAt: description.startTime.toISOString(),
      ...(description.closeTime ? { closedAt: description.closeTime.toISOString() } : {}),
    };
    return { ...summary, tasks, steps: stepsOf(history.events ?? []), ...this.uiLink(workflowId) };
  }

  /**
   * All processes of a customer, newest first: those whose workflow ids carry the customer's
   * pseudonym (found in Temporal's visibility by prefix), and those the application database
   * links to the customer (callbacks and withdrawals carry no pseudonym), de-duplicated.
   */
  async ofCustomer(customerId: string): Promise<ProcessSummary[]> {
    const pseudonym = this.deps.pseudonymOf(customerId);
    // Pseudonyms are `c` and hex digits: nothing in them can break out of the quoted literal.
    const prefixes = [`contact-block:${pseudonym}:`, `consent-check:${pseudonym}~`, `care-call:${pseudonym}~`].flatMap((prefix) => [prefix, `repair:${prefix}`]);
    const query = prefixes.map((prefix) => `WorkflowId STARTS_WITH '${prefix}'`).join(' OR ');
    const found = new Map<string, ProcessSummary>();
    const keep = (process: ProcessSummary) => {
      const held = found.get(process.workflowId);
      // Several runs of one id (a block set again after it expired): the newest run stands for it.
      if (!held || held.startedAt < process.startedAt) found.set(process.workflowId, process);
    };
    for await (const info of this.deps.temporal.workflow.list({ query, pageSize: 100 })) {
      keep({
        workflowId: info.workflowId,
        runId: info.runId,
        type: info.type,
        status: STATUS[info.status.name],
        startedAt: info.startTime.toISOString(),
        ...(info.closeTime ? { closedAt: info.closeTime.toISOString() } : {}),
      });
      if (found.size >= MAX_CUSTOMER_PROCESSES) break;
    }
    // The database's ids are read from Temporal directly (visibility may lag a just-started process).
    const known = await this.deps.records.workflowIdsOf(customerId, MAX_CUSTOMER_PROCESSES, this.deps.checkWorkflowId);
    const missing = known.map((item) => item.workflowId).filter((id) => !found.has(id));
    for (let i = 0; i < missing.length; i += 10) {
      const described = await Promise.all(missing.slice(i, i + 10).map((id) => this.summaryOf(id)));
      for (const process of described) if (process) keep(process);
    }
    return [...found.values()].sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0)).slice(0, MAX_CUSTOMER_PROCESSES);
  }

  /** The latest run's summary, or undefined when Temporal no longer has it (past retention). */
  private async summaryOf(workflowId: string): Promise<ProcessSummary | undefined> {
    try {
      const description = await this.deps.temporal.workflow.getHandle(workflowId).describe();
      return {
        workflowId,
        runId: description.runId,
        type: description.type,
        status: STATUS[description.status.name],
        startedAt: description.startTime.toISOString(),
        ...(description.closeTime ? { closedAt: description.closeTime.toISOString() } : {}),
      };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  private uiLink(workflowId: string): { temporalUiUrl?: string } {
    const base = this.deps.temporalUiUrl?.replace(/\/+$/, '');
    if (!base) return {};
    const namespace = encodeURIComponent(this.deps.temporal.options.namespace);
    return { temporalUiUrl: `${base}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}` };
  }
}
