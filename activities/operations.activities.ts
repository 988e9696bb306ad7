/**
 * Activities for operations: alert lines, and the reconciler that closes task rows of processes
 * that can no longer close them (a terminate runs no workflow code) and opens a repair task, and
 * ends the campaign runs whose process is gone.
 */
import { campaignRunWorkflowId } from '../domain/campaign-run';
import { RepairCodes, type Alert } from '../domain/repair';
import type { TaskBoardSettings } from '../domain/task';
import type { Alerts, CampaignContacts, CampaignRunStore, ChatRouterPort, ChatTranscriptStore, ProcessDirectory, RepairStarter, TaskStore } from './ports';

export interface OperationsActivityDeps {
  alerts: Alerts;
  tasks: TaskStore;
  processes: ProcessDirectory;
  repairs: RepairStarter;
  /**
   * A campaign contact gone with its call task open: its place in the run ends, so the run's
   * pacing and end do not wait for it. A run whose process is gone: its contacts are cancelled.
   */
  campaignRuns: Pick<CampaignRunStore, 'endUnlessEnded' | 'openRuns' | 'updateRun' | 'notEnded'>;
  campaignContacts: Pick<CampaignContacts, 'cancel' | 'contactOfRun'>;
  /** A conversation whose process ended unclosed: the router frees its place. */
  chatRouter: Pick<ChatRouterPort, 'held' | 'release'>;
  /** Transcripts past their retention are deleted. */
  transcripts: Pick<ChatTranscriptStore, 'deleteExpired'>;
}

/**
 * The cancel reason the reconciler gives a run whose process is gone (a prefix: the process's
 * close status follows). It also marks the run as taken over, so the alert is raised once.
 */
export const RUN_PROCESS_GONE_REASON = 'Prozess des Laufs beendet';

/** How many workflows one reconciler pass looks at (the rest waits for the next pass). */
const PASS_SIZE = 500;

export function createOperationsActivities({ alerts, tasks, processes, repairs, campaignRuns, campaignContacts, chatRouter, transcripts }: OperationsActivityDeps) {
  return {
    /** Deletes the conversations' transcripts whose retention has ended; returns how many. */
    async purgeExpiredTranscripts(): Promise<{ deleted: number }> {
      return { deleted: await transcripts.deleteExpired(new Date()) };
    },

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

    /**
     * One pass over the campaign runs that have not ended: a run whose process is closed or gone
     * (an operator's terminate, a timeout) would leave its waiting customers held back for good
     * and its progress page "running". The run is marked cancelled with the reason, an alert and a
     * repair task go out (once), and its contacts are told to end, as the run's own cancel does
     * (each ends its place in the run; a held-back one wakes only to end). The run ends once
     * none is left; until then every pass tells the rest again (a signal is idempotent).
     */
    async reconcileOrphanedCampaignRuns(settings: TaskBoardSettings): Promise<{ checked: number; orphaned: string[]; ended: string[] }> {
      const orphaned: string[] = [];
      const ended: string[] = [];
      const runs = await campaignRuns.openRuns();
      for (const run of runs) {
        const workflowId = campaignRunWorkflowId(run.runId);
        const status = await processes.status(workflowId);
        if (status === 'running') continue;
        orphaned.push(run.runId);
        const reason = run.cancelReason?.startsWith(RUN_PROCESS_GONE_REASON) ? run.cancelReason : `${RUN_PROCESS_GONE_REASON} (${status})`;
        if (reason !== run.cancelReason) {
          await campaignRuns.updateRun(run.runId, { status: 'cancelled', cancelReason: reason });
          alerts.raise({ code: RepairCodes.CampaignRunProcessGone, workflowId, message: `campaign run process ${status} before the run ended; its contacts are being cancelled` });
          await repairs.start(
            {
              code: RepairCodes.CampaignRunProcessGone,
              problem: `Der Prozess des Kampagnenlaufs ${run.runId} endete (${status}), bevor der Lauf zu Ende war. Die noch wartenden Kontakte werden beendet; bitte prüfen, ob die Kampagne neu gestartet werden soll.`,
              sourceWorkflowId: workflowId,
            },
            settings,
          );
        }
        const contact = await campaignContacts.contactOfRun(run.runId);
        let remaining = 0;
        let after: string | undefined;
        do {
          const customers = await campaignRuns.notEnded(run.runId, CANCEL_BATCH, after);
          remaining += customers.length;
          if (contact) {
            for (const customerId of customers) {
              // False: the contact's process has ended without ending its place (it was terminated).
              if (!(await campaignContacts.cancel({ ...contact, customerId }, reason))) {
                await campaignRuns.endUnlessEnded(run.runId, customerId, { result: 'cancelled', reason: 'process-gone' }, new Date());
                remaining -= 1;
              }
            }
          }
          after = customers.length === CANCEL_BATCH ? customers.at(-1) : undefined;
        } while (after !== undefined);
        if (remaining === 0) {
          await campaignRuns.updateRun(run.runId, { endedAt: new Date().toISOString() });
          ended.push(run.runId);
        }
      }
      return { checked: runs.length, orphaned, ended };
    },

    /**
     * One pass over the conversations the chat router counts: one whose process is closed (an
     * operator's terminate, a failure) would hold its agent's place for good and stay in their
     * list. The router frees the place; an alert and a repair task go out, since the customer may
     * still wait for an answer. (A conversation closed by its agent or by idleness releases itself.)
     */
    async reconcileOrphanedConversations(settings: TaskBoardSettings): Promise<{ checked: number; released: string[] }> {
      const released: string[] = [];
      const held = await chatRouter.held();
      for (const conversationId of held) {
        const status = await processes.status(conversationId);
        if (status === 'running') continue;
        await chatRouter.release(conversationId);
        released.push(conversationId);
        alerts.raise({ code: RepairCodes.ConversationProcessGone, workflowId: conversationId, message: `conversation process ${status} without being closed; its agent's place was freed` });
        await repairs.start(
          {
            code: RepairCodes.ConversationProcessGone,
            problem: `Das Gespräch ${conversationId} endete (${status}), ohne abgeschlossen zu werden. Der Platz des Agenten wurde freigegeben; bitte prüfen, ob der Kunde noch eine Antwort erwartet.`,
            sourceWorkflowId: conversationId,
          },
          settings,
        );
      }
      return { checked: held.length, released };
    },
  };
}

/** Contacts told to end per read of the run's targets. */
const CANCEL_BATCH = 200;
