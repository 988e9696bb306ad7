/**
 * Starting a repair process and asking Temporal about a process, from outside a workflow (the
 * reconciler's activity, through ports wired in workers/).
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { repairWorkflowId, type RepairRequest } from '../domain/repair';
import type { TaskBoardSettings } from '../domain/task';
import { repairWorkflow } from './repair.workflow';

/** Starts the repair process for `request` once; a running or finished one with its id stands. */
export async function startRepair(temporal: Client, taskQueue: string, request: RepairRequest, settings: TaskBoardSettings): Promise<void> {
  try {
    await temporal.workflow.start(repairWorkflow, {
      workflowId: repairWorkflowId(request.sourceWorkflowId, request.code),
      taskQueue,
      args: [request, settings],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    // Repaired once already: the same problem of the same process is one repair.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** `running`, the close status in lower case, or `not-found`. */
export async function processStatus(temporal: Client, workflowId: string): Promise<string> {
  try {
    const description = await temporal.workflow.getHandle(workflowId).describe();
    return description.status.name.toLowerCase();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'not-found';
    throw error;
  }
}
