/**
 * The CTI gateway API of `openapi.yaml`, served by the simulator. Thin: check the request, apply
 * an injected fault if one is armed, hand over to the simulation, answer.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { IdempotencyKeySchema, PlaceCallBodySchema, WarmTransferBodySchema } from '../gateway.schemas';
import { parseRequest } from './http-errors';
import type { TelephonySimulation } from './simulation';
import { SimulatorError } from './simulator-error';

const CallPathSchema = z.object({ callId: z.string().min(1).max(200) });

/** The gateway's two operations, mounted at the root like the real gateway's. */
export function gatewayRoutes(simulation: TelephonySimulation): Router {
  const router = Router();

  router.post('/calls/:callId/warm-transfers', injectedFaults(simulation), async (req, res) => {
    const { callId } = parseRequest(CallPathSchema, req.params, 'path');
    const key = parseRequest(IdempotencyKeySchema, req.get('Idempotency-Key'), 'Idempotency-Key');
    const body = parseRequest(WarmTransferBodySchema, req.body, 'body');
    res.json(await simulation.warmTransfer(callId, body, key));
  });

  router.post('/outbound-calls', injectedFaults(simulation), async (req, res) => {
    const key = parseRequest(IdempotencyKeySchema, req.get('Idempotency-Key'), 'Idempotency-Key');
    const body = parseRequest(PlaceCallBodySchema, req.body, 'body');
    res.json(await simulation.placeCall(body, key));
  });

  return router;
}

/** A fault hits before anything is handled, like a failing load balancer: nothing happens. */
function injectedFaults(simulation: TelephonySimulation): RequestHandler {
  return async (_req, _res, next) => {
    const fault = simulation.takeFault();
    if (fault?.stallMs) await simulation.stall(fault.stallMs);
    if (fault?.status) throw new SimulatorError(fault.status, fault.code ?? 'injected-fault', 'injected fault');
    next();
  };
}
