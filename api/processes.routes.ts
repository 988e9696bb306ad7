/**
 * The process view: `GET /processes/{workflowId}` and `GET /customers/{id}/processes`.
 */
import { Router } from 'express';
import { z } from 'zod';
import { CustomerId } from '../domain/identifiers';
import type { Audit } from './audit';
import { allow } from './auth';
import type { ProcessUseCases } from './processes.use-cases';
import { parseRequest } from './validation';

/** Workflow ids of this system: letters, digits and `: ~ . _ @ -` (no slash, no blank), up to 300. */
export const ProcessPathSchema = z.strictObject({
  workflowId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9:~._@-]{0,299}$/, 'must be 1 to 300 letters, digits or : ~ . _ @ - (a workflow id)'),
});
export const CustomerProcessesPathSchema = z.strictObject({ customerId: CustomerId });

/** The roles that see processes: everyone who works with them, and the auditors. */
export const PROCESS_READERS = ['agent', 'backoffice', 'supervisor', 'auditor'] as const;

export function processRoutes(useCases: ProcessUseCases, audit: Audit): Router {
  const router = Router();
  const readers = allow(...PROCESS_READERS);
  router.get('/processes/:workflowId', readers, async (req, res) => {
    const { workflowId } = parseRequest(ProcessPathSchema, req.params, 'path');
    const view = await useCases.get(workflowId);
    // Its tasks name the customer (the workflow id carries only a pseudonym, or nothing).
    const customerId = view.tasks.map((task) => task.context.customerId).find((id): id is string => typeof id === 'string');
    await audit.record(req, { action: 'process.read', customerId, objectType: 'process', objectId: workflowId, detail: { type: view.type, status: view.status, tasks: view.tasks.length } });
    res.json(view);
  });
  router.get('/customers/:customerId/processes', readers, async (req, res) => {
    const { customerId } = parseRequest(CustomerProcessesPathSchema, req.params, 'path');
    const processes = await useCases.ofCustomer(customerId);
    await audit.record(req, { action: 'customer.processes.read', customerId, objectType: 'customer', objectId: customerId, detail: { processes: processes.length } });
    res.json({ customerId, processes });
  });
  return router;
}
