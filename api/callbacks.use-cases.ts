/**
 * Use cases of the callback request: start (idempotent per agent and Idempotency-Key), read the
 * state, cancel.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { callbackWorkflowId, type CallbackPolicy, type CallbackRequest, type CallbackState } from '../domain/callback';
import type { TaskBoardSettings } from '../workflows/human-tasks';
import { callbackStateQuery, cancelCallbackUpdate } from '../workflows/callback.messages';
import { callbackWorkflow } from '../workflows/callback.workflow';
import { HttpError, notFound } from './http-error';

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
   * Starts the callback process once per agent and Idempotency-Key: the same key with the same
   * body answers the same; with another body it is refused (422).
   */
  async start(request: CallbackRequest, requestedBy: string, idempotencyKey: string): Promise<CallbackStarted> {
    const callbackId = callbackIdFor(requestedBy, idempotencyKey);
    const workflowId = callbackWorkflowId(callbackId);
    const fingerprint = fingerprintOf(request);
    const handle = await this.deps.temporal.workflow.start(callbackWorkflow, {
      workflowId,
      taskQueue: this.deps.taskQueue,
      args: [{ callbackId, request, requestedBy, fingerprint, policy: this.deps.policy }, this.deps.tasks],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const state = await handle.query(callbackStateQuery);
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

  async cancel(callbackId: string, by: string, reason?: string): Promise<Omit<CallbackState, 'fingerprint'>> {
    try {
      const { fingerprint: _fingerprint, ...state } = await this.deps.temporal.workflow
        .getHandle(callbackWorkflowId(callbackId))
        .executeUpdate(cancelCallbackUpdate, { args: [{ by, reason }] });
      return state;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(`no callback ${callbackId}`);
      throw error;
    }
  }
}

/** A callback id derived from who asked and their Idempotency-Key (same key → same process). */
function callbackIdFor(userId: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${userId}\n${idempotencyKey}`).digest('hex').slice(0, 24);
}

/** Fingerprint of a request body, independent of key order. */
function fingerprintOf(request: CallbackRequest): string {
  const canonical = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
      : value;
  return createHash('sha256').update(JSON.stringify(canonical(request))).digest('hex');
}

