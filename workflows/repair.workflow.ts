/**
 * A repair for operations: one process per source process and problem code. It raises the alert
 * line, opens a task in the operations queue with what went wrong, and waits until an operator
 * records the resolution. It is its own process (started abandoned by the failing one), so the
 * source process may end, fail or be cancelled while the repair task stays open behind a
 * process that is still running.
 */
import { allHandlersFinished, condition, proxyActivities, startChild, ParentClosePolicy, CancellationScope, workflowInfo } from '@temporalio/workflow';
import type { createOperationsActivities } from '../activities/operations.activities';
import { repairWorkflowId, type RepairRequest, type RepairResult } from '../domain/repair';
import type { TaskBoardSettings } from '../domain/task';
import { TaskBoard } from './human-tasks';
import { UNTIL_STORED } from './retry-policies';

const { raiseAlert } = proxyActivities<ReturnType<typeof createOperationsActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: UNTIL_STORED,
});

const MINUTE = 60_000;

export interface RepairOutcome {
  code: string;
  resolution?: RepairResult;
  resolvedBy?: string;
}

export async function repairWorkflow(request: RepairRequest, settings: TaskBoardSettings): Promise<RepairOutcome> {
  const board = new TaskBoard(settings, () => 'the repair is recorded');
  await raiseAlert({ code: request.code, workflowId: request.sourceWorkflowId, message: 'repair task opened for operations' });
  const task = await board.open({
    key: 'repair',
    type: 'repair',
    resultVersion: 1,
    queue: settings.operationsQueue ?? 'operations',
    priority: 3,
    dueAt: new Date(Date.now() + (settings.repairDueMinutes ?? 240) * MINUTE),
    title: `Reparatur ${request.code}`,
    context: {
      code: request.code,
      problem: request.problem,
      sourceWorkflowId: request.sourceWorkflowId,
      customerId: request.customerId ?? null,
    },
  });
  const closed = await board.closingTasksOnFailure(() => board.closed(task.id));
  await board.settled();
  await condition(allHandlersFinished);
  return { code: request.code, resolution: closed.result as RepairResult | undefined, resolvedBy: closed.completedBy };
}

/** The settings a repair uses: the process's own, or (for processes started without them) the defaults. */
export function repairSettingsOf(settings: TaskBoardSettings | undefined): TaskBoardSettings {
  return settings ?? { escalationQueue: 'supervisor', escalationEmail: [], reminderEmail: [], appBaseUrl: '' };
}

/**
 * From inside a failing (or cancelled) process: opens the repair as a child that outlives it. A
 * repair of the same problem that exists already stands.
 */
export async function openRepair(request: Omit<RepairRequest, 'sourceWorkflowId'>, settings: TaskBoardSettings): Promise<void> {
  const sourceWorkflowId = workflowInfo().workflowId;
  await CancellationScope.nonCancellable(async () => {
    try {
      await startChild(repairWorkflow, {
        workflowId: repairWorkflowId(sourceWorkflowId, request.code),
        args: [{ ...request, sourceWorkflowId }, settings],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (error) {
      if ((error as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
    }
  });
}
