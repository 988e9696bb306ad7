/**
 * REST endpoints of the callback request to the Direktberatung.
 */
import { Router } from 'express';
import { z } from 'zod';
import { freeText } from '../domain/text';
import { CallbackRequestSchema } from '../domain/callback';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import type { CallbackUseCases } from './callbacks.use-cases';
import { isSupervisor } from './tasks.use-cases';
import { idempotent, type IdempotencyStore } from './idempotency';
import { parseRequest } from './validation';

export const CallbackPathSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/, 'is not a callback id') });
export const CancelBodySchema = z.strictObject({ reason: freeText(1, 500).optional() });

export function callbackRoutes(useCases: CallbackUseCases, keys: IdempotencyStore, audit: Audit): Router {
  const router = Router();
  router.post('/callbacks', allow('agent'), idempotent(keys, { required: true }, async (req, key) => {
    const body = parseRequest(CallbackRequestSchema, req.body, 'body');
    const started = await useCases.start(body, currentUser(req).id, key!);
    // Inside the idempotent handler: recorded once per key, not again on a replay.
    await audit.record(req, {
      action: 'callback.started',
      customerId: started.customerId,
      objectType: 'callback',
      objectId: started.callbackId,
      detail: { topic: started.topic, asap: 'asap' in body.preferredTime, warmTransfer: body.callId !== undefined, ...(body.campaignId ? { campaignId: body.campaignId } : {}) },
    });
    return { status: 201, location: `/api/v1/callbacks/${started.callbackId}`, body: started };
  }));
  router.get('/callbacks/:id', allow('agent', 'backoffice', 'supervisor', 'auditor'), async (req, res) => {
    const { id } = parseRequest(CallbackPathSchema, req.params, 'path');
    const state = await useCases.state(id);
    await audit.record(req, { action: 'callback.read', customerId: state.customerId, objectType: 'callback', objectId: id, detail: { topic: state.topic, status: state.status } });
    res.json(state);
  });
  router.post('/callbacks/:id/cancel', allow('agent', 'backoffice', 'supervisor'), async (req, res) => {
    const { id } = parseRequest(CallbackPathSchema, req.params, 'path');
    const { reason } = parseRequest(CancelBodySchema, req.body ?? {}, 'body');
    const user = currentUser(req);
    const state = await useCases.cancel(id, user.id, reason, { supervisor: isSupervisor(user) });
    await audit.record(req, { action: 'callback.cancelled', customerId: state.customerId, objectType: 'callback', objectId: id, detail: { topic: state.topic, status: state.status } });
    res.json(state);
  });
  return router;
}
