/**
 * Campaign runs from outside their workflows: the API launches a run; the run's activities start,
 * release and cancel the contact processes (through the `CampaignContacts` port, wired in
 * workers/). Every start is idempotent by its id; a signal to a contact process that has ended
 * meanwhile is a no-op. Not part of the workflow bundle.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
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

/** A signal to a process that has ended (its contact is over) changes nothing: false then. */
async function signalIfRunning(send: () => Promise<void>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    return false;
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

/** The `CampaignContacts` port on a Temporal client. */
export function campaignContactsOn(temporal: Client, taskQueue: string, pseudonymOf: PseudonymOf): CampaignContacts {
  const idOf = (runId: string, customerId: string) => campaignContactWorkflowId(runId, pseudonymOf(customerId));
  return {
    start: (start: CampaignContactStart) =>
      startOnce(() =>
        temporal.workflow.start(campaignContactWorkflow, {
          workflowId: idOf(start.runId, start.customerId),
          taskQueue,
          args: [start],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      ),
    release: async (runId, customerId) => {
      await signalIfRunning(() => temporal.workflow.getHandle(idOf(runId, customerId)).signal(releaseCampaignCallSignal));
    },
    cancel: (runId, customerId, reason) => signalIfRunning(() => temporal.workflow.getHandle(idOf(runId, customerId)).signal(cancelCampaignContactSignal, { reason })),
  };
}
