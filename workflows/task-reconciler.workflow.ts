/**
 * The task reconciler: one long-running process per namespace (id `task-reconciler`) that
 * closes the task rows of processes that were terminated (a terminate runs no workflow code, so
 * nothing else would) and opens a repair task for each, and ends the campaign runs whose process
 * was terminated. It runs a pass, sleeps, and continues as new now and then so its history stays
 * short.
 */
import { continueAsNew, patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { createOperationsActivities } from '../activities/operations.activities';
import type { TaskBoardSettings } from '../domain/task';
import { UNTIL_STORED } from './retry-policies';

const { reconcileOrphanedTasks, reconcileOrphanedCampaignRuns, reconcileOrphanedConversations, purgeExpiredTranscripts } = proxyActivities<ReturnType<typeof createOperationsActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: UNTIL_STORED,
});

/** The reconciler's workflow id: one per namespace. */
export const TASK_RECONCILER_ID = 'task-reconciler';
/** Passes per run before continue-as-new. */
const PASSES_PER_RUN = 100;

export async function taskReconcilerWorkflow(input: { intervalMinutes: number; settings: TaskBoardSettings }): Promise<never> {
  for (let pass = 0; pass < PASSES_PER_RUN; pass++) {
    await reconcileOrphanedTasks(input.settings);
    // Added after the reconciler shipped: a run's contacts outlive a terminated run process.
    if (patched('reconcile-campaign-runs')) await reconcileOrphanedCampaignRuns(input.settings);
    // Added with the messenger: a terminated conversation would hold its agent's place.
    if (patched('reconcile-conversations')) await reconcileOrphanedConversations(input.settings);
    // Transcripts are kept for CHAT_TRANSCRIPT_RETENTION_DAYS, then deleted here.
    if (patched('purge-transcripts')) await purgeExpiredTranscripts();
    await sleep(input.intervalMinutes * 60_000);
  }
  return continueAsNew<typeof taskReconcilerWorkflow>(input);
}
