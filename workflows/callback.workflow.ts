/**
 * Callback request to the Direktberatung (DESIGN.md process 2; seed 000, pilot "Up-Selling
 * Kreditkarte"). With a running call, first the announced warm transfer; if nobody takes it,
 * the Direktberatung mailbox gets the callback message and its queue a task due at the
 * customer's preferred time (or after the SLA). Each completed task is an attempt: not reached →
 * another attempt after the spacing, up to the maximum, then the customer is told; reached →
 * the outcome leads on (not interested → re-contact block). Every attempt lands in the contact
 * history.
 */
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createCallbackActivities } from '../activities/callback.activities';
import type { createEmailActivities } from '../activities/email.activities';
import { CallbackErrors, type CallbackInput, type CallbackState } from '../domain/callback';
import type { CallbackAttemptResult, TaskRecord } from '../domain/task';
import { callbackStateQuery, cancelCallbackUpdate } from './callback.messages';
import { TaskBoard, type TaskBoardSettings } from './human-tasks';
import { UNTIL_DELIVERED, UNTIL_STORED } from './retry-policies';

const { recordContact, blockCustomer, informUnreachedCustomer } = proxyActivities<ReturnType<typeof createCallbackActivities>>({
  startToCloseTimeout: '1 minute',
  retry: UNTIL_STORED,
});
const { sendEmail } = proxyActivities<ReturnType<typeof createEmailActivities>>({
  startToCloseTimeout: '1 minute',
  retry: UNTIL_DELIVERED,
});

const MINUTE = 60_000;

