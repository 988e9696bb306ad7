/**
 * An appointment with a branch advisor (DESIGN.md process 1; issue 10, section 2): one process per
 * appointment. It holds the slot in the advisor's calendar, then confirms it (a slot taken
 * meanwhile ends it as `slot-taken`, and the API answers 409 with the next free slots); the
 * customer gets the confirmation with an iCalendar invitation, the advisor a notice. Before the
 * appointment the customer is reminded (none when booked later than the reminder time). While it
 * waits, Updates reschedule it (the calendar's atomic move: the new slot is held before the old
 * one is released) or cancel it; every change sends the invitation again with the same UID and a
 * higher SEQUENCE (a cancel with METHOD:CANCEL). After the end, the advisor's outcome task in the
 * branch's queue, due the next business day: held (sales → a care call per product, a wanted
 * follow-up → a task to book it), no-show (→ a callback to re-arrange), cancelled by the customer.
 */
import {
  ApplicationFailure,
  CancellationScope,
  ParentClosePolicy,
  TemporalFailure,
  allHandlersFinished,
  condition,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { AppointmentLetter, createAppointmentActivities } from '../activities/appointment.activities';
import type { createCallbackActivities } from '../activities/callback.activities';
import {
  AppointmentErrors,
  appointmentUid,
  DEFAULT_FOLLOW_UP_WORKING_MINUTES,
  branchQueueOf,
  germanDateTime,
  noShowCallbackId,
  outcomeDueAt,
  reminderAt,
  topicTitle,
  type AppointmentChange,
  type AppointmentFollowUpResult,
  type AppointmentInput,
  type AppointmentOutcomeResult,
  type AppointmentState,
} from '../domain/appointment';
import { addWorkingMinutes } from '../domain/business-calendar';
import { callbackWorkflowId, DIREKTBERATUNG_HOURS } from '../domain/callback';
import { ActivityFailureTypes, failureTypeOf } from '../domain/failures';
import { isFederalState } from '../domain/german-holidays';
import { RepairCodes } from '../domain/repair';
import type { TaskBoardSettings, TaskRecord } from '../domain/task';
import { appointmentBookedUpdate, appointmentStateQuery, cancelAppointmentUpdate, rescheduleAppointmentUpdate } from './appointment.messages';
import { callbackWorkflow } from './callback.workflow';
import { TaskBoard } from './human-tasks';
import type { NextDescription, NextStep } from './human-tasks.messages';
import { openRepair } from './repair.workflow';
import { DELIVER_WITHIN, STORE_WITHIN, UNTIL_DELIVERED, UNTIL_STORED, WHILE_AGENT_WAITS } from './retry-policies';

/** Calendar steps an agent waits for (booking, reschedule, cancel): a few quick tries. */
const calendar = proxyActivities<ReturnType<typeof createAppointmentActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: WHILE_AGENT_WAITS,
});
/** Emails and starting the care calls: keep trying, within the delivery bound. */
const deliver = proxyActivities<ReturnType<typeof createAppointmentActivities>>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: DELIVER_WITHIN,
  retry: UNTIL_DELIVERED,
});
const { recordContact } = proxyActivities<ReturnType<typeof createCallbackActivities>>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});

const fail = (type: string, message: string): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

/**
 * A calendar step of an Update, its refusal as the Update's answer: the calendar's own type
 * (`SlotTaken`, …) when it refused, `CalendarUnavailable` when it could not be reached.
 */
async function calendarStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isCancellation(error)) throw error;
    const type = failureTypeOf(error);
    if (type && type in CALENDAR_REFUSALS) fail(type, CALENDAR_REFUSALS[type]!);
    return fail(AppointmentErrors.CalendarUnavailable, 'the advisor\'s calendar could not be reached; nothing was changed');
  }
}

/** A change's letter, as the operator's repair task names it. */
const LETTER_TITLES: Record<AppointmentChange['kind'], string> = { booked: 'Bestätigung', rescheduled: 'Verschiebung', cancelled: 'Absage' };

