/**
 * REST endpoints of consent capture.
 */
import { Router } from 'express';
import { z } from 'zod';
import { ConsentAnswerSchema, ConsentCheckRequestSchema, ConsentScriptContentSchema, WithdrawalRequestSchema } from '../domain/consent';
import { CustomerId } from '../domain/identifiers';
import { allow, currentUser } from './auth';
import type { ConsentUseCases } from './consent.use-cases';
import { idempotent, type IdempotencyStore } from './idempotency';
import { parseRequest } from './validation';

const CheckPathSchema = z.strictObject({ checkId: z.string().regex(/^[A-Za-z0-9-]{1,64}~[A-Za-z0-9-]{1,64}$/, 'is not a consent check id') });
const CustomerPathSchema = z.strictObject({ customerId: CustomerId });
const ScriptQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

export function consentRoutes(useCases: ConsentUseCases, keys: IdempotencyStore): Router {
  const router = Router();

  router.post('/consent-checks', allow('agent'), async (req, res) => {
    const body = parseRequest(ConsentCheckRequestSchema, req.body, 'body');
    res.json(await useCases.check(body, currentUser(req).id));
  });
  router.get('/consent-checks/:checkId', allow('agent', 'supervisor', 'auditor'), async (req, res) => {
    const { checkId } = parseRequest(CheckPathSchema, req.params, 'path');
    res.json(await useCases.state(checkId));
  });
  router.post('/consent-checks/:checkId/answer', allow('agent'), async (req, res) => {
    const { checkId } = parseRequest(CheckPathSchema, req.params, 'path');
    const answer = parseRequest(ConsentAnswerSchema, req.body, 'body');
    res.status(201).json(await useCases.answer(checkId, answer, currentUser(req).id));
  });

  router.post('/customers/:customerId/consents/withdraw', allow('agent', 'backoffice', 'supervisor'), idempotent(keys, { required: false }, async (req, key) => {
    const { customerId } = parseRequest(CustomerPathSchema, req.params, 'path');
    const body = parseRequest(WithdrawalRequestSchema, req.body, 'body');
    return { status: 201, body: { customerId, evidence: await useCases.withdraw(customerId, body, currentUser(req).id, key) } };
  }));
  router.get('/customers/:customerId/consents', allow('auditor', 'agent', 'supervisor'), async (req, res) => {
    const { customerId } = parseRequest(CustomerPathSchema, req.params, 'path');
    res.json(await useCases.trail(customerId));
  });

  router.get('/consent-scripts', allow('agent', 'process-owner', 'supervisor', 'auditor'), async (req, res) => {
    const { version } = parseRequest(ScriptQuerySchema, req.query, 'query');
    res.json(await useCases.script(version));
  });
  router.put('/consent-scripts', allow('process-owner'), async (req, res) => {
    const content = parseRequest(ConsentScriptContentSchema, req.body, 'body');
    res.status(201).json(await useCases.newScriptVersion(content, currentUser(req).id));
  });
  return router;
}
