/**
 * REST endpoints of consent capture.
 */
import { Router } from 'express';
import { z } from 'zod';
import { ConsentAnswerSchema, ConsentCheckRequestSchema, ConsentScriptContentSchema, WithdrawalRequestSchema } from '../domain/consent';
import { CustomerId } from '../domain/identifiers';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import { customerOfCheck, type ConsentUseCases } from './consent.use-cases';
import { isSupervisor } from './tasks.use-cases';
import { idempotent, type IdempotencyStore } from './idempotency';
import { parseRequest } from './validation';

export const CheckPathSchema = z.strictObject({ checkId: z.string().regex(/^[A-Za-z0-9-]{1,64}~[A-Za-z0-9-]{1,64}$/, 'is not a consent check id') });
export const CustomerPathSchema = z.strictObject({ customerId: CustomerId });
// Versions are 32-bit integers in the database: a larger number names no version and must be a 400, not a query.
export const ScriptQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1).max(2_147_483_647).optional() });

export function consentRoutes(useCases: ConsentUseCases, keys: IdempotencyStore, audit: Audit): Router {
  const router = Router();

  router.post('/consent-checks', allow('agent'), async (req, res) => {
    const body = parseRequest(ConsentCheckRequestSchema, req.body, 'body');
    const checked = await useCases.check(body, currentUser(req).id);
    await audit.record(req, {
      action: 'consent-check.opened',
      customerId: body.customerId,
      objectType: 'consent-check',
      objectId: checked.checkId,
      detail: {
        contactId: body.contactId,
        channel: body.channel,
        ask: checked.ask,
        ...(checked.ask ? { missingChannels: checked.missingChannels, scriptVersion: checked.scriptVersion } : { code: checked.code }),
      },
    });
    res.json(checked);
  });
  router.get('/consent-checks/:checkId', allow('agent', 'supervisor', 'auditor'), async (req, res) => {
    const { checkId } = parseRequest(CheckPathSchema, req.params, 'path');
    const state = await useCases.state(checkId);
    await audit.record(req, { action: 'consent-check.read', customerId: state.customerId, objectType: 'consent-check', objectId: checkId, detail: { status: state.status } });
    res.json(state);
  });
  router.post('/consent-checks/:checkId/answer', allow('agent', 'supervisor'), async (req, res) => {
    const { checkId } = parseRequest(CheckPathSchema, req.params, 'path');
    const answer = parseRequest(ConsentAnswerSchema, req.body, 'body');
    const user = currentUser(req);
    const answered = await useCases.answer(checkId, answer, user.id, { supervisor: isSupervisor(user) });
    await audit.record(req, {
      action: 'consent-check.answered',
      customerId: customerOfCheck(checkId),
      objectType: 'consent-check',
      objectId: checkId,
      detail: { answer: answer.answer, channels: answered.evidence.map((record) => record.channel), evidenceIds: answered.evidence.map((record) => record.id) },
    });
    res.status(201).json(answered);
  });

  router.post('/customers/:customerId/consents/withdraw', allow('agent', 'backoffice', 'supervisor'), idempotent(keys, { required: false }, async (req, key) => {
    const { customerId } = parseRequest(CustomerPathSchema, req.params, 'path');
    const body = parseRequest(WithdrawalRequestSchema, req.body, 'body');
    const evidence = await useCases.withdraw(customerId, body, currentUser(req).id, key);
    // Inside the idempotent handler: recorded once per key, not again on a replay.
    await audit.record(req, {
      action: 'consent.withdrawn',
      customerId,
      objectType: 'consent',
      objectId: evidence[0]?.workflowId,
      detail: { channels: body.channels, ...(body.contactId ? { contactId: body.contactId } : {}), evidenceIds: evidence.map((record) => record.id) },
    });
    return { status: 201, body: { customerId, evidence } };
  }));
  router.get('/customers/:customerId/consents', allow('auditor', 'agent', 'supervisor'), async (req, res) => {
    const { customerId } = parseRequest(CustomerPathSchema, req.params, 'path');
    const trail = await useCases.trail(customerId);
    await audit.record(req, { action: 'customer.consents.read', customerId, objectType: 'customer', objectId: customerId, detail: { evidence: trail.evidence.length } });
    res.json(trail);
  });

  router.get('/consent-scripts', allow('agent', 'process-owner', 'supervisor', 'auditor'), async (req, res) => {
    const { version } = parseRequest(ScriptQuerySchema, req.query, 'query');
    res.json(await useCases.script(version));
  });
  router.put('/consent-scripts', allow('process-owner'), async (req, res) => {
    const content = parseRequest(ConsentScriptContentSchema, req.body, 'body');
    const script = await useCases.newScriptVersion(content, currentUser(req).id);
    await audit.record(req, { action: 'consent-script.published', objectType: 'consent-script', objectId: String(script.version), detail: { version: script.version } });
    res.status(201).json(script);
  });
  return router;
}
