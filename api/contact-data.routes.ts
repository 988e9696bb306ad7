/**
 * REST endpoint of the customer data update (email address, mobile number) during a contact.
 */
import { Router } from 'express';
import { z } from 'zod';
import { ContactDataUpdateSchema } from '../domain/contact-data';
import { CustomerId } from '../domain/identifiers';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import type { ContactDataUseCases } from './contact-data.use-cases';
import { idempotent, type IdempotencyStore } from './idempotency';
import { parseRequest } from './validation';

export const ContactDataPathSchema = z.strictObject({ customerId: CustomerId });

/**
 * `POST /customers/:customerId/contact-data` (agent, backoffice, supervisor; Idempotency-Key
 * required): 202 once the write-through is started. The audit entry names the fields, not values.
 */
export function contactDataRoutes(useCases: ContactDataUseCases, keys: IdempotencyStore, audit: Audit): Router {
  const router = Router();
  router.post('/customers/:customerId/contact-data', allow('agent', 'backoffice', 'supervisor'), idempotent(keys, { required: true }, async (req, key) => {
    const { customerId } = parseRequest(ContactDataPathSchema, req.params, 'path');
    const body = parseRequest(ContactDataUpdateSchema, req.body, 'body');
    const accepted = await useCases.update(customerId, body, currentUser(req).id, key!);
    // Inside the idempotent handler: recorded once per key, not again on a replay.
    await audit.record(req, {
      action: 'customer.contact-data.updated',
      customerId,
      objectType: 'customer',
      objectId: customerId,
      detail: { fields: accepted.fields, contactId: body.contactId, updateId: accepted.updateId },
    });
    return { status: 202, body: accepted };
  }));
  return router;
}
