/**
 * REST endpoints of refinement during a contact (issue 11, section 2): the agent records the
 * service request and gets the offer (or none, with every campaign's reasons), then records the
 * customer's answer; auditors and supervisors read the decision with its snapshot.
 */
import { Router } from 'express';
import { z } from 'zod';
import { SERVICE_PROCESSES } from '../domain/campaign';
import { CustomerId } from '../domain/identifiers';
import { ServiceRequestBodySchema, ServiceRequestOutcomeSchema } from '../domain/service-request';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import { idempotent, type IdempotencyStore } from './idempotency';
import { OfferSlotTakenError, type ServiceRequestUseCases } from './service-requests.use-cases';
import { parseRequest } from './validation';

export const ServiceRequestPathSchema = z.strictObject({ id: z.string().regex(/^sr-[0-9a-f]{24}$/, 'is not a service request id') });
const CustomerPathSchema = z.strictObject({ customerId: CustomerId });

export function serviceRequestRoutes(useCases: ServiceRequestUseCases, keys: IdempotencyStore, audit: Audit): Router {
  const router = Router();
  router.get('/service-processes', allow('agent', 'supervisor', 'process-owner', 'auditor'), (_req, res) => {
    res.json({ processes: Object.entries(SERVICE_PROCESSES).map(([process, title]) => ({ process, title })) });
  });
  router.post('/service-requests', allow('agent'), idempotent(keys, { required: true }, async (req, key) => {
    const body = parseRequest(ServiceRequestBodySchema, req.body, 'body');
    const view = await useCases.record(body, currentUser(req).id, key!);
    await audit.record(req, {
      action: 'service-request.recorded',
      customerId: view.customerId,
      objectType: 'service-request',
      objectId: view.id,
      detail: { process: view.process, channel: view.channel, offeredCampaign: view.offer?.campaignId ?? null, offeredVersion: view.offer?.version ?? null },
    });
    return { status: 201, location: `/api/v1/service-requests/${view.id}`, body: view };
  }));
  router.get('/service-requests/:id', allow('agent', 'supervisor', 'auditor'), async (req, res) => {
    const { id } = parseRequest(ServiceRequestPathSchema, req.params, 'path');
    const view = await useCases.get(id);
    await audit.record(req, { action: 'service-request.read', customerId: view.customerId, objectType: 'service-request', objectId: id, detail: { snapshot: false } });
    res.json(view);
  });
  router.get('/service-requests/:id/snapshot', allow('supervisor', 'auditor'), async (req, res) => {
    const { id } = parseRequest(ServiceRequestPathSchema, req.params, 'path');
    const record = await useCases.snapshot(id);
    await audit.record(req, { action: 'service-request.read', customerId: record.customerId, objectType: 'service-request', objectId: id, detail: { snapshot: true } });
    res.json(record);
  });
  router.post('/service-requests/:id/outcome', allow('agent'), idempotent(keys, { required: true }, async (req) => {
    const { id } = parseRequest(ServiceRequestPathSchema, req.params, 'path');
    const body = parseRequest(ServiceRequestOutcomeSchema, req.body, 'body');
    try {
      const view = await useCases.recordOutcome(id, body, currentUser(req).id);
      await audit.record(req, {
        action: 'service-request.outcome-recorded',
        customerId: view.customerId,
        objectType: 'service-request',
        objectId: id,
        detail: { outcome: body.outcome, campaign: view.offer?.campaignId ?? null, followUp: view.outcome?.followUp?.kind ?? null },
      });
      return { status: 200, body: view };
    } catch (error) {
      if (error instanceof OfferSlotTakenError) return { status: 409, body: { error: error.message, slots: error.slots } };
      throw error;
    }
  }));
  router.get('/customers/:customerId/service-requests', allow('agent', 'supervisor', 'auditor'), async (req, res) => {
    const { customerId } = parseRequest(CustomerPathSchema, req.params, 'path');
    const requests = await useCases.ofCustomer(customerId);
    await audit.record(req, { action: 'customer.service-requests.read', customerId, objectType: 'customer', objectId: customerId, detail: { count: requests.length } });
    res.json({ serviceRequests: requests });
  });
  return router;
}
