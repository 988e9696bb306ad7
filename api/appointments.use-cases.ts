/**
 * Use cases of appointments with branch advisors: the slot search, booking (one process per
 * agent and Idempotency-Key), reading one appointment or a customer's, reschedule and cancel.
 */
import type { Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import type { Advisor, Branch } from '../adapters/core-banking/calendar.port';
import type { ContactHistoryStore } from '../activities/ports';
import { AppointmentErrors, appointmentWorkflowId, type AppointmentRequest, type AppointmentState, type SlotQuery } from '../domain/appointment';
import { findSlots, type Slot } from '../domain/appointment-slots';
import { startOfLocalDay } from '../domain/calling-hours';
import { appointmentStateQuery, cancelAppointmentUpdate, rescheduleAppointmentUpdate } from '../workflows/appointment.messages';
import { AppointmentBookingFailedError, startAppointment, type AppointmentSettings } from '../workflows/appointment.client';
import { HttpError, notFound } from './http-error';
import { fingerprintOf, scopedKey } from './idempotency';

export interface AppointmentUseCaseDeps {
  temporal: Client;
  coreBanking: CoreBanking;
  history: Pick<ContactHistoryStore, 'since'>;
  settings: AppointmentSettings;
  now?: () => Date;
}

/** An appointment as the API shows it (without the process's own bookkeeping). */
export type AppointmentView = Omit<AppointmentState, 'fingerprint'> & { workflowId: string };

/** What a booking or a reschedule answers: the appointment, or the slot was taken and what is free. */
export type BookingAnswer = { kind: 'booked'; appointment: AppointmentView } | { kind: 'slot-taken'; slots: Slot[] };

/** How many next free slots a 409 offers. */
const NEXT_SLOTS = 5;
/** How far ahead the next free slots are looked for, in days. */
const NEXT_SLOTS_DAYS = 7;
const DAY = 24 * 60 * 60_000;
/** At most this many appointments are listed per customer (newest contact first). */
const MAX_CUSTOMER_APPOINTMENTS = 100;

/**
 * A well-formed value the booking cannot take (a start in the past, or no slot of the advisor):
 * 422 naming the field, as for task results; malformed input is a 400 from the schema.
 */
const unbookable = (name: string, message: string) => new HttpError(422, `${name}: ${message}`, [{ field: name, message }]);
const view = ({ fingerprint: _fingerprint, ...state }: AppointmentState): AppointmentView => ({ ...state, workflowId: appointmentWorkflowId(state.appointmentId) });

export class AppointmentUseCases {
  private readonly now: () => Date;

  constructor(private readonly deps: AppointmentUseCaseDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Free slots of suitable advisors: those of the branch advising on the topic, or the one
   * advisor asked for (if they advise on it), within `from`…`to` (local days, both included).
   *
   * @throws {HttpError} 404 for an unknown branch or advisor.
   */
  async slots(query: SlotQuery): Promise<{ slots: Slot[]; lengthMinutes: number; bufferMinutes: number }> {
    const { policy } = this.deps.settings;
    const candidates = await this.advisorsFor(query.topic, query.branchId, query.advisorId);
    const from = startOfLocalDay(query.from);
    const to = startOfLocalDay(new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY).toISOString().slice(0, 10));
    const slots = await this.search(candidates, from, to, Math.min(query.limit ?? policy.maxSlots, 100));
    return { slots, lengthMinutes: policy.lengthMinutes, bufferMinutes: policy.bufferMinutes };
  }

  /**
   * Books the slot: one process per agent and Idempotency-Key (the same key reaches the same
   * process; with another request 422). The slot is checked first (422 naming `start` when it is
   * no slot of the advisor at all); taken meanwhile → `slot-taken` with the next free slots.
   *
   * @throws {HttpError} 422 naming `start` (past, or no slot of the advisor) or `topic` (not the
   *   advisor's), 404 for an unknown customer or advisor, 422 for a reused key, 503 when the
   *   booking could not be carried out.
   */
  async book(request: AppointmentRequest, requestedBy: string, idempotencyKey: string): Promise<BookingAnswer> {
    const { policy } = this.deps.settings;
    const start = new Date(request.start);
    if (start.getTime() <= this.now().getTime()) throw unbookable('start', 'must lie in the future');
    const customer = await this.deps.coreBanking.getCustomer(request.customerId);
    if (!customer) throw notFound(`customer ${request.customerId} is not known to core banking`);
    const { advisor, branch } = await this.advisorAndBranch(request.advisorId);
    if (!advisor.topics.includes(request.topic)) throw unbookable('topic', `is not a topic advisor ${advisor.advisorId} advises on`);
    const check = await this.checkSlot(advisor, branch, start, request.topic);
    if (check) return check;

    const appointmentId = scopedKey(requestedBy, idempotencyKey);
    const fingerprint = fingerprintOf(request);
    let state: AppointmentState;
    try {
      state = await startAppointment(this.deps.temporal, this.deps.settings, {
        appointmentId,
        request,
        end: new Date(start.getTime() + policy.lengthMinutes * 60_000).toISOString(),
        advisorName: advisor.name,
        branch: { branchId: branch.branchId, name: branch.name, town: branch.town, federalState: branch.federalState, timeZone: branch.timeZone, openingHours: branch.openingHours },
        requestedBy,
        fingerprint,
      });
    } catch (error) {
      if (error instanceof AppointmentBookingFailedError) throw new HttpError(503, 'the advisor\'s calendar could not be reached; nothing was booked: try again shortly', [], 2);
      throw error;
    }
    if (state.fingerprint !== fingerprint) {
      throw new HttpError(422, 'Idempotency-Key: was used before with a different request', [{ field: 'Idempotency-Key', message: 'was used before with a different request' }]);
    }
    if (state.status === 'slot-taken') return { kind: 'slot-taken', slots: await this.nextSlots(branch, request.topic, start) };
    return { kind: 'booked', appointment: view(state) };
  }

  /** One appointment. */
  async get(appointmentId: string): Promise<AppointmentView> {
    try {
      return view(await this.deps.temporal.workflow.getHandle(appointmentWorkflowId(appointmentId)).query(appointmentStateQuery));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(`no appointment ${appointmentId}`);
      throw error;
    }
  }

  /** A customer's appointments (booked ones; the slot-taken attempts are no appointments), latest start first. */
  async ofCustomer(customerId: string): Promise<AppointmentView[]> {
    const contacts = await this.deps.history.since(customerId, new Date(0));
    const ids = [...new Set(contacts.map((contact) => contact.workflowId).filter((id) => id.startsWith('appointment:')))].slice(0, MAX_CUSTOMER_APPOINTMENTS);
    const found = await Promise.all(
      ids.map(async (workflowId) => {
        try {
          return view(await this.deps.temporal.workflow.getHandle(workflowId).query(appointmentStateQuery));
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) return undefined;
          throw error;
        }
      }),
    );
    return found.filter((appointment): appointment is AppointmentView => appointment !== undefined && appointment.customerId === customerId).sort((a, b) => b.start.localeCompare(a.start));
  }

  /**
   * Moves the appointment to `start` with the same advisor; the new slot is held before the old
   * one is released. Taken → `slot-taken` with the next free slots.
   *
   * @throws {HttpError} 422 naming `start` for no slot of the advisor; 404; 409 when cancelled,
   *   begun or over, or while another change is carried out.
   */
  async reschedule(appointmentId: string, startIso: string, by: string): Promise<BookingAnswer> {
    const current = await this.get(appointmentId);
    this.assertChangeable(current);
    const start = new Date(startIso);
    if (start.getTime() <= this.now().getTime()) throw unbookable('start', 'must lie in the future');
    const { advisor, branch } = await this.advisorAndBranch(current.advisorId);
    const check = await this.checkSlot(advisor, branch, start, current.topic, current);
    if (check) return check;
    try {
      const state = await this.deps.temporal.workflow.getHandle(appointmentWorkflowId(appointmentId)).executeUpdate(rescheduleAppointmentUpdate, { args: [{ start: start.toISOString(), by }] });
      return { kind: 'booked', appointment: view(state) };
    } catch (error) {
      const type = failureType(error);
      if (type === AppointmentErrors.SlotTaken || type === AppointmentErrors.SlotUnavailable) return { kind: 'slot-taken', slots: await this.nextSlots(branch, current.topic, start) };
      throw this.refusal(error);
    }
  }

  /** Cancels the appointment: the slot is released, the customer gets the cancellation. */
  async cancel(appointmentId: string, by: string, reason?: string): Promise<AppointmentView> {
    this.assertChangeable(await this.get(appointmentId));
    try {
      return view(await this.deps.temporal.workflow.getHandle(appointmentWorkflowId(appointmentId)).executeUpdate(cancelAppointmentUpdate, { args: [{ by, ...(reason ? { reason } : {}) }] }));
    } catch (error) {
      throw this.refusal(error);
    }
  }

  private assertChangeable(appointment: AppointmentView): void {
    if (appointment.status !== 'confirmed') throw new HttpError(409, `the appointment is ${appointment.status} and cannot be changed`);
    if (Date.parse(appointment.start) <= this.now().getTime()) throw new HttpError(409, 'the appointment has begun or is over and cannot be changed');
  }

  /** An update's refusal as the HTTP answer (409 for the appointment's own refusals). */
  private refusal(error: unknown): unknown {
    const type = failureType(error);
    if (type === AppointmentErrors.NotChangeable || type === AppointmentErrors.ChangeInProgress) {
      return new HttpError(409, (error as WorkflowUpdateFailedError).cause?.message ?? 'the appointment cannot be changed now');
    }
    if (type === AppointmentErrors.CalendarUnavailable) return new HttpError(503, 'the advisor\'s calendar could not be reached; nothing was changed: try again shortly', [], 2);
    if (type) return new HttpError(409, (error as WorkflowUpdateFailedError).cause?.message ?? 'the calendar refused the change');
    if (error instanceof WorkflowNotFoundError) return new HttpError(409, 'the appointment process is closed; it cannot be changed');
    return error;
  }

  /**
   * Undefined when `start` is a free slot of the advisor; `slot-taken` with the next free slots
   * when it is a slot but busy; a 422 naming `start` when it is no slot of the advisor at all.
   * `own` (a reschedule) does not count as busy.
   */
  private async checkSlot(advisor: Advisor, branch: Branch, start: Date, topic: string, own?: AppointmentView): Promise<BookingAnswer | undefined> {
    const { policy } = this.deps.settings;
    const from = new Date(start.getTime() - DAY);
    const to = new Date(start.getTime() + DAY);
    const calendar = await this.deps.coreBanking.getFreeBusy(advisor.advisorId, { from: from.toISOString(), to: to.toISOString() });
    const busy = own ? calendar.busy.filter((entry) => !(entry.start === own.start && entry.end === own.end)) : calendar.busy;
    const candidates = [{ branch, advisor, calendar: { available: calendar.available, busy } }];
    const rules = { lengthMinutes: policy.lengthMinutes, bufferMinutes: policy.bufferMinutes, stepMinutes: policy.stepMinutes, leadMinutes: policy.leadMinutes };
    const matches = (ignoreBusy: boolean) => findSlots({ candidates, from, to, now: this.now(), rules, limit: 1000, ignoreBusy }).some((slot) => slot.start === start.toISOString());
    if (!matches(true)) throw unbookable('start', `is no bookable slot of advisor ${advisor.advisorId} (opening and working hours, holidays, absences, slots every ${policy.stepMinutes} minutes of ${policy.lengthMinutes} minutes)`);
    if (!matches(false)) return { kind: 'slot-taken', slots: await this.nextSlots(branch, topic, start) };
    return undefined;
  }

  /** The next free slots for the topic in the branch, from the day of `after` on. */
  private async nextSlots(branch: Branch, topic: string, after: Date): Promise<Slot[]> {
    const advisors = await this.deps.coreBanking.listAdvisors({ branchId: branch.branchId, topic });
    const from = new Date(Math.max(after.getTime() - DAY / 2, this.now().getTime()));
    return this.search(advisors.map((advisor) => ({ advisor, branch })), from, new Date(from.getTime() + NEXT_SLOTS_DAYS * DAY), NEXT_SLOTS);
  }

  private async search(candidates: Array<{ advisor: Advisor; branch: Branch }>, from: Date, to: Date, limit: number): Promise<Slot[]> {
    const { policy } = this.deps.settings;
    const calendars = await Promise.all(candidates.map(({ advisor }) => this.deps.coreBanking.getFreeBusy(advisor.advisorId, { from: from.toISOString(), to: to.toISOString() })));
    return findSlots({
      candidates: candidates.map((candidate, i) => ({ ...candidate, calendar: calendars[i]! })),
      from,
      to,
      now: this.now(),
      rules: { lengthMinutes: policy.lengthMinutes, bufferMinutes: policy.bufferMinutes, stepMinutes: policy.stepMinutes, leadMinutes: policy.leadMinutes },
      limit,
    });
  }

  private async advisorsFor(topic: string, branchId: string | undefined, advisorId: string | undefined): Promise<Array<{ advisor: Advisor; branch: Branch }>> {
    if (advisorId) {
      const { advisor, branch } = await this.advisorAndBranch(advisorId);
      if (branchId && advisor.branchId !== branchId) return [];
      return advisor.topics.includes(topic) ? [{ advisor, branch }] : [];
    }
    const branch = await this.deps.coreBanking.getBranch(branchId!);
    if (!branch) throw notFound(`no branch ${branchId}`);
    const advisors = await this.deps.coreBanking.listAdvisors({ branchId: branch.branchId, topic });
    return advisors.map((advisor) => ({ advisor, branch }));
  }

  private async advisorAndBranch(advisorId: string): Promise<{ advisor: Advisor; branch: Branch }> {
    const advisor = await this.deps.coreBanking.getAdvisor(advisorId);
    if (!advisor) throw notFound(`no advisor ${advisorId}`);
    const branch = await this.deps.coreBanking.getBranch(advisor.branchId);
    if (!branch) throw notFound(`no branch ${advisor.branchId}`);
    return { advisor, branch };
  }
}

/** The `type` of an update's application failure, if it is one. */
function failureType(error: unknown): string | undefined {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) return error.cause.type ?? undefined;
  return undefined;
}
