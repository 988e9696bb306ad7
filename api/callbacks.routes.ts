/**
 * REST endpoints of the callback request to the Direktberatung.
 */
import { Router } from 'express';
import { z } from 'zod';
import { CallbackRequestSchema } from '../domain/callback';
import { allow, currentUser } from './auth';
import type { CallbackUseCases } from './callbacks.use-cases';
import { idempotent, type IdempotencyStore } from './idempotency';
import { parseRequest } from './validation';

const CallbackPathSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/, 'is not a callback id') });
const CancelBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

export function callbackRoutes(useCases: CallbackUseCases, keys: IdempotencyStore): Router {
  const router = Router();
  router.post('/callbacks', allow('agent'), idempotent(keys, { required: true }, async (req, key) => {
    const body = parseRequest(CallbackRequestSchema, req.body, 'body');
    const started = await useCases.start(body, currentUser(req).id, key!);
    return { status: 201, location: `/api/v1/callbacks/${started.callbackId}`, body: started };
  }));
  router.get('/callbacks/:id', allow('agent', 'backoffice', 'supervisor', 'auditor'), async (req, res) => {
    const { id } = parseRequest(CallbackPathSchema, req.params, 'path');
    res.json(await useCases.state(id));
  });
  router.post('/callbacks/:id/cancel', allow('agent', 'backoffice', 'supervisor'), async (req, res) => {
    const { id } = parseRequest(CallbackPathSchema, req.params, 'path');
    const { reason } = parseRequest(CancelBodySchema, req.body ?? {}, 'body');
    res.json(await useCases.cancel(id, currentUser(req).id, reason));
  });
  return router;
}
