/**
 * Starting or extending a block from outside the workflow (the API, and activities such as a
 * callback's "not interested"): update-with-start on `contact-block:{pseudonym}:{topic}`.
 * Not part of the workflow bundle.
 */
import { WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ContactBlockErrors, contactBlockWorkflowId, type BlockRequest, type BlockResult } from '../domain/contact-block';
import type { PseudonymOf } from '../domain/pseudonym';
import { blockUpdate } from './contact-block.messages';
import { contactBlockWorkflow } from './contact-block.workflow';

export async function startOrExtendBlock(
  temporal: Client,
  taskQueue: string,
  target: { customerId: string; topic: string },
  request: BlockRequest,
  pseudonymOf: PseudonymOf,
): Promise<BlockResult> {
  const workflowId = contactBlockWorkflowId(pseudonymOf(target.customerId), target.topic);
  // A block that just lifted itself is closing; its successor starts once it has closed.
  for (let attempt = 0; ; attempt++) {
    try {
      return await temporal.workflow.executeUpdateWithStart(blockUpdate, {
        args: [request],
        startWorkflowOperation: new WithStartWorkflowOperation(contactBlockWorkflow, {
          workflowId,
          taskQueue,
          args: [{ customerId: target.customerId, topic: target.topic, request }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
    } catch (error) {
      if (attempt < 5 && isFailureOfType(error, ContactBlockErrors.NotActive)) {
        await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
        continue;
      }
      throw error;
    }
  }
}

/** True for an update failure caused by an ApplicationFailure of `type`. */
export function isFailureOfType(error: unknown, type: string): boolean {
  return error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === type;
}
