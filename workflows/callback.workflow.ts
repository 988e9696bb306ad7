/**
 * Callback request to the Direktberatung (DESIGN.md process 2; seed 000, pilot "Up-Selling
 * Kreditkarte"). With a running call, first the announced warm transfer; if nobody takes it,
 * the Direktberatung mailbox gets the callback message and its queue a task due at the
 * customer's preferred time (or after the SLA). Each completed task is an attempt: not reached →
 * another attempt after the spacing, up to the maximum, then the customer is told; reached →
 * the outcome leads on (not interested → re-contact block). Every attempt lands in the contact
 * history.
 */
import { ApplicationFailure, allHandlersFinished, condition, isCancellation, log, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createCallbackActivities } from '../activities/callback.activities';
import type { createEmailActivities } from '../activities/email.activities';
import { attemptDueAt, CallbackErrors, DIREKTBERATUNG_HOURS, type CallbackInput, type CallbackState } from '../domain/callback';
import { ActivityFailureTypes, failureTypeOf } from '../domain/failures';
import type { FederalState } from '../domain/german-holidays';
import { RepairCodes, type RepairCode } from '../domain/repair';
import type { CallbackAttemptResult, TaskBoardSettings, TaskRecord } from '../domain/task';
import { callbackStateQuery, cancelCallbackUpdate } from './callback.messages';
import { TaskBoard, taskLink } from './human-tasks';
import type { NextDescription, NextStep } from './human-tasks.messages';
import { openRepair } from './repair.workflow';
import { DELIVER_WITHIN, STORE_WITHIN, UNTIL_DELIVERED, UNTIL_STORED } from './retry-policies';

const { recordContact, blockCustomer, informUnreachedCustomer, loadCallbackSituation } = proxyActivities<ReturnType<typeof createCallbackActivities>>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});
const { sendEmail } = proxyActivities<ReturnType<typeof createEmailActivities>>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: DELIVER_WITHIN,
  retry: UNTIL_DELIVERED,
});

/** Failures that retrying cannot fix and that leave a message undelivered. */
const isRejected = (error: unknown) => {
  const type = failureTypeOf(error);
  return type === ActivityFailureTypes.EmailRejected || type === ActivityFailureTypes.CoreBankingRejected;
};

const MINUTE = 60_000;

