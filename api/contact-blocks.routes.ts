/**
 * REST endpoints of the re-contact block. Thin: validate, call the use case, answer.
 */
import { Router } from 'express';
import { z } from 'zod';
import { freeText } from '../domain/text';
import { CreateBlockBodySchema } from '../domain/contact-block';
import { CustomerId, Topic } from '../domain/identifiers';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import type { ContactBlockUseCases } from './contact-blocks.use-cases';
import { idempotent, type IdempotencyStore } from './idempotency';
import { parseRequest } from './validation';

export const BlockPathSchema = z.strictObject({ customerId: CustomerId, topic: Topic });
export const CustomerPathSchema = z.strictObject({ customerId: CustomerId });
export const LiftBodySchema = z.strictObject({ reason: freeText(1, 500).optional() });

/** The create body with the configured maximum on `months`. */
export function createBlockBodySchema(maxMonths: number) {
  return CreateBlockBodySchema.extend({ months: z.number().int().min(1).max(maxMonths) });
}

export function contactBlockRoutes(useCases: ContactBlockUseCases, keys: IdempotencyStore, { maxMonths }: { maxMonths: number }, audit: Audit): Router {
  const router = Router();
  const bodySchema = createBlockBodySchema(maxMonths);

  // Who may do what: agents and back office record "not interested" and lift blocks when a
  // customer asks; supervisors too; auditors read.
  const writers = allow('agent', 'backoffice', 'supervisor');
  const readers = allow('agent', 'backoffice', 'supervisor', 'auditor');

  router.post('/contact-blocks', writers, idempotent(keys, { required: false }, async (req, key) => {
    const body = parseRequest(bodySchema, req.body, 'body');
    const result = await useCases.block(body, key, currentUser(req).id);
    // Inside the idempotent handler: recorded once per key, not again on a replay.
    await audit.record(req, {
      action: result.created ? 'contact-block.created' : 'contact-block.extended',
      customerId: result.customerId,
      objectType: 'contact-block',
      objectId: result.workflowId,
      detail: { topic: result.topic, months: body.months, endsAt: result.endsAt },
    });
    return { status: result.created ? 201 : 200, body: result };
  }));

  router.get('/customers/:customerId/contact-blocks', readers, async (req, res) => {
    const { customerId } = parseRequest(CustomerPathSchema, req.params, 'path');
    const blocks = await useCases.listActive(customerId);
    await audit.record(req, { action: 'customer.contact-blocks.read', customerId, objectType: 'customer', objectId: customerId, detail: { topics: blocks.map((item) => item.topic) } });
    res.json({
      customerId,
      blocks: blocks.map(({ workflowId, topic, reason, startedAt, endsAt }) => ({ workflowId, topic, reason, startedAt, endsAt })),
    });
  });

  router.get('/contact-blocks/:customerId/:topic', readers, async (req, res) => {
    const { customerId, topic } = parseRequest(BlockPathSchema, req.params, 'path');
    const state = await useCases.state(customerId, topic);
    await audit.record(req, { action: 'contact-block.read', customerId, objectType: 'contact-block', objectId: state.workflowId, detail: { topic, status: state.status } });
    res.json(state);
  });

  router.delete('/contact-blocks/:customerId/:topic', writers, async (req, res) => {
    const { customerId, topic } = parseRequest(BlockPathSchema, req.params, 'path');
    const { reason } = parseRequest(LiftBodySchema, req.body ?? {}, 'body');
    const state = await useCases.lift(customerId, topic, reason, currentUser(req).id);
    await audit.record(req, { action: 'contact-block.lifted', customerId, objectType: 'contact-block', objectId: state.workflowId, detail: { topic, status: state.status } });
    res.json(state);
  });

  return router;
}
