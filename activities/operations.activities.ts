/**
 * Activities for operations: alert lines, and the reconciler that closes task rows of processes
 * that can no longer close them (a terminate runs no workflow code) and opens a repair task.
 */
import { RepairCodes, type Alert } from '../domain/repair';
import type { TaskBoardSettings } from '../domain/task';
import type { Alerts, CampaignRunStore, ProcessDirectory, RepairStarter, TaskStore } from './ports';

export interface OperationsActivityDeps {
  alerts: Alerts;
  tasks: TaskStore;
  processes: ProcessDirectory;
  repairs: RepairStarter;
  /** A campaign contact gone with its call task open: its place in the run ends, so the run's pacing and end do not wait for it. */
  campaignRuns: Pick<CampaignRunStore, 'endUnlessEnded'>;
}

/** How many workflows one reconciler pass looks at (the rest waits for the next pass). */
const PASS_SIZE = 500;

export function createOperationsActivities({ alerts, tasks, processes, repairs, campaignRuns }: OperationsActivityDeps) {
  return {
    /** Writes an alert line with its stable code. */
    async raiseAlert(alert: Alert): Promise<void> {
      alerts.raise(alert);
    },

    /**
     * One pass over the workflows with open tasks: those whose workflow is closed or gone get
     * their tasks closed, an alert, and a repair task for operations. Returns what it did.
     */
    async reconcileOrphanedTasks(settings: TaskBoardSettings): Promise<{ checked: number; orphaned: string[] }> {
      const orphaned: string[] = [];
      let checked = 0;
      let after: string | undefined;
      for (;;) {
        const ids = await tasks.workflowsWithActiveTasks(PASS_SIZE, after);
        for (const workflowId of ids) {
          checked += 1;
          const status = await processes.status(workflowId);
          if (status === 'running') continue;
          const closedTasks = await tasks.closeActiveOf(workflowId);
          const closed = closedTasks.length;
          if (closed === 0) continue;
          for (const task of closedTasks) {
            const { runId, customerId } = task.context;
            if (task.type === 'campaign-call' && typeof runId === 'string' && typeof customerId === 'string') {
              await campaignRuns.endUnlessEnded(runId, customerId, { result: 'cancelled', reason: 'process-gone' }, new Date());
            }
          }
          orphaned.push(workflowId);
          alerts.raise({ code: RepairCodes.ProcessClosedWithOpenTasks, workflowId, message: `process ${status} with ${closed} open task(s); the tasks were closed` });
          await repairs.start(
            {
              code: RepairCodes.ProcessClosedWithOpenTasks,
              problem: `Der Prozess endete (${status}), während ${closed} Aufgabe(n) offen waren. Die Aufgaben wurden geschlossen; bitte prüfen, ob der Kunde noch etwas erwartet.`,
              sourceWorkflowId: workflowId,
            },
            settings,
          );
        }
        if (ids.length < PASS_SIZE || checked >= PASS_SIZE * 10) break;
        after = ids[ids.length - 1];
      }
      return { checked, orphaned };
    },
  };
}
