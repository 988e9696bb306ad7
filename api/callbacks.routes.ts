/**
 * REST endpoints of the callback request to the Direktberatung.
 */
import { Router } from 'express';
import { z } from 'zod';
import { CallbackRequestSchema } from '../domain/callback';
import { allow, currentUser } from './auth';
import type { CallbackUseCases } from './callbacks.use-cases';
import { parseRequest } from './validation';

const RequiredIdempotencyKey = z.string({ error: 'is required' }).regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 printable ASCII characters');
const CallbackPathSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/, 'is not a callback id') });
const CancelBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

export function callbackRoutes(useCases: CallbackUseCases): Router {
  const router = Router();
  router.post('/callbacks', allow('agent'), async (req, res) => {
    const body = parseRequest(CallbackRequestSchema, req.body, 'body');
    const key = parseRequest(RequiredIdempotencyKey, req.get('Idempotency-Key'), 'Idempotency-Key');
    const started = await useCases.start(body, currentUser(req).id, key);
    res.status(201).location(`/api/v1/callbacks/${started.callbackId}`).json(started);
  });
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
