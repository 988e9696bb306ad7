/**
 * Use cases of social-media reaction cases (issue 13, section 3): the list, one case, and the
 * acknowledgement of a reputation-risk alert. Each case's process holds its state (asked by
 * query, changed by update); the list comes from Temporal's visibility.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { SocialCaseErrors, type SocialCaseState } from '../domain/social-case';
import type { User } from '../domain/identity';
import { acknowledgeSocialCaseUpdate, socialCaseStateQuery } from '../workflows/social-reaction.messages';
import { conflict, notFound } from './http-error';

/**
 * A case in the list: what it is and where it stands, without the post's text or author.
 * `reactedAt`: when the team completed its task (absent: the reaction is still owed, so a past
 * `dueAt` means overdue). `stepCount`: how many steps the case has taken, so a page can read the
 * case itself again only when it changed (every read of a case is an audit entry).
 */
export type SocialCaseSummary = Pick<SocialCaseState, 'caseId' | 'network' | 'postId' | 'kind' | 'type' | 'dueAt' | 'status' | 'postedAt' | 'taskId'> & {
  escalation?: { status: string; level: number };
  reactedAt?: string;
  stepCount: number;
};

export class SocialCaseUseCases {
  constructor(private readonly deps: { temporal: Client }) {}

  /** The newest cases first, at most `limit`; `open`: those still running. */
  async list(query: { open?: boolean; limit: number }): Promise<SocialCaseSummary[]> {
    const filter = `WorkflowType = 'socialReactionWorkflow'${query.open ? " AND ExecutionStatus = 'Running'" : ''}`;
    const ids: string[] = [];
    for await (const execution of this.deps.temporal.workflow.list({ query: filter, pageSize: query.limit })) {
      if (!ids.includes(execution.workflowId)) ids.push(execution.workflowId);
      if (ids.length >= query.limit) break;
    }
    const states = await Promise.all(ids.map((id) => this.get(id).catch(() => undefined)));
    return states
      .filter((state): state is SocialCaseState => state !== undefined)
      .map((state) => {
        // The team's completion is the case's `classified` step (the workflow records it then).
        const reactedAt = state.steps.find((step) => step.step === 'classified')?.at;
        return {
          caseId: state.caseId,
          network: state.network,
          postId: state.postId,
          kind: state.kind,
          type: state.type,
          dueAt: state.dueAt,
          status: state.status,
          postedAt: state.postedAt,
          ...(state.taskId ? { taskId: state.taskId } : {}),
          ...(state.escalation ? { escalation: { status: state.escalation.status, level: state.escalation.alerts.length } } : {}),
          ...(reactedAt ? { reactedAt } : {}),
          stepCount: state.steps.length,
        };
      });
  }

  /** @throws {HttpError} 404 unknown. */
  async get(caseId: string): Promise<SocialCaseState> {
    try {
      return await this.deps.temporal.workflow.getHandle(caseId).query(socialCaseStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(`no social-media case ${caseId}`);
      throw error;
    }
  }

  /** @throws {HttpError} 404 unknown; 409 without an escalation, or closed. */
  async acknowledge(user: User, caseId: string): Promise<SocialCaseState> {
    const state = await this.get(caseId);
    if (state.status === 'done' || state.status === 'cancelled') throw conflict(`${SocialCaseErrors.Closed}: the case is ${state.status}`);
    try {
      return await this.deps.temporal.workflow.getHandle(caseId).executeUpdate(acknowledgeSocialCaseUpdate, { args: [{ by: user.id }] });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw conflict(`${SocialCaseErrors.Closed}: the case is closed`);
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        const type = error.cause.type;
        if (type === SocialCaseErrors.NotEscalating || type === SocialCaseErrors.Closed) throw conflict(`${type}: ${error.cause.message}`);
      }
      throw error;
    }
  }
}