export async function callbackWorkflow(input: CallbackInput, tasks: TaskBoardSettings): Promise<CallbackState> {
  const { request, policy } = input;
  const workflowId = workflowInfo().workflowId;
  /**
   * Callbacks started from here on: a failed transfer falls back to the task, rejected emails
   * and a failed process open repair tasks, attempts follow the business calendar and stop on a
   * later block or withdrawal. Earlier callbacks replay exactly as they ran.
   */
  const v2 = patched('callback-failure-paths-and-calendar');
  const requestedAt = workflowInfo().startTime;
  const state: CallbackState = {
    callbackId: input.callbackId,
    customerId: request.customerId,
    topic: request.topic,
    requestedBy: input.requestedBy,
    status: 'waiting',
    attempts: [],
    fingerprint: input.fingerprint,
  };
  let cancelled = false;
  // Set once an attempt's result is being carried out (a block, the customer's email): from then
  // on a cancel is refused, so it can never rewrite an outcome whose effects have happened.
  let concluding = false;
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
        const open = state.openTaskId ? board.get(state.openTaskId) : undefined;
        if (concluding || open?.status === 'completed') {
          throw ApplicationFailure.create({ type: CallbackErrors.AlreadyFinished, message: 'the callback is concluding: an attempt was completed and its outcome is being carried out', nonRetryable: true });
        }
      },
    },
  );

  /** What happens after a completed attempt, for the person who completed it. */
  function describeNext(task: TaskRecord): NextDescription {
    const result = task.result as CallbackAttemptResult;
    const number = state.attempts.length;
    let next: string;
    let step: NextStep;
    if (result.reached && result.outcome === 'not-interested') {
      next = `not interested: re-contact on ${state.topic} is blocked for ${policy.blockMonths} months`;
      step = { kind: 'blocked', topic: state.topic, months: policy.blockMonths };
    } else if (result.reached) {
      next = `${result.outcome}: the callback is done`;
      step = { kind: 'done', outcome: result.outcome };
    } else if (number < policy.maxAttempts) {
      next = `not reached: attempt ${number + 1} of ${policy.maxAttempts} opens in ${policy.attemptSpacingMinutes} minutes`;
      step = { kind: 'next-attempt', attempt: number + 1, of: policy.maxAttempts, inMinutes: policy.attemptSpacingMinutes };
    } else {
      next = 'not reached: that was the last attempt; the customer is told we could not reach them';
      step = { kind: 'customer-told' };
    }
    // Completions answered before the step existed replay with the sentence alone.
    return patched('completion-answers-next-step') ? { next, step } : next;
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

  /** Opens a repair task for operations; the process goes on (or fails) as it would. */
  const repair = (code: RepairCode, problem: string) =>
    openRepair({ code, problem, customerId: request.customerId }, tasks);

  async function run(): Promise<void> {
    // 1. The announced warm transfer, when the customer is still on the line.
    if (request.callId) {
      state.status = 'transferring';
      try {
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
      } catch (error) {
        // The customer asked to be called: a CTI that is down or slow only means no transfer.
        if (!v2 || isCancellation(error)) throw error;
        log.warn('warm transfer failed; the callback task opens instead', { code: 'CALLBACK_TRANSFER_FAILED', workflowId });
        state.transfer = { outcome: 'failed' };
      }
      await history('transfer', `transfer-${state.transfer.outcome}`, input.requestedBy);
      if (state.transfer.outcome === 'connected') {
        state.status = 'transferred';
        state.outcome = 'transferred';
        return;
      }
      state.status = 'waiting';
    }

    // 2. Attempts by the Direktberatung.
    const preferred = request.preferredTime;
    const hours = policy.workingHours ?? DIREKTBERATUNG_HOURS;
    for (let number = 1; number <= policy.maxAttempts && !cancelled; number++) {
      let federalState: FederalState | undefined;
      if (v2) {
        // The customer's window opens later: the task waits for it.
        if (number === 1 && 'from' in preferred && Date.parse(preferred.from) > Date.now()) {
          await condition(() => cancelled, Date.parse(preferred.from) - Date.now());
          if (cancelled) break;
        }
        // Decided when the attempt opens, not when the callback was asked for.
        const situation = await loadCallbackSituation({ customerId: request.customerId, topic: request.topic, since: requestedAt.toISOString(), at: new Date(Date.now()).toISOString() });
        if (situation.stop) {
          state.status = 'stopped';
          state.outcome = 'stopped';
          state.stopReason = situation.stop.reason;
          await history(`stopped-${number}`, `callback-stopped-${situation.stop.code}`);
          return;
        }
        federalState = situation.federalState;
      }
      const now = Date.now();
      const dueAt = v2
        ? attemptDueAt({ number, preferred, now: new Date(now), slaMinutes: policy.slaMinutes, hours, federalState })
        : number === 1 && 'to' in preferred
          ? new Date(Date.parse(preferred.to))
          : new Date(now + policy.slaMinutes * MINUTE);
      const followUpAt = policy.reminderMinutesBeforeDue > 0 ? new Date(dueAt.getTime() - policy.reminderMinutesBeforeDue * MINUTE) : undefined;
      // A cancel that came while the situation was loading: no task is opened for it.
      if (cancelled) break;
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
        try {
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
              `Aufgabe: ${taskLink(tasks, task.id)}`,
            ].join('\n'),
            idempotencyKey: `${workflowId}/callback-email`,
          });
        } catch (error) {
          // The task is in the inbox all the same; operations fix the mailbox.
          if (!v2 || !isRejected(error)) throw error;
          await repair(RepairCodes.CallbackMailboxRejected, 'Die Rückrufbitte an das Postfach der Direktberatung wurde abgewiesen; die Aufgabe liegt im Eingang. Bitte das Postfach prüfen.');
        }
      }

      const closed = await board.closed(task.id);
      state.openTaskId = undefined;
      if (closed.status === 'cancelled') break;
      const result = closed.result as CallbackAttemptResult;
      if (result.reached || number >= policy.maxAttempts) concluding = true;
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
        try {
          await informUnreachedCustomer({ customerId: request.customerId, topic: request.topic, idempotencyKey: `${workflowId}/unreached` });
          if (v2) state.customerTold = true;
        } catch (error) {
          if (!v2 || !isRejected(error)) throw error;
          state.customerTold = false;
          await repair(RepairCodes.CustomerEmailRejected, 'Der Kunde wurde nach drei Versuchen nicht erreicht; die Nachricht an ihn wurde abgewiesen. Bitte den Kunden auf anderem Weg informieren.');
        }
        state.status = 'unreached';
        state.outcome = 'unreached';
      }
    }
  }

  try {
    await board.closingTasksOnFailure(run);
  } catch (error) {
    if (v2 && !isCancellation(error)) {
      await repair(RepairCodes.CallbackFailed, 'Der Rückrufprozess ist fehlgeschlagen; der Kunde wartet womöglich auf den Rückruf. Bitte den Fall prüfen und den Kunden zurückrufen.');
    }
    throw error;
  }
  // A cancel that came in time ends the process; it never rewrites an outcome already reached.
  if (cancelled && state.outcome === undefined) {
    state.status = 'cancelled';
    state.outcome = 'cancelled';
  }
  await board.settled();
  await condition(allHandlersFinished);
  return state;
}