/** The calendar's refusals an Update answers with, and what they mean. */
const CALENDAR_REFUSALS: Record<string, string> = {
  SlotTaken: 'the slot was taken meanwhile; the appointment stays where it was',
  SlotUnavailable: 'the slot is not bookable time of the advisor; the appointment stays where it was',
  HoldExpired: 'the booking lapsed in the calendar',
  BookingCancelled: 'the booking is cancelled in the calendar',
  UnknownBooking: 'the calendar does not know the booking',
};

export async function appointmentWorkflow(input: AppointmentInput, tasks: TaskBoardSettings): Promise<AppointmentState> {
  const { request, policy, branch } = input;
  const workflowId = workflowInfo().workflowId;
  const state: AppointmentState = {
    appointmentId: input.appointmentId,
    customerId: request.customerId,
    topic: request.topic,
    advisorId: request.advisorId,
    advisorName: input.advisorName,
    branchId: branch.branchId,
    channel: request.channel,
    start: new Date(request.start).toISOString(),
    end: input.end,
    status: 'booking',
    requestedBy: input.requestedBy,
    uid: appointmentUid(input.appointmentId),
    sequence: 0,
    changes: [],
    reminder: { status: 'none' },
    followUps: { careCalls: [] },
    ...(request.origin ? { origin: request.origin } : {}),
    fingerprint: input.fingerprint,
  };
  /** Rises with every change, so the waits below start over with the new times. */
  let revision = 0;
  /** A reschedule or cancel is being carried out: a second one waits its turn (409). */
  let changing = false;
  /** Letters being delivered; awaited before the process ends. */
  const letters: Array<Promise<void>> = [];
  /** Before the patch below: a letter's failure, parked until the process ends. */
  let letterFailure: unknown;
  const send = (change: AppointmentChange) => {
    letters.push(tell(change).catch(async (error: unknown) => {
      if (isCancellation(error) || !patched('appointment-letter-failure-repair')) {
        letterFailure ??= error;
        return;
      }
      // The appointment stands in the calendar and the process goes on (reminder, outcome task);
      // the undelivered letter is for operations now, not days later when the process ends.
      change.deliveryFailed = true;
      log.warn('appointment letter undelivered', { kind: change.kind, sequence: change.sequence, failure: failureTypeOf(error) ?? (error as Error).name });
      await openRepair({ code: RepairCodes.AppointmentLetterFailed, problem: `Eine Terminnachricht (${LETTER_TITLES[change.kind]}) konnte nicht zugestellt werden; der Termin steht im Kalender. Bitte Kunde und Beratung telefonisch informieren.`, customerId: request.customerId }, tasks);
    }));
  };

  const board = new TaskBoard(tasks, (task) => describeNext(task));
  setHandler(appointmentStateQuery, () => state);
  setHandler(appointmentBookedUpdate, async () => {
    await condition(() => state.status !== 'booking');
    return { ...state };
  });

  const changeable = () => {
    if (state.status !== 'confirmed') fail(AppointmentErrors.NotChangeable, `the appointment is ${state.status}`);
    if (Date.parse(state.start) <= Date.now()) fail(AppointmentErrors.NotChangeable, 'the appointment has begun or is over');
    if (changing) fail(AppointmentErrors.ChangeInProgress, 'another change of this appointment is being carried out');
  };

  setHandler(
    rescheduleAppointmentUpdate,
    async ({ start, by }) => {
      changing = true;
      try {
        const startMs = Date.parse(start);
        const end = new Date(startMs + policy.lengthMinutes * 60_000).toISOString();
        const sequence = state.sequence + 1;
        // The port's atomic move: the new slot is taken before the old one is released; a slot
        // taken meanwhile refuses the move and the appointment stays where it was.
        await calendarStep(() => calendar.moveAppointmentSlot({ bookingId: state.bookingId!, start: new Date(startMs).toISOString(), end, idempotencyKey: `${workflowId}/move-${sequence}@${new Date(startMs).toISOString()}` }));
        state.start = new Date(startMs).toISOString();
        state.end = end;
        state.sequence = sequence;
        scheduleReminder();
        const change = record('rescheduled', by);
        revision++;
        send(change);
        return { ...state };
      } finally {
        changing = false;
      }
    },
    {
      validator: ({ start }) => {
        changeable();
        if (Date.parse(start) <= Date.now()) fail(AppointmentErrors.NotChangeable, 'the new start lies in the past');
      },
    },
  );

  setHandler(
    cancelAppointmentUpdate,
    async ({ by }) => {
      changing = true;
      try {
        await calendarStep(() => calendar.cancelAppointmentSlot({ bookingId: state.bookingId!, idempotencyKey: `${workflowId}/cancel` }));
        state.sequence += 1;
        state.status = 'cancelled';
        state.reminder = { status: 'none' };
        const change = record('cancelled', by);
        revision++;
        send(change);
        return { ...state };
      } finally {
        changing = false;
      }
    },
    { validator: (_request) => changeable() },
  );

  /** What happens after a completed task, for the person who completed it: a sentence and its data. */
  function describeNext(task: TaskRecord): NextDescription {
    let next: string;
    let step: NextStep;
    const result = task.result as AppointmentOutcomeResult;
    if (task.type === 'appointment-follow-up') {
      next = 'the follow-up is recorded; the appointment process is done';
      step = { kind: 'process-done', process: 'appointment' };
    } else if (result.outcome === 'held') {
      const sales = result.sold.length > 0 ? `a care call starts for each product sold (${result.sold.join(', ')})` : 'nothing sold';
      next = `held: ${sales}${result.followUp ? '; a task to book the follow-up appointment opens' : ''}`;
      step = { kind: 'appointment-outcome', outcome: 'held', careCalls: [...new Set(result.sold)], followUp: result.followUp === true };
    } else {
      next = result.outcome === 'no-show' ? 'no-show: the Direktberatung gets a callback to re-arrange the appointment' : 'cancelled by the customer: the appointment process is done';
      step = { kind: 'appointment-outcome', outcome: result.outcome, careCalls: [], followUp: false };
    }
    // Completions answered before the step existed replay with the sentence alone.
    return patched('appointment-answer-step') ? { next, step } : next;
  }

  /** Notes a change in the state (the invitation for it goes out with its sequence). */
  function record(kind: AppointmentChange['kind'], by: string): AppointmentChange {
    const change: AppointmentChange = { kind, at: new Date(Date.now()).toISOString(), by, start: state.start, end: state.end, sequence: state.sequence };
    state.changes.push(change);
    return change;
  }

  function scheduleReminder(): void {
    const at = reminderAt(new Date(state.start), new Date(Date.now()), policy);
    state.reminder = at ? { status: 'scheduled', at: at.toISOString() } : { status: 'none' };
  }

  const letter = (change: AppointmentChange, key: string): AppointmentLetter => ({
    kind: change.kind,
    appointmentId: input.appointmentId,
    uid: state.uid,
    sequence: change.sequence,
    customerId: request.customerId,
    advisorId: request.advisorId,
    topic: request.topic,
    channel: request.channel,
    start: change.start,
    end: change.end,
    branchName: branch.name,
    branchTown: branch.town,
    changedAt: change.at,
    ...(request.note ? { note: request.note } : {}),
    idempotencyKey: `${workflowId}/${key}`,
  });

  /** The customer's invitation and the advisor's notice for one change, and the contact history. */
  async function tell(change: AppointmentChange): Promise<void> {
    try {
      change.customerTold = await deliver.sendAppointmentInvitation(letter(change, `customer-${change.kind}-${change.sequence}`));
    } catch (error) {
      if (failureTypeOf(error) !== ActivityFailureTypes.EmailRejected) throw error;
      change.customerTold = 'rejected';
      await openRepair({ code: RepairCodes.CustomerEmailRejected, problem: 'Die Terminbestätigung an den Kunden wurde abgewiesen. Bitte die Adresse in der Kernbank prüfen und den Kunden anrufen.', customerId: request.customerId }, tasks);
    }
    try {
      await deliver.sendAdvisorNotice(letter(change, `advisor-${change.kind}-${change.sequence}`));
    } catch (error) {
      // The calendar has the change; the notice is a courtesy.
      if (failureTypeOf(error) !== ActivityFailureTypes.EmailRejected && failureTypeOf(error) !== ActivityFailureTypes.CoreBankingRejected) throw error;
    }
    await recordContact({
      id: `${workflowId}/${change.kind}-${change.sequence}`,
      customerId: request.customerId,
      at: change.at,
      purpose: 'service',
      channel: 'phone',
      topic: request.topic,
      outcome: `appointment-${change.kind}`,
      campaignId: request.origin?.campaignId,
      workflowId,
      agentId: change.by,
    });
  }

  /** Hold, then confirm. False when the calendar refused the slot. */
  async function book(): Promise<boolean> {
    let bookingId: string;
    try {
      const held = await calendar.holdAppointmentSlot({
        advisorId: request.advisorId,
        start: state.start,
        end: state.end,
        subject: `Beratung ${topicTitle(request.topic)}`,
        customerId: request.customerId,
        reference: input.appointmentId,
        idempotencyKey: `${workflowId}/hold`,
      });
      bookingId = held.bookingId;
      state.bookingId = bookingId;
      await calendar.confirmAppointmentSlot({ bookingId, idempotencyKey: `${workflowId}/confirm` });
    } catch (error) {
      const type = failureTypeOf(error);
      if (type === AppointmentErrors.SlotTaken || type === AppointmentErrors.SlotUnavailable || type === 'HoldExpired') {
        state.status = 'slot-taken';
        return false;
      }
      throw error;
    }
    state.status = 'confirmed';
    scheduleReminder();
    send(record('booked', input.requestedBy));
    return true;
  }

  /** Waits for the appointment, sending the reminder on the way; true once it is over. */
  async function waitForAppointment(): Promise<boolean> {
    while (state.status === 'confirmed') {
      const seen = revision;
      const moved = () => revision !== seen || state.status !== 'confirmed';
      if (state.reminder.status === 'scheduled' && state.reminder.at) {
        if (await condition(moved, Math.max(1, Date.parse(state.reminder.at) - Date.now()))) continue;
        const sent = await deliver.sendAppointmentReminder(letter({ kind: 'booked', at: state.reminder.at, by: 'system', start: state.start, end: state.end, sequence: state.sequence }, `reminder-${state.sequence}`));
        // A change while the reminder went out gets its own reminder time; this one is done.
        if (revision === seen) state.reminder = { status: sent === 'email' ? 'sent' : 'no-address', at: state.reminder.at };
        continue;
      }
      if (!(await condition(moved, Math.max(1, Date.parse(state.end) - Date.now())))) return true;
    }
    return false;
  }

  /** The advisor's outcome task, and what follows from it. */
  async function outcome(): Promise<void> {
    state.status = 'awaiting-outcome';
    const task = await board.open({
      key: 'outcome',
      type: 'appointment-outcome',
      resultVersion: 1,
      queue: branchQueueOf(policy, branch.branchId),
      priority: 2,
      dueAt: outcomeDueAt(new Date(state.end), branch),
      title: `Ergebnis des Beratungstermins ${request.customerId} – ${topicTitle(request.topic)} (${germanDateTime(state.start)})`,
      context: {
        customerId: request.customerId,
        topic: request.topic,
        advisorId: request.advisorId,
        advisorName: input.advisorName,
        start: state.start,
        channel: request.channel,
        appointmentId: input.appointmentId,
        note: request.note ?? null,
      },
    });
    state.outcomeTaskId = task.id;
    const closed = await board.closed(task.id);
    if (closed.status === 'cancelled') return;
    const result = closed.result as AppointmentOutcomeResult;
    state.outcome = { ...result, recordedBy: closed.completedBy, recordedAt: closed.completedAt };
    state.status = result.outcome;
    if (result.outcome === 'no-show') {
      await noShowCallback(closed.completedBy);
    } else if (result.outcome === 'held') {
      for (const product of [...new Set(result.sold)]) {
        const started = await deliver.startSaleCareCall({
          sale: { customerId: request.customerId, product, soldAt: state.end, channel: request.channel, advisorId: request.advisorId },
          saleKey: `appointment-${input.appointmentId}-${product}`,
          requestedBy: closed.completedBy ?? input.requestedBy,
          policy: input.careCall,
          callback: input.callback,
          tasks,
        });
        state.followUps.careCalls.push({ product, ...started });
      }
      if (result.followUp) await followUpTask();
    }
  }

  /** No-show: a callback by the Direktberatung to re-arrange the appointment. */
  async function noShowCallback(by: string | undefined): Promise<void> {
    const callbackId = noShowCallbackId(workflowId);
    try {
      await startChild(callbackWorkflow, {
        workflowId: callbackWorkflowId(callbackId),
        args: [
          {
            callbackId,
            request: { customerId: request.customerId, topic: request.topic, preferredTime: { asap: true }, note: `Beratungstermin am ${germanDateTime(state.start)} nicht wahrgenommen: bitte einen neuen Termin vereinbaren.` },
            requestedBy: by ?? input.requestedBy,
            fingerprint: `appointment:${workflowId}`,
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
    state.followUps.callbackId = callbackId;
  }

  /** Follow-up wanted: a task in the agents' queue to book the next appointment. */
  async function followUpTask(): Promise<void> {
    const task = await board.open({
      key: 'follow-up',
      type: 'appointment-follow-up',
      resultVersion: 1,
      queue: policy.followUpQueue,
      priority: 2,
      dueAt: addWorkingMinutes(new Date(Date.now()), policy.followUpWorkingMinutes ?? DEFAULT_FOLLOW_UP_WORKING_MINUTES, DIREKTBERATUNG_HOURS, isFederalState(branch.federalState) ? branch.federalState : undefined),
      title: `Folgetermin vereinbaren ${request.customerId} – ${topicTitle(request.topic)} (bei ${input.advisorName})`,
      context: { customerId: request.customerId, topic: request.topic, advisorId: request.advisorId, branchId: branch.branchId, appointmentId: input.appointmentId },
    });
    state.followUps.followUpTaskId = task.id;
    const closed = await board.closed(task.id);
    const result = closed.result as AppointmentFollowUpResult | undefined;
    if (result) await recordContact({ id: `${workflowId}/follow-up`, customerId: request.customerId, at: closed.completedAt ?? new Date(Date.now()).toISOString(), purpose: 'service', channel: 'phone', topic: request.topic, outcome: `appointment-follow-up-${result.outcome}`, workflowId, agentId: closed.completedBy });
  }

  async function run(): Promise<void> {
    if (!(await book())) return;
    if (await waitForAppointment()) await outcome();
    await Promise.all(letters);
    if (letterFailure !== undefined) throw letterFailure;
  }

  try {
    await board.closingTasksOnFailure(run);
  } catch (error) {
    if (isCancellation(error)) {
      // Cancelled by an operator: the advisor's slot is released, as a cancel by the agent would
      // release it; if the calendar cannot be reached, operations release it by hand.
      if (state.bookingId && state.status === 'confirmed') {
        await CancellationScope.nonCancellable(async () => {
          try {
            await calendar.cancelAppointmentSlot({ bookingId: state.bookingId!, idempotencyKey: `${workflowId}/cancel` });
            state.status = 'cancelled';
          } catch {
            await openRepair({ code: RepairCodes.AppointmentFailed, problem: 'Der Terminprozess wurde abgebrochen; der Termin im Kalender des Beraters konnte nicht freigegeben werden. Bitte den Termin im Kalender absagen und den Kunden informieren.', customerId: request.customerId }, tasks);
          }
        });
      }
    } else if (state.status !== 'booking') {
      await openRepair({ code: RepairCodes.AppointmentFailed, problem: 'Der Terminprozess ist fehlgeschlagen; Termin, Einladung oder Ergebnis sind womöglich unvollständig. Bitte den Termin im Kalender des Beraters prüfen.', customerId: request.customerId }, tasks);
    }
    // A bug (a plain error) would retry the workflow task for ever: it fails the process instead.
    throw error instanceof TemporalFailure ? error : ApplicationFailure.create({ type: AppointmentErrors.Failed, message: 'the appointment process failed', cause: error instanceof Error ? error : undefined, nonRetryable: true });
  }
  await board.settled();
  await condition(allHandlersFinished);
  return state;
}
