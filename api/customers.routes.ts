/**
 * REST endpoint of the customer summary: whom the agent speaks to. Thin: validate, call the use
 * case, record the read, answer.
 */
import { Router } from 'express';
import { z } from 'zod';
import { CustomerId } from '../domain/identifiers';
import type { Audit } from './audit';
import { allow } from './auth';
import type { CustomerUseCases } from './customers.use-cases';
import { parseRequest } from './validation';

/** The path of the endpoint. */
export const CustomerSummaryPathSchema = z.strictObject({ customerId: CustomerId });

/**
 * `GET /customers/:customerId` for everyone who works with customers or checks the work. A read
 * of a customer's data by a person, so it is recorded (`customer.read`).
 */
export function customerRoutes(useCases: CustomerUseCases, audit: Audit): Router {
  const router = Router();
  router.get('/customers/:customerId', allow('agent', 'backoffice', 'supervisor', 'auditor'), async (req, res) => {
    const { customerId } = parseRequest(CustomerSummaryPathSchema, req.params, 'path');
    const summary = await useCases.summary(customerId);
    await audit.record(req, {
      action: 'customer.read',
      customerId,
      objectType: 'customer',
      objectId: customerId,
      detail: { products: summary.products.length, consentChannels: summary.coreBankingConsents.map((consent) => consent.channel) },
    });
    res.json(summary);
  });
  return router;
}
