/**
 * REST endpoints of appointments with branch advisors: slot search, booking, reading, reschedule
 * and cancel.
 */
import { Router } from 'express';
import { z } from 'zod';
import { AppointmentId, AppointmentRequestSchema, CancelAppointmentSchema, RescheduleRequestSchema, SlotQuerySchema } from '../domain/appointment';
import { CustomerId } from '../domain/identifiers';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import type { AppointmentUseCases, BookingAnswer } from './appointments.use-cases';
import { idempotent, type IdempotencyStore } from './idempotency';
import { parseRequest } from './validation';

export const AppointmentPathSchema = z.strictObject({ id: AppointmentId });
export const CustomerAppointmentsPathSchema = z.strictObject({ customerId: CustomerId });

/** Who reads appointments. */
const READERS = ['agent', 'backoffice', 'supervisor', 'auditor'] as const;

/** A taken slot as the 409 answers it: a sentence and the next free slots. */
const slotTaken = (answer: Extract<BookingAnswer, { kind: 'slot-taken' }>) => ({
  status: 409,
  body: { error: 'the slot is taken; choose one of the next free slots', slots: answer.slots },
});

export function appointmentRoutes(useCases: AppointmentUseCases, keys: IdempotencyStore, audit: Audit): Router {
  const router = Router();
  router.get('/appointment-slots', allow('agent', 'supervisor'), async (req, res) => {
    const query = parseRequest(SlotQuerySchema, req.query, 'query');
    res.json(await useCases.slots(query));
  });
  router.post('/appointments', allow('agent'), idempotent(keys, { required: true }, async (req, key) => {
    const body = parseRequest(AppointmentRequestSchema, req.body, 'body');
    const answer = await useCases.book(body, currentUser(req).id, key!);
    if (answer.kind === 'slot-taken') return slotTaken(answer);
    const { appointment } = answer;
    // Inside the idempotent handler: recorded once per key, not again on a replay.
    await audit.record(req, {
      action: 'appointment.booked',
      customerId: appointment.customerId,
      objectType: 'appointment',
      objectId: appointment.appointmentId,
      detail: { topic: appointment.topic, advisorId: appointment.advisorId, branchId: appointment.branchId, channel: appointment.channel, start: appointment.start },
    });
    return { status: 201, location: `/api/v1/appointments/${appointment.appointmentId}`, body: appointment };
  }));
  router.get('/appointments/:id', allow(...READERS), async (req, res) => {
    const { id } = parseRequest(AppointmentPathSchema, req.params, 'path');
    const appointment = await useCases.get(id);
    await audit.record(req, { action: 'appointment.read', customerId: appointment.customerId, objectType: 'appointment', objectId: id, detail: { status: appointment.status } });
    res.json(appointment);
  });
  router.get('/customers/:customerId/appointments', allow(...READERS), async (req, res) => {
    const { customerId } = parseRequest(CustomerAppointmentsPathSchema, req.params, 'path');
    const appointments = await useCases.ofCustomer(customerId);
    await audit.record(req, { action: 'customer.appointments.read', customerId, objectType: 'customer', objectId: customerId, detail: { count: appointments.length } });
    res.json({ appointments });
  });
  router.post('/appointments/:id/reschedule', allow('agent', 'supervisor'), idempotent(keys, { required: false }, async (req) => {
    const { id } = parseRequest(AppointmentPathSchema, req.params, 'path');
    const { start } = parseRequest(RescheduleRequestSchema, req.body, 'body');
    const answer = await useCases.reschedule(id, start, currentUser(req).id);
    if (answer.kind === 'slot-taken') return slotTaken(answer);
    const { appointment } = answer;
    await audit.record(req, { action: 'appointment.rescheduled', customerId: appointment.customerId, objectType: 'appointment', objectId: id, detail: { start: appointment.start, sequence: appointment.sequence } });
    return { status: 200, body: appointment };
  }));
  router.post('/appointments/:id/cancel', allow('agent', 'supervisor'), async (req, res) => {
    const { id } = parseRequest(AppointmentPathSchema, req.params, 'path');
    const { reason } = parseRequest(CancelAppointmentSchema, req.body ?? {}, 'body');
    const appointment = await useCases.cancel(id, currentUser(req).id, reason);
    await audit.record(req, { action: 'appointment.cancelled', customerId: appointment.customerId, objectType: 'appointment', objectId: id, detail: { sequence: appointment.sequence } });
    res.json(appointment);
  });
  return router;
}
