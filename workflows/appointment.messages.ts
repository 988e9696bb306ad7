/**
 * Messages of the appointment workflow, defined once and imported by the workflow and the API.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AppointmentState } from '../domain/appointment';

export const appointmentStateQuery = defineQuery<AppointmentState>('appointmentState');
/** Answers once the booking is settled: `confirmed`, or `slot-taken` when the calendar refused the slot. */
export const appointmentBookedUpdate = defineUpdate<AppointmentState, []>('appointmentBooked');
/** Moves the appointment to `start` with the same advisor (the calendar's atomic move). */
export const rescheduleAppointmentUpdate = defineUpdate<AppointmentState, [{ start: string; by: string }]>('rescheduleAppointment');
export const cancelAppointmentUpdate = defineUpdate<AppointmentState, [{ by: string; reason?: string }]>('cancelAppointment');
