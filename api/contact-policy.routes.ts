/**
 * REST endpoint of the contact policy: may the bank contact this customer, for this purpose, on
 * this channel, now, and if not, why and from when. Thin: validate, call the use case, answer.
 */
import { Router } from 'express';
import { z } from 'zod';
import { CustomerId, Topic } from '../domain/identifiers';
import type { Audit } from './audit';
import { allow } from './auth';
import type { ContactPolicyUseCases } from './contact-policy.use-cases';
import { parseRequest } from './validation';

/** The path of the endpoint. */
export const ContactPolicyPathSchema = z.strictObject({ customerId: CustomerId });

/**
 * The contact to decide on, as query parameters. Unknown parameters are rejected: a misspelt
 * `chanel=email` must not silently be decided as something else.
 */
export const ContactPolicyQuerySchema = z.strictObject({
  purpose: z.enum(['service', 'advertising', 'care']),
  channel: z.enum(['phone', 'email', 'letter', 'messenger']),
  topic: Topic,
  /** Most checks are for outbound contacts; an inbound one says so. */
  initiatedBy: z.enum(['customer', 'bank']).default('bank'),
  campaignId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase key').optional(),
});

/**
 * `GET /customers/:customerId/contact-policy?purpose=&channel=&topic=[&initiatedBy=][&campaignId=]`
 * for everyone who works with customers or checks the work (not process owners: they define
 * campaigns and need no single customer's facts).
 */
export function contactPolicyRoutes(useCases: ContactPolicyUseCases, audit: Audit): Router {
  const router = Router();
  router.get('/customers/:customerId/contact-policy', allow('agent', 'backoffice', 'supervisor', 'auditor'), async (req, res) => {
    const { customerId } = parseRequest(ContactPolicyPathSchema, req.params, 'path');
    const contact = parseRequest(ContactPolicyQuerySchema, req.query, 'query');
    const view = await useCases.decide(customerId, contact);
    await audit.record(req, {
      action: 'customer.contact-policy.read',
      customerId,
      objectType: 'customer',
      objectId: customerId,
      detail: {
        purpose: contact.purpose,
        channel: contact.channel,
        topic: contact.topic,
        ...(contact.campaignId ? { campaignId: contact.campaignId } : {}),
        allowed: view.decision.allowed,
        reasons: view.decision.reasons.map((reason) => reason.code),
      },
    });
    res.json(view);
  });
  return router;
}
