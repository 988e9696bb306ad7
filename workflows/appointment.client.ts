/**
 * Starting an appointment from outside the workflow (the API): one process per appointment id,
 * started idempotently, answering once the booking is settled. Not part of the workflow bundle.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { appointmentWorkflowId, type AppointmentInput, type AppointmentPolicy, type AppointmentState } from '../domain/appointment';
import type { CallbackPolicy } from '../domain/callback';
import type { CareCallPolicy } from '../domain/care-call';
import type { TaskBoardSettings } from '../domain/task';
import { appointmentBookedUpdate, appointmentStateQuery } from './appointment.messages';
import { appointmentWorkflow } from './appointment.workflow';

/** Everything an appointment is started with, from configuration. */
export interface AppointmentSettings {
  taskQueue: string;
  policy: AppointmentPolicy;
  callback: CallbackPolicy;
  careCall: CareCallPolicy;
  tasks: TaskBoardSettings;
}

/** The booking could not be carried out (core banking away): nothing was booked; try again. */
export class AppointmentBookingFailedError extends Error {
  override readonly name = 'AppointmentBookingFailedError';
}

/**
 * Starts the appointment's process (or finds it: the same id reaches the same process, running or
 * closed) and answers its state once the booking is settled: `confirmed`, or `slot-taken`.
 * A process that failed to book (core banking away) may be started again under the same id.
 *
 * @throws {AppointmentBookingFailedError} when the booking failed for a reason other than the slot.
 */
export async function startAppointment(
  temporal: Client,
  settings: AppointmentSettings,
  start: Omit<AppointmentInput, 'policy' | 'callback' | 'careCall'>,
): Promise<AppointmentState> {
  const workflowId = appointmentWorkflowId(start.appointmentId);
  try {
    await temporal.workflow.start(appointmentWorkflow, {
      workflowId,
      taskQueue: settings.taskQueue,
      args: [{ ...start, policy: settings.policy, callback: settings.callback, careCall: settings.careCall }, settings.tasks],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
  } catch (error) {
    // Closed already (booked and over, or the slot was taken): its state answers below.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  const handle = temporal.workflow.getHandle(workflowId);
  try {
    return await handle.executeUpdate(appointmentBookedUpdate);
  } catch (error) {
    // A closed process takes no updates: read what it holds, or why it failed.
    const { status } = await handle.describe();
    if (status.name === 'FAILED' || status.name === 'TERMINATED' || status.name === 'TIMED_OUT') {
      throw new AppointmentBookingFailedError('the booking could not be carried out; nothing was booked');
    }
    if (status.name === 'RUNNING') throw error;
    return handle.query(appointmentStateQuery);
  }
}
