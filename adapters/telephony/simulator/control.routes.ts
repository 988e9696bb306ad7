/**
 * The simulator's controls over HTTP, under `/_sim`, for the embedded development setup and for
 * manual testing with curl. Not part of the gateway API (`openapi.yaml`); a real gateway has none.
 *
 * | request | does |
 * | --- | --- |
 * | `POST /_sim/calls` `{ callId? }` | starts an inbound call with an agent → 201 `{ callId }` |
 * | `GET /_sim/calls` | `{ calls }`: inbound calls and outbound attempts |
 * | `DELETE /_sim/calls/{callId}` | the customer hangs up → 204 |
 * | `PUT /_sim/queues/{queue}` `{ agentsAvailable, answerAfterMs }` | sets a queue (`answerAfterMs` may be `"never"`) |
 * | `GET /_sim/queues` | `{ queues }` with how many advisors are busy |
 * | `PUT /_sim/outbound` `{ outcome, afterMs, reason? }` | how outbound calls end |
 * | `PUT /_sim/outbound/{phoneNumber}` (same body) | how calls to one number end (`+` as `%2B`) |
 * | `POST /_sim/faults` `{ status?, code?, stallMs?, times? }` | fault for the next gateway requests → 204 |
 * | `GET /_sim/transfers` | `{ transfers }`, one per idempotency key |
 * | `POST /_sim/reset` | forgets everything → 204 |
 */
import { Router } from 'express';
import { z } from 'zod';
import { PhoneNumberSchema } from '../gateway.schemas';
import { parseRequest } from './http-errors';
import type { TelephonySimulation } from './simulation';

const Name = z.string().min(1).max(200);
const Milliseconds = z.number().int().min(0).max(600_000);

const StartCallSchema = z.strictObject({ callId: Name.optional() }).optional();
const QueueBehaviourSchema = z.strictObject({
  agentsAvailable: z.number().int().min(0).max(1000),
  answerAfterMs: z.union([Milliseconds, z.literal('never')]),
});
const OutboundBehaviourSchema = z.strictObject({
  outcome: z.enum(['answered', 'no-answer', 'busy', 'failed']),
  afterMs: Milliseconds,
  reason: z.string().min(1).max(200).optional(),
});
const FaultSchema = z
  .strictObject({
    status: z.number().int().min(400).max(599).optional(),
    code: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be lower-case letters, digits and dashes').optional(),
    stallMs: Milliseconds.optional(),
    times: z.number().int().min(1).max(1000).optional(),
  })
  .refine((fault) => fault.status !== undefined || fault.stallMs !== undefined, 'needs status or stallMs');

/** The `/_sim` controls (mount under `/_sim`). */
export function controlRoutes(simulation: TelephonySimulation): Router {
  const router = Router();

  router.post('/calls', (req, res) => {
    const body = parseRequest(StartCallSchema, req.body, 'body');
    res.status(201).json({ callId: simulation.startCall(body?.callId) });
  });
  router.get('/calls', (_req, res) => {
    res.json({ calls: simulation.calls() });
  });
  router.delete('/calls/:callId', (req, res) => {
    simulation.endCall(parseRequest(Name, req.params.callId, 'callId'));
    res.status(204).end();
  });

  router.put('/queues/:queue', (req, res) => {
    const queue = parseRequest(Name, req.params.queue, 'queue');
    simulation.setQueue(queue, parseRequest(QueueBehaviourSchema, req.body, 'body'));
    res.json(simulation.queues().find((snapshot) => snapshot.queue === queue));
  });
  router.get('/queues', (_req, res) => {
    res.json({ queues: simulation.queues() });
  });

  router.put('/outbound', (req, res) => {
    const behaviour = parseRequest(OutboundBehaviourSchema, req.body, 'body');
    simulation.setOutbound(behaviour);
    res.json(behaviour);
  });
  router.put('/outbound/:phoneNumber', (req, res) => {
    const phoneNumber = parseRequest(PhoneNumberSchema, req.params.phoneNumber, 'phoneNumber');
    const behaviour = parseRequest(OutboundBehaviourSchema, req.body, 'body');
    simulation.setOutbound(behaviour, phoneNumber);
    res.json(behaviour);
  });

  router.post('/faults', (req, res) => {
    simulation.injectFault(parseRequest(FaultSchema, req.body, 'body'));
    res.status(204).end();
  });

  router.get('/transfers', (_req, res) => {
    res.json({ transfers: simulation.transfers() });
  });

  router.post('/reset', (_req, res) => {
    simulation.reset();
    res.status(204).end();
  });

  return router;
}
