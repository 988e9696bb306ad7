/**
 * Campaign runs from outside their workflows: the API launches a run; the run's activities start,
 * release and cancel the contact processes (through the `CampaignContacts` port, wired in
 * workers/). Every start is idempotent by its id; a signal to a contact process that has ended
 * meanwhile is a no-op. Not part of the workflow bundle.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { CampaignContacts, CampaignContactStart } from '../activities/ports';
import { campaignContactWorkflowId, campaignRunWorkflowId } from '../domain/campaign-run';
import type { PseudonymOf } from '../domain/pseudonym';
import { campaignContactWorkflow } from './campaign-contact.workflow';
import { cancelCampaignContactSignal, releaseCampaignCallSignal } from './campaign-run.messages';
import { campaignRunWorkflow, type CampaignRunInput } from './campaign-run.workflow';

/** Starts `workflow` unless a process with the id exists or existed (that one stands). */
async function startOnce(start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** Launches the run's process (once per run id: launching again reaches the same one). */
export async function launchCampaignRun(temporal: Client, taskQueue: string, input: CampaignRunInput): Promise<string> {
  const workflowId = campaignRunWorkflowId(input.contact.runId);
  await startOnce(() =>
    temporal.workflow.start(campaignRunWorkflow, { workflowId, taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'REJECT_DUPLICATE' }),
  );
  return workflowId;
}

/**
 * How long a selected customer's process waits, created but not running, for its release: longer
 * than any run lasts (a release or a cancel starts it earlier).
 */
export const CONTACT_HELD_BACK = '400 days';

/** The `CampaignContacts` port on a Temporal client. */
export function campaignContactsOn(temporal: Client, taskQueue: string, pseudonymOf: PseudonymOf): CampaignContacts {
  const options = (start: CampaignContactStart) => ({
    workflowId: campaignContactWorkflowId(start.runId, pseudonymOf(start.customerId)),
    taskQueue,
    args: [start] as [CampaignContactStart],
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
  });
  /** Signal-with-start: the only signal that ends a start delay. False when the process has ended. */
  const wake = async (start: CampaignContactStart, send: (o: ReturnType<typeof options>) => Promise<unknown>): Promise<boolean> => {
    try {
      await send(options(start));
      return true;
    } catch (error) {
      // The id is closed (the contact has ended) and is never reused: nothing to tell.
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  };
  return {
    start: (start) =>
      startOnce(() => temporal.workflow.start(campaignContactWorkflow, { ...options(start), workflowIdConflictPolicy: 'USE_EXISTING', startDelay: CONTACT_HELD_BACK })),
    release: (start) => wake(start, (o) => temporal.workflow.signalWithStart(campaignContactWorkflow, { ...o, signal: releaseCampaignCallSignal, signalArgs: [] })),
    cancel: (start, reason) => wake(start, (o) => temporal.workflow.signalWithStart(campaignContactWorkflow, { ...o, signal: cancelCampaignContactSignal, signalArgs: [{ reason }] })),
    contactOfRun: async (runId) => (await runInputOf(temporal, runId))?.contact,
  };
}

/**
 * The input the run's latest process (after any continue-as-new) was started with, from its
 * first history event; undefined when Temporal does not know the run (its history is gone).
 */
async function runInputOf(temporal: Client, runId: string): Promise<CampaignRunInput | undefined> {
  try {
    const history = await temporal.workflow.getHandle(campaignRunWorkflowId(runId)).fetchHistory();
    const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    if (payloads.length === 0) return undefined;
    return await decodeFromPayloadsAtIndex<CampaignRunInput>(temporal.options.loadedDataConverter, 0, payloads);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}
