/**
 * Social-media reaction cases from outside their workflows: the webhook starts one case per
 * post (idempotently: the same post again reaches the same case, running or closed). Not part of
 * the workflow bundle.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { socialCaseId, type SocialCaseSettings, type SocialPost } from '../domain/social-case';
import type { TaskBoardSettings } from '../domain/task';
import { socialReactionWorkflow } from './social-reaction.workflow';

/** Starts the case of `post` unless it exists (running or closed); answers its id. */
export async function startSocialCase(
  temporal: Client,
  taskQueue: string,
  start: { post: SocialPost; receivedAt: Date; settings: SocialCaseSettings; tasks: TaskBoardSettings },
): Promise<{ caseId: string }> {
  const caseId = socialCaseId(start.post.network, start.post.postId);
  try {
    await temporal.workflow.start(socialReactionWorkflow, {
      workflowId: caseId,
      taskQueue,
      args: [{ post: start.post, receivedAt: start.receivedAt.toISOString(), settings: start.settings }, start.tasks],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return { caseId };
  } catch (error) {
    // Closed already: one case per post, for good.
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { caseId };
    throw error;
  }
}
