/**
 * The after-sales care call (DESIGN.md process 4; issue 10, section 3): one process per sale.
 * It waits the configured time after the sale, then decides with the contact policy (purpose
 * `care`) at that moment and again when each attempt opens, so a block, a withdrawal or an
 * erasure that came meanwhile is honoured at the next step. Allowed by phone: call tasks in the
 * agents' queue, each on another business day at another time of day; reached → the agent's
 * answers lead on (a callback, a task to book an appointment). Phone not allowed, or never
 * reached: an email where email is allowed; otherwise the process ends `not-contactable` with its
 * reason. Every decision and its reasons land in the contact history.
 */
import { ApplicationFailure, ParentClosePolicy, TemporalFailure, allHandlersFinished, condition, isCancellation, patched, proxyActivities, setHandler, sleep, startChild, workflowInfo } from '@temporalio/workflow';
import type { createCallbackActivities } from '../activities/callback.activities';
import type { createCareCallActivities } from '../activities/care-call.activities';
import { addWorkingMinutes } from '../domain/business-calendar';
import { callbackWorkflowId, DIREKTBERATUNG_HOURS } from '../domain/callback';
import { DEFAULT_CALLING_HOURS, toLocalDateTime } from '../domain/calling-hours';
import {
  attemptSlot,
  CARE_PRODUCTS,
  careCallbackId,
  careDelayMinutes,
  decideCareContact,
  type AttemptSlot,
  type CareAppointmentResult,
  type CareCallInput,
  type CareCallResult,
  type CareCallState,
  type CareDecision,
  type CareSituation,
} from '../domain/care-call';
import { ActivityFailureTypes, failureTypeOf } from '../domain/failures';
import { RepairCodes } from '../domain/repair';
import { configuredResultSchemas, type TaskBoardSettings, type TaskRecord } from '../domain/task';
import { callbackWorkflow } from './callback.workflow';
import { careCallStateQuery } from './care-call.messages';
import { TaskBoard } from './human-tasks';
import type { NextDescription, NextStep } from './human-tasks.messages';
import { openRepair } from './repair.workflow';
import { DELIVER_WITHIN, STORE_WITHIN, UNTIL_DELIVERED, UNTIL_STORED } from './retry-policies';

const { loadCareSituation } = proxyActivities<ReturnType<typeof createCareCallActivities>>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});
const { sendCareEmail } = proxyActivities<ReturnType<typeof createCareCallActivities>>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: DELIVER_WITHIN,
  retry: UNTIL_DELIVERED,
});
const { recordContact } = proxyActivities<ReturnType<typeof createCallbackActivities>>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});

const MINUTE = 60_000;
/** A task to book an appointment is due after one working day of the center. */
const APPOINTMENT_TASK_WORKING_MINUTES = 8 * 60;

