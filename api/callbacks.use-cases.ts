/**
 * Use cases of the callback request: start (idempotent per agent and Idempotency-Key), read the
 * state, cancel.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { callbackWorkflowId, preferredTimeProblems, type CallbackPolicy, type CallbackRequest, type CallbackState } from '../domain/callback';
import type { TaskBoardSettings } from '../domain/task';
import { callbackStateQuery, cancelCallbackUpdate } from '../workflows/callback.messages';
import { callbackWorkflow } from '../workflows/callback.workflow';
import { HttpError, notFound } from './http-error';
import { fingerprintOf, scopedKey } from './idempotency';

export interface CallbackUseCaseDeps {
  temporal: Client;
  taskQueue: string;
  policy: CallbackPolicy;
  tasks: TaskBoardSettings;
}

/** What starting a callback answers (identical for a repeated request). */
export interface CallbackStarted {
  callbackId: string;
  workflowId: string;
  customerId: string;
  topic: string;
}

export class CallbackUseCases {
  constructor(private readonly deps: CallbackUseCaseDeps) {}

  /**
   * Starts the callback process once per agent and Idempotency-Key (api/idempotency.ts stores
   * the answer; this is the guard beneath it for a request that crashed before its answer was
   * stored): the same key reaches the same process, running or closed, and never starts a
   * second one whose task and email keys would collide with the first; with another body it is
   * refused (422).
   */
  async start(request: CallbackRequest, requestedBy: string, idempotencyKey: string): Promise<CallbackStarted> {
    const problems = preferredTimeProblems(request.preferredTime, new Date());
    if (problems.length > 0) throw new HttpError(400, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    const callbackId = scopedKey(requestedBy, idempotencyKey);
    const workflowId = callbackWorkflowId(callbackId);
    const fingerprint = fingerprintOf(request);
    try {
      await this.deps.temporal.workflow.start(callbackWorkflow, {
        workflowId,
        taskQueue: this.deps.taskQueue,
        args: [{ callbackId, request, requestedBy, fingerprint, policy: this.deps.policy }, this.deps.tasks],
        // Started now: it carries this request's fingerprint, so the answer needs nothing more.
        // (A query here waits for the process's first workflow task, a round trip through the
        // worker on every start; measured in bench/engine-ceiling.ts.)
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return { callbackId, workflowId, customerId: request.customerId, topic: request.topic };
    } catch (error) {
      // Running or closed already (a retry whose first answer was not stored): its state
      // answers the query below, and tells whether this is the same request.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    const state = await this.deps.temporal.workflow.getHandle(workflowId).query(callbackStateQuery);
    if (state.fingerprint !== fingerprint) {
      throw new HttpError(422, 'Idempotency-Key: was used before with a different request', [
        { field: 'Idempotency-Key', message: 'was used before with a different request' },
      ]);
    }
    return { callbackId, workflowId, customerId: request.customerId, topic: request.topic };
  }

  async state(callbackId: string): Promise<Omit<CallbackState, 'fingerprint'>> {
    try {
      // The fingerprint is the process's own bookkeeping, not part of the answer.
      const { fingerprint: _fingerprint, ...state } = await this.deps.temporal.workflow.getHandle(callbackWorkflowId(callbackId)).query(callbackStateQuery);
      return state;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(`no callback ${callbackId}`);
      throw error;
    }
  }

  /**
   * Cancels the callback. Only the agent who asked for it cancels it, or a supervisor
   * (`supervisor`); a callback started before callbacks knew their requester: anyone the route
   * admits.
   */
  async cancel(callbackId: string, by: string, reason?: string, { supervisor = false }: { supervisor?: boolean } = {}): Promise<Omit<CallbackState, 'fingerprint'>> {
    const { requestedBy, status } = await this.state(callbackId);
    if (requestedBy !== undefined && requestedBy !== by && !supervisor) {
      throw new HttpError(403, 'only the agent who asked for this callback, or a supervisor, cancels it');
    }
    try {
      const { fingerprint: _fingerprint, ...state } = await this.deps.temporal.workflow
        .getHandle(callbackWorkflowId(callbackId))
        .executeUpdate(cancelCallbackUpdate, { args: [{ by, reason }] });
      return state;
    } catch (error) {
      // The query above found it: a process that has closed since (e.g. a warm transfer that
      // succeeded) answers the update as "not found". For the caller it is finished, not missing.
      if (error instanceof WorkflowNotFoundError) throw new HttpError(409, `the callback has already finished (${status})`);
      throw error;
    }
  }
}

