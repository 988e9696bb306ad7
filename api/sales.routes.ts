/**
 * REST endpoints of sales made elsewhere: recording one starts its after-sales care call.
 */
import { Router } from 'express';
import { z } from 'zod';
import { SaleRequestSchema } from '../domain/care-call';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import { idempotent, type IdempotencyStore } from './idempotency';
import type { SalesUseCases } from './sales.use-cases';
import { parseRequest } from './validation';

/** `{customerId}~{saleKey}`; the API's sale keys are 24 hex digits, the appointment process's its own. */
export const SalePathSchema = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}~[A-Za-z0-9._-]{1,100}$/, 'is not a sale id') });

export function salesRoutes(useCases: SalesUseCases, keys: IdempotencyStore, audit: Audit): Router {
  const router = Router();
  router.post('/sales', allow('agent'), idempotent(keys, { required: true }, async (req, key) => {
    const body = parseRequest(SaleRequestSchema, req.body, 'body');
    const recorded = await useCases.record(body, currentUser(req).id, key!);
    // Inside the idempotent handler: recorded once per key, not again on a replay.
    await audit.record(req, {
      action: 'care-call.started',
      customerId: body.customerId,
      objectType: 'care-call',
      objectId: recorded.saleId,
      detail: { product: body.product, channel: body.channel, decideAt: recorded.decideAt },
    });
    return { status: 201, location: `/api/v1/sales/${encodeURIComponent(recorded.saleId)}`, body: recorded };
  }));
  router.get('/sales/:id', allow('agent', 'backoffice', 'supervisor', 'auditor'), async (req, res) => {
    const { id } = parseRequest(SalePathSchema, req.params, 'path');
    const state = await useCases.state(id);
    await audit.record(req, { action: 'care-call.read', customerId: state.customerId, objectType: 'care-call', objectId: id, detail: { product: state.product, status: state.status } });
    res.json(state);
  });
  return router;
}