export async function callbackWorkflow(input: CallbackInput, tasks: TaskBoardSettings): Promise<CallbackState> {
  const { request, policy } = input;
  const workflowId = workflowInfo().workflowId;
  const state: CallbackState = {
    callbackId: input.callbackId,
    customerId: request.customerId,
    topic: request.topic,
    status: 'waiting',
    attempts: [],
    fingerprint: input.fingerprint,
  };
  let cancelled = false;
  const finished = () => state.status !== 'transferring' && state.status !== 'waiting';

  const board = new TaskBoard(tasks, (task) => describeNext(task));
  setHandler(callbackStateQuery, () => state);
  setHandler(
    cancelCallbackUpdate,
    async (_request) => {
      cancelled = true;
      await board.cancelOpen();
      return { ...state };
    },
    {
      validator: (_request) => {
        if (finished() || cancelled) {
          throw ApplicationFailure.create({ type: CallbackErrors.AlreadyFinished, message: `the callback is ${state.status}`, nonRetryable: true });
        }
      },
    },
  );

  /** What happens after a completed attempt, for the person who completed it. */
  function describeNext(task: TaskRecord): string {
    const result = task.result as CallbackAttemptResult;
    const number = state.attempts.length;
    if (result.reached) {
      if (result.outcome === 'not-interested') return `not interested: re-contact on ${state.topic} is blocked for ${policy.blockMonths} months`;
      return `${result.outcome}: the callback is done`;
    }
    if (number < policy.maxAttempts) return `not reached: attempt ${number + 1} of ${policy.maxAttempts} opens in ${policy.attemptSpacingMinutes} minutes`;
    return 'not reached: that was the last attempt; the customer is told we could not reach them';
  }

  const history = (step: string, outcome: string, agentId?: string) =>
    recordContact({
      id: `${workflowId}/${step}`,
      customerId: request.customerId,
      at: new Date(Date.now()).toISOString(),
      purpose: 'advertising',
      channel: 'phone',
      topic: request.topic,
      outcome,
      campaignId: request.campaignId,
      workflowId,
      agentId,
    });

  // 1. The announced warm transfer, when the customer is still on the line.
  if (request.callId) {
    state.status = 'transferring';
    const transfer = await proxyActivities<ReturnType<typeof createCallbackActivities>>({
      // The CTI holds the request for the transfer's timeout; allow for it, retry only the wire.
      startToCloseTimeout: `${policy.transferTimeoutSeconds + 30} seconds`,
      retry: { ...UNTIL_STORED, maximumAttempts: 3 },
    }).warmTransfer({
      callId: request.callId,
      targetQueue: policy.queue,
      announcement: `Kunde ${request.customerId}, Thema ${request.topic}`,
      timeoutSeconds: policy.transferTimeoutSeconds,
      idempotencyKey: `${workflowId}/transfer`,
    });
    state.transfer = { outcome: transfer.outcome };
    await history('transfer', `transfer-${transfer.outcome}`, input.requestedBy);
    if (transfer.outcome === 'connected') {
      state.status = 'transferred';
      state.outcome = 'transferred';
      return state;
    }
    state.status = 'waiting';
  }

  // 2. Attempts by the Direktberatung.
  const preferred = request.preferredTime;
  for (let number = 1; number <= policy.maxAttempts && !cancelled; number++) {
    const now = Date.now();
    const dueAt = number === 1 && 'to' in preferred ? new Date(Date.parse(preferred.to)) : new Date(now + policy.slaMinutes * MINUTE);
    const followUpAt = policy.reminderMinutesBeforeDue > 0 ? new Date(dueAt.getTime() - policy.reminderMinutesBeforeDue * MINUTE) : undefined;
    const task = await board.open({
      key: `attempt-${number}`,
      type: 'callback-attempt',
      resultVersion: 1,
      queue: policy.queue,
      priority: number === 1 ? 2 : 1,
      dueAt,
      followUpAt: followUpAt && followUpAt.getTime() > now ? followUpAt : undefined,
      title: `Rückruf ${request.customerId} – ${request.topic} (Versuch ${number} von ${policy.maxAttempts})`,
      context: {
        customerId: request.customerId,
        topic: request.topic,
        preferredTime: 'asap' in preferred ? 'so bald wie möglich' : `${preferred.from} – ${preferred.to}`,
        note: request.note ?? null,
        attempt: number,
        callbackId: input.callbackId,
      },
    });
    state.attempts.push({ number, taskId: task.id, dueAt: task.dueAt });
    state.openTaskId = task.id;
    if (number === 1) {
      await sendEmail({
        to: policy.mailbox,
        subject: `Rückrufbitte: Kunde ${request.customerId}, Thema ${request.topic}`,
        text: [
          'Bitte rufen Sie den Kunden zurück.',
          `Kunde: ${request.customerId}`,
          `Thema: ${request.topic}`,
          `Wunschzeit: ${'asap' in preferred ? 'so bald wie möglich' : `${preferred.from} – ${preferred.to}`}`,
          `Fällig: ${task.dueAt}`,
          ...(request.note ? [`Notiz des Agenten: ${request.note}`] : []),
          '',
          `Aufgabe: ${tasks.appBaseUrl}/api/v1/tasks/${task.id}`,
        ].join('\n'),
        idempotencyKey: `${workflowId}/callback-email`,
      });
    }

    const closed = await board.closed(task.id);
    state.openTaskId = undefined;
    if (closed.status === 'cancelled') break;
    const result = closed.result as CallbackAttemptResult;
    const attempt = state.attempts[state.attempts.length - 1]!;
    Object.assign(attempt, { reached: result.reached, outcome: result.reached ? result.outcome : undefined, completedBy: closed.completedBy, completedAt: closed.completedAt });
    await history(`attempt-${number}`, result.reached ? `callback-reached-${result.outcome}` : 'callback-not-reached', closed.completedBy);

    if (result.reached) {
      if (result.outcome === 'not-interested') {
        await blockCustomer(
          { customerId: request.customerId, topic: request.topic },
          { requestId: `${workflowId}/block`, months: policy.blockMonths, reason: `Rückruf: kein Interesse${result.note ? ` (${result.note})` : ''}`, requestedBy: closed.completedBy },
        );
      }
      // Done only once every effect of the outcome has happened.
      state.status = 'done';
      state.outcome = result.outcome;
      break;
    }
    if (number < policy.maxAttempts) {
      await condition(() => cancelled, policy.attemptSpacingMinutes * MINUTE);
    } else {
      await informUnreachedCustomer({ customerId: request.customerId, topic: request.topic, idempotencyKey: `${workflowId}/unreached` });
      state.status = 'unreached';
      state.outcome = 'unreached';
    }
  }
  if (cancelled) {
    state.status = 'cancelled';
    state.outcome = 'cancelled';
  }
  await board.settled();
  await condition(allHandlersFinished);
  return state;
}