export async function careCallWorkflow(input: CareCallInput, tasks: TaskBoardSettings): Promise<CareCallState> {
  const { sale, policy } = input;
  const workflowId = workflowInfo().workflowId;
  const product = CARE_PRODUCTS[sale.product];
  const decideAt = Date.parse(sale.soldAt) + careDelayMinutes(sale.product, policy) * MINUTE;
  /** The sale's day in the bank's time zone, YYYY-MM-DD. */
  const soldOn = toLocalDateTime(new Date(Date.parse(sale.soldAt))).date;
  const state: CareCallState = {
    saleId: input.saleId,
    customerId: sale.customerId,
    product: sale.product,
    topic: product.topic,
    soldAt: sale.soldAt,
    status: 'waiting',
    decideAt: new Date(decideAt).toISOString(),
    attempts: [],
    decisions: [],
    fingerprint: input.fingerprint,
  };
  // The agent's result is checked with the cancellation reasons this process was started with
  // (the default list for processes started before the list was configurable): no command changes.
  const board = new TaskBoard(tasks, (task) => describeNext(task), { resultSchemas: configuredResultSchemas(policy) });
  setHandler(careCallStateQuery, () => state);

  /** What happens after a completed task, for the person who completed it: a sentence and its data. */
  function describeNext(task: TaskRecord): NextDescription {
    let next: string;
    let step: NextStep;
    const result = task.result as CareCallResult;
    const number = state.attempts.length;
    if (task.type === 'care-appointment') {
      next = 'the appointment request is recorded; the care call is done';
      step = { kind: 'process-done', process: 'care-call' };
    } else if (result.reached) {
      const followUp = { none: 'the care call is done', appointment: 'a task to book an appointment opens in your queue', callback: 'the Direktberatung gets a callback task' }[result.followUp];
      next = `reached (satisfaction ${result.satisfaction}): ${followUp}`;
      step = { kind: 'care-call-reached', followUp: result.followUp };
    } else if (number < policy.maxAttempts) {
      next = `not reached: attempt ${number + 1} of ${policy.maxAttempts} opens on another business day at another time of day`;
      step = { kind: 'next-attempt-day', attempt: number + 1, of: policy.maxAttempts };
    } else {
      next = 'not reached: that was the last attempt; the customer gets an email where email contact is allowed';
      step = { kind: 'email-fallback' };
    }
    // Completions answered before the step existed replay with the sentence alone.
    return patched('care-call-answer-step') ? { next, step } : next;
  }

  const history = (step: string, channel: 'phone' | 'email', outcome: string, extra: { agentId?: string; note?: string } = {}) =>
    recordContact({
      id: `${workflowId}/${step}`,
      customerId: sale.customerId,
      at: new Date(Date.now()).toISOString(),
      purpose: 'care',
      channel,
      topic: product.topic,
      outcome,
      workflowId,
      ...extra,
    });

  const situationNow = () => loadCareSituation({ customerId: sale.customerId, at: new Date(Date.now()).toISOString() });

  /** Decides one channel now, and records the decision with its reasons. */
  async function decide(step: string, situation: CareSituation, channel: 'phone' | 'email'): Promise<CareDecision> {
    const decision = decideCareContact({
      situation,
      channel,
      topic: product.topic,
      needsAdvertisingConsent: policy.needsAdvertisingConsent,
      callingHours: DEFAULT_CALLING_HOURS,
      now: new Date(Date.now()),
    });
    state.decisions.push({ step, at: new Date(Date.now()).toISOString(), channel, allowed: decision.allowed, reasons: decision.reasons.map((reason) => reason.code) });
    await history(`decision-${step}-${channel}`, channel, `care-${channel}-${decision.allowed ? 'allowed' : 'not-allowed'}`, {
      note: decision.reasons.map((reason) => `${reason.code}: ${reason.message}`).join(' '),
    });
    return decision;
  }

  /** The reached customer's answers lead on. */
  async function followUp(result: Extract<CareCallResult, { reached: true }>, agentId: string | undefined, situation: CareSituation): Promise<void> {
    if (result.followUp === 'callback') {
      const callbackId = careCallbackId(workflowId);
      try {
        await startChild(callbackWorkflow, {
          workflowId: callbackWorkflowId(callbackId),
          args: [
            {
              callbackId,
              request: { customerId: sale.customerId, topic: product.topic, preferredTime: { asap: true }, note: `Nachsorgeanruf zu „${product.title}“: Kunde wünscht einen Rückruf.` },
              requestedBy: agentId ?? input.requestedBy,
              fingerprint: `care-call:${workflowId}`,
              policy: input.callback,
            },
            tasks,
          ],
          // The callback lives on its own: it outlasts this process.
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      } catch (error) {
        // Started once already (a retried workflow task): the one callback stands.
        if ((error as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
      }
      state.followUp = { kind: 'callback', callbackId };
    } else if (result.followUp === 'appointment') {
      const task = await board.open({
        key: 'appointment',
        type: 'care-appointment',
        resultVersion: 1,
        queue: policy.queue,
        priority: 2,
        dueAt: addWorkingMinutes(new Date(Date.now()), APPOINTMENT_TASK_WORKING_MINUTES, DIREKTBERATUNG_HOURS, situation.federalState),
        title: `Termin vereinbaren ${sale.customerId} – ${product.title} (aus dem Nachsorgeanruf)`,
        context: { customerId: sale.customerId, product: product.title, topic: product.topic, saleId: input.saleId, advisorId: sale.advisorId ?? null },
      });
      state.followUp = { kind: 'appointment', taskId: task.id };
      state.openTaskId = task.id;
      const closed = await board.closed(task.id);
      state.openTaskId = undefined;
      state.followUp = { kind: 'appointment', taskId: task.id, outcome: (closed.result as CareAppointmentResult | undefined)?.outcome };
      await history('appointment', 'phone', `care-appointment-${state.followUp.outcome ?? 'cancelled'}`, { agentId: closed.completedBy });
    }
  }

  async function run(): Promise<void> {
    if (decideAt > Date.now()) await sleep(decideAt - Date.now());

    // Decided at the moment the wait is over, and again when each attempt opens.
    let situation = await situationNow();
    let phone = await decide('after-wait', situation, 'phone');
    let previous: AttemptSlot | undefined;
    for (let number = 1; phone.allowed && number <= policy.maxAttempts; number++) {
      const slot = attemptSlot({ after: new Date(Date.now()), previous, bands: policy.bands, federalState: situation.federalState });
      // A demo's short wait (delayMinutes) shows the first task at once; it is still due inside its band.
      const opensEarly = number === 1 && policy.delayMinutes !== undefined;
      if (slot.opensAt.getTime() > Date.now() && !opensEarly) {
        state.nextAttemptAt = slot.opensAt.toISOString();
        await sleep(slot.opensAt.getTime() - Date.now());
        state.nextAttemptAt = undefined;
        situation = await situationNow();
        phone = await decide(`attempt-${number}`, situation, 'phone');
        if (!phone.allowed) break;
      }
      state.status = 'calling';
      const band = policy.bands[slot.band]!;
      const task = await board.open({
        key: `attempt-${number}`,
        type: 'care-call',
        resultVersion: 1,
        queue: policy.queue,
        priority: 1,
        dueAt: slot.dueAt,
        title: `Nachsorgeanruf ${sale.customerId} – ${product.title} (Versuch ${number} von ${policy.maxAttempts})`,
        context: {
          customerId: sale.customerId,
          product: product.title,
          topic: product.topic,
          soldOn,
          attempt: number,
          timeOfDay: band.name,
          script: `Guten Tag, hier ist Ihre Sparkasse. Sie haben am ${germanDate(soldOn)} „${product.title}“ bei uns abgeschlossen. Darf ich Sie kurz fragen, wie zufrieden Sie damit sind?`,
          saleId: input.saleId,
        },
      });
      state.attempts.push({ number, taskId: task.id, day: slot.day, band: band.name, opensAt: task.createdAt, dueAt: task.dueAt });
      state.openTaskId = task.id;
      const closed = await board.closed(task.id);
      state.openTaskId = undefined;
      const result = closed.result as CareCallResult;
      Object.assign(state.attempts[state.attempts.length - 1]!, { reached: result.reached, completedBy: closed.completedBy, completedAt: closed.completedAt });
      if (result.reached) {
        state.result = result;
        const cancellation = result.cancellationIntended ? `; cancellation intended: ${result.cancellationReason}` : '';
        await history(`attempt-${number}`, 'phone', 'care-reached', { agentId: closed.completedBy, note: `satisfaction ${result.satisfaction}; follow-up ${result.followUp}${cancellation}` });
        await followUp(result, closed.completedBy, situation);
        state.status = 'reached';
        return;
      }
      await history(`attempt-${number}`, 'phone', 'care-not-reached', { agentId: closed.completedBy });
      previous = slot;
    }

    // Phone not allowed, or never reached: the email, where email contact is allowed.
    state.status = 'emailing';
    situation = await situationNow();
    const email = await decide('email', situation, 'email');
    if (email.allowed) {
      try {
        const sent = await sendCareEmail({ customerId: sale.customerId, productTitle: product.title, soldOn, idempotencyKey: `${workflowId}/care-email` });
        if (sent === 'email') {
          await history('email', 'email', 'care-email-sent');
          state.status = 'emailed';
          return;
        }
      } catch (error) {
        if (failureTypeOf(error) !== ActivityFailureTypes.EmailRejected) throw error;
        await openRepair({ code: RepairCodes.CustomerEmailRejected, problem: 'Die Nachsorge-E-Mail an den Kunden wurde abgewiesen. Bitte die Adresse in der Kernbank prüfen.', customerId: sale.customerId }, tasks);
      }
    }
    const reasons = [...(phone.allowed ? [{ code: 'not-reached', message: `Not reached in ${policy.maxAttempts} attempts.` }] : phone.reasons), ...email.reasons.filter((reason) => reason.code !== 'allowed')];
    state.status = 'not-contactable';
    state.notContactableReason = reasons.map((reason) => `${reason.code}: ${reason.message}`).join(' ') || 'the email could not be delivered';
    await history('not-contactable', 'email', 'care-not-contactable', { note: state.notContactableReason });
  }

  try {
    await board.closingTasksOnFailure(run);
  } catch (error) {
    if (isCancellation(error)) {
      state.status = 'cancelled';
      state.openTaskId = undefined;
    } else {
      await openRepair({ code: RepairCodes.CareCallFailed, problem: 'Der Nachsorgeanruf ist fehlgeschlagen; der Kunde wurde womöglich nicht gefragt. Bitte den Fall prüfen.', customerId: sale.customerId }, tasks);
    }
    // A bug (a plain error) would retry the workflow task for ever: it fails the process instead.
    throw error instanceof TemporalFailure ? error : ApplicationFailure.create({ type: 'CareCallFailed', message: 'the care call failed', cause: error instanceof Error ? error : undefined, nonRetryable: true });
  }
  await board.settled();
  await condition(allHandlersFinished);
  return state;
}

/** `2026-03-10` → `10.03.2026`. */
function germanDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}.${month}.${year}`;
}
